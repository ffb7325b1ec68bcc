import http from 'node:http';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type BridgeStub, redirect, startBridgeStub } from '../support/bridge-stub';

interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** A bare node:http call, so the stub is checked without the push client it is meant to test. */
function call(url: string, method = 'GET', body?: string): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          headers: res.headers,
          body: Buffer.concat(chunks).toString(),
        }),
      );
      res.on('error', reject);
    });
    req.on('error', reject);
    if (body !== undefined) req.setHeader('content-type', 'application/json');
    req.end(body);
  });
}

const post = (stub: BridgeStub, body: unknown) => call(`${stub.url}/config`, 'POST', JSON.stringify(body));

let stub: BridgeStub;
beforeEach(async () => {
  stub = await startBridgeStub();
});
afterEach(async () => {
  await stub.close();
});

describe('bridge stub', () => {
  it('listens on 127.0.0.1 and answers POST /config and GET /health with 200 {"status":"ok"}', async () => {
    expect(stub.url).toBe(`http://127.0.0.1:${stub.port}`);
    const answer = await post(stub, { revision: 1 });
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.body)).toEqual({ status: 'ok' });
    expect((await call(`${stub.url}/health`)).status).toBe(200);
    expect((await call(`${stub.url}/nowhere`)).status).toBe(404);
  });

  it('records every request with method, path, headers, parsed body and time', async () => {
    const before = Date.now();
    await post(stub, { revision: 4, config_hash: 'h' });
    await call(`${stub.url}/health?probe=1`);
    const [first, second] = stub.requests;
    expect(first).toMatchObject({
      method: 'POST',
      path: '/config',
      route: 'POST /config',
      body: { revision: 4, config_hash: 'h' },
    });
    expect(first?.headers['content-type']).toBe('application/json');
    expect(first?.receivedAt).toBeGreaterThanOrEqual(before);
    expect(second).toMatchObject({ route: 'GET /health', rawPath: '/health?probe=1', body: undefined });
    expect(stub.requestsTo()).toHaveLength(1);
  });

  it('tells listeners about each request as it is recorded', async () => {
    const seen: string[] = [];
    const off = stub.onRequest((r) => seen.push(r.route));
    await call(`${stub.url}/health`);
    off();
    await call(`${stub.url}/health`);
    expect(seen).toEqual(['GET /health']);
  });

  it('keeps a non-JSON body as raw text', async () => {
    await call(`${stub.url}/config`, 'POST', 'not json');
    expect(stub.requests[0]?.body).toBe('not json');
  });

  it('plays a script in order, then the default, per route', async () => {
    stub
      .script({ status: 503 }, { status: 500, body: 'boom' })
      .setDefault({ status: 201, body: { took: true } });
    stub.route('GET /health').script({ status: 502 });
    expect((await post(stub, {})).status).toBe(503);
    const second = await post(stub, {});
    expect([second.status, second.body, second.headers['content-type']]).toEqual([
      500,
      'boom',
      'text/plain; charset=utf-8',
    ]);
    expect((await post(stub, {})).status).toBe(201);
    expect((await post(stub, {})).status).toBe(201);
    expect((await call(`${stub.url}/health`)).status).toBe(502);
    expect((await call(`${stub.url}/health`)).status).toBe(200);
  });

  it('answers a redirect without following anything itself', async () => {
    stub.script(redirect('https://elsewhere/config', 308));
    const answer = await post(stub, {});
    expect(answer.status).toBe(308);
    expect(answer.headers.location).toBe('https://elsewhere/config');
  });

  it('holds an answer until a promise settles (waitFor) and counts requests in flight', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    stub.script({ status: 200, waitFor: gate });
    const pending = post(stub, {});
    await stub.waitForRequests(1);
    const second = post(stub, {});
    await stub.waitForRequests(2);
    // The second answered while the first is still held.
    expect((await second).status).toBe(200);
    expect(stub.maxInFlight('POST /config')).toBe(2);
    release();
    expect((await pending).status).toBe(200);
  });

  it('cuts the connection mid-response (reset) or before answering (drop)', async () => {
    stub.script('reset', 'drop');
    await expect(post(stub, {})).rejects.toThrow();
    await expect(post(stub, {})).rejects.toThrow(/socket hang up|ECONNRESET/);
    expect(stub.requests).toHaveLength(2);
  });

  it('refuses connections while down and comes back on the same port', async () => {
    const port = stub.port;
    await stub.down();
    expect(stub.isUp).toBe(false);
    await expect(post(stub, {})).rejects.toMatchObject({ code: 'ECONNREFUSED' });
    await stub.up();
    expect(stub.port).toBe(port);
    expect((await post(stub, {})).status).toBe(200);
  });

  it('closes promptly even with a hanging request open', async () => {
    stub.setDefault('hang');
    const hanging = post(stub, {});
    await stub.waitForRequests(1);
    await stub.close();
    await expect(hanging).rejects.toThrow();
  });

  it('waitForRequests rejects after its timeout, naming what did arrive', async () => {
    await call(`${stub.url}/health`);
    await expect(stub.waitForRequests(1, { route: 'POST /config', timeoutMs: 30 })).rejects.toThrow(
      /1 POST \/config.*got: GET \/health/,
    );
  });

  describe('GET /config (drift checks)', () => {
    it('is 404 by default, like a bridge without drift support', async () => {
      expect((await call(`${stub.url}/config`)).status).toBe(404);
    });

    it('serves the hash of the last config it accepted (2xx only)', async () => {
      stub.serveConfig('accepted');
      expect(JSON.parse((await call(`${stub.url}/config`)).body)).toEqual({
        config_hash: null,
        revision: null,
      });
      await post(stub, { revision: 1, config_hash: 'one' });
      stub.script({ status: 500 });
      await post(stub, { revision: 2, config_hash: 'two' });
      expect(stub.lastAccepted).toEqual({ revision: 1, config_hash: 'one' });
      expect(JSON.parse((await call(`${stub.url}/config`)).body)).toEqual({
        config_hash: 'one',
        revision: 1,
      });
    });

    it('serves a given hash, and a script on the route wins over the mode', async () => {
      stub.serveConfig({ hash: 'foreign' });
      stub.route('GET /config').script({ status: 405 });
      expect((await call(`${stub.url}/config`)).status).toBe(405);
      expect(JSON.parse((await call(`${stub.url}/config`)).body)).toEqual({ config_hash: 'foreign' });
    });
  });

  it('lives under a path prefix and answers 404 outside it', async () => {
    const prefixed = await startBridgeStub({ prefix: 'b/' });
    try {
      expect(prefixed.url).toBe(`${prefixed.origin}/b`);
      expect((await post(prefixed, {})).status).toBe(200);
      expect((await call(`${prefixed.origin}/config`, 'POST', '{}')).status).toBe(404);
      expect(prefixed.requests.map((r) => [r.route, r.rawPath])).toEqual([
        ['POST /config', '/b/config'],
        ['POST /config (outside /b)', '/config'],
      ]);
    } finally {
      await prefixed.close();
    }
  });
});
