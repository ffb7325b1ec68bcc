// @vitest-environment node
import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createHttpClient, type HttpWorkshopClient } from '../../src-renderer/src/api/http-client';
import { takeWebToken } from '../../src-renderer/src/api/web-token';

/** A loopback stand-in for the web host: records requests, answers by a handler, holds SSE streams open. */
async function startHost(handle: (req: IncomingMessage, res: ServerResponse, body: string) => void) {
  const requests: Array<{ method: string; url: string; auth: string | undefined; body: string }> = [];
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => {
      body += c;
    });
    req.on('end', () => {
      requests.push({ method: req.method!, url: req.url!, auth: req.headers.authorization, body });
      handle(req, res, body);
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { base, requests, server };
}

const servers: Server[] = [];
const clients: HttpWorkshopClient[] = [];
afterEach(async () => {
  for (const c of clients.splice(0)) c.close();
  for (const s of servers.splice(0)) {
    s.closeAllConnections();
    await new Promise((r) => s.close(r));
  }
});

function client(base: string) {
  const c = createHttpClient({ baseUrl: base, token: 'tok-1', reconnectDelaysMs: [20], warn: () => {} });
  clients.push(c);
  return c;
}

describe('HTTP client', () => {
  it('POSTs the input as JSON with the bearer token and returns the Result', async () => {
    const host = await startHost((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ ok: true, value: { id: 7 } }));
    });
    servers.push(host.server);
    const result = await client(host.base).invoke('devices.delete', { id: 7 });
    expect(result).toEqual({ ok: true, value: { id: 7 } });
    expect(host.requests).toEqual([
      { method: 'POST', url: '/api/devices.delete', auth: 'Bearer tok-1', body: '{"id":7}' },
    ]);
    await client(host.base).invoke('devices.list', undefined);
    expect(host.requests[1]!.body).toBe('null');
  });

  it('passes a 4xx Result through, and turns a bare 401, a non-JSON answer or a dead host into error Results', async () => {
    let answer: [number, string] = [
      400,
      JSON.stringify({ ok: false, error: { code: 'invalid_input', message: 'bad' } }),
    ];
    const host = await startHost((_req, res) => {
      res.writeHead(answer[0]);
      res.end(answer[1]);
    });
    servers.push(host.server);
    const c = client(host.base);
    expect(await c.invoke('sync.status', null)).toEqual({
      ok: false,
      error: { code: 'invalid_input', message: 'bad' },
    });
    answer = [401, 'no'];
    const unauthorized = await c.invoke('sync.status', null);
    expect(unauthorized).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
    answer = [502, '<html>bad gateway</html>'];
    expect(await c.invoke('sync.status', null)).toMatchObject({
      ok: false,
      error: { code: 'unavailable', message: expect.stringContaining('HTTP 502') },
    });
    const dead = client('http://127.0.0.1:1');
    expect(await dead.invoke('sync.status', null)).toMatchObject({
      ok: false,
      error: { code: 'unavailable', message: expect.stringContaining('could not reach') },
    });
  });

  it('reads events from the SSE stream, reconnects when it drops, and refetches the state', async () => {
    const streams: ServerResponse[] = [];
    const host = await startHost((req, res) => {
      if (req.url === '/api/events') {
        res.writeHead(200, { 'content-type': 'text/event-stream' });
        res.write(': hello\n\n');
        streams.push(res);
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ ok: true, value: { state: 'in_sync', desiredRevision: 9 } }));
    });
    servers.push(host.server);
    const c = client(host.base);
    const statuses: unknown[] = [];
    const changes: unknown[] = [];
    c.on('sync.status', (s) => statuses.push(s));
    c.on('devices.changed', (d) => changes.push(d));
    await expect.poll(() => streams.length).toBe(1);
    expect(host.requests[0]!.auth).toBe('Bearer tok-1');

    streams[0]!.write('event: devices.changed\ndata: {"at":"2026-11-29T10:00:00.000Z"}\n\n');
    streams[0]!.write('event: sync.status\ndata: {"state":"pen');
    streams[0]!.write('ding","desiredRevision":8}\n\n');
    await expect.poll(() => statuses).toEqual([{ state: 'pending', desiredRevision: 8 }]);
    expect(changes).toEqual([{ at: '2026-11-29T10:00:00.000Z' }]);

    streams[0]!.destroy();
    await expect.poll(() => streams.length).toBe(2);
    await expect.poll(() => statuses.length).toBe(2);
    expect(statuses[1]).toEqual({ state: 'in_sync', desiredRevision: 9 });
    expect(changes).toHaveLength(2);
    expect(host.requests.filter((r) => r.url === '/api/sync.status')).toHaveLength(1);
  });
});

describe('web token', () => {
  function page(hash: string, stored: string | null = null) {
    const storage = new Map<string, string>(stored ? [['workshop-manager.token', stored]] : []);
    const replaced: string[] = [];
    return {
      replaced,
      storage,
      page: {
        location: { hash, pathname: '/', search: '' },
        history: {
          state: null,
          replaceState: (_s: unknown, _t: string, url?: string | URL | null) =>
            void replaced.push(String(url)),
        },
        sessionStorage: {
          getItem: (k: string) => storage.get(k) ?? null,
          setItem: (k: string, v: string) => void storage.set(k, v),
        },
      },
    };
  }

  it('takes the token from the fragment, keeps it for reloads and removes it from the address', () => {
    const p = page('#token=abc123');
    expect(takeWebToken(p.page)).toBe('abc123');
    expect(p.storage.get('workshop-manager.token')).toBe('abc123');
    expect(p.replaced).toEqual(['/']);
  });

  it('uses the kept token after a reload, and reports none when there is none', () => {
    expect(takeWebToken(page('', 'kept').page)).toBe('kept');
    expect(takeWebToken(page('').page)).toBeNull();
  });
});
