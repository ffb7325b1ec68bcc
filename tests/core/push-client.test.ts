import axios from 'axios';
import axiosRetry from 'axios-retry';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { joinBridgeUrl } from '../../src-main/core/bridge-http';
import { extractBridgeMessage } from '../../src-main/core/bridge-message';
import { fetchBridgeConfigHash, testBridge } from '../../src-main/core/bridge-probe';
import type { Clock, Logger } from '../../src-main/core/ports';
import { createPushClient, PRODUCTION_PUSH_POLICY, retryDelayMs } from '../../src-main/core/push-client';
import type { PushPolicy } from '../../src-main/core/workshop-core-types';
import type { BridgeConfig } from '../../src-shared';
import { type BridgeStub, redirect, startBridgeStub } from '../support/bridge-stub';

// The production policy in milliseconds: same shape (3 retries, growing delays), small enough for a fast suite.
const FAST: PushPolicy = { retries: 3, delaysMs: [10, 20, 40], timeoutMs: 200 };

function makeConfig(revision = 12, hash = 'a'.repeat(64)): BridgeConfig {
  return {
    version: '1.0',
    timestamp: '2026-11-29T10:00:00.000Z',
    revision,
    config_hash: hash,
    devices: [
      {
        device_id: 'laser-1',
        name: 'Laser cutter',
        mqtt_topic: 'shellies/laser/status/pm1:0',
        parser_type: 'shelly_pm',
        session_config: {
          strategy: 'power_threshold',
          standby_threshold_w: 5,
          working_threshold_w: 50,
          start_debounce_s: 3,
          stop_debounce_s: 15,
          message_timeout_s: 30,
        },
      },
    ],
  } as BridgeConfig;
}

function recordingLogger() {
  const lines: string[] = [];
  const logger: Logger = {
    info: (m) => lines.push(`info ${m}`),
    warn: (m) => lines.push(`warn ${m}`),
    error: (m) => lines.push(`error ${m}`),
  };
  return { lines, logger };
}

/** A clock that moves only when told: durationMs is then exact, whatever the machine's speed. */
function steppingClock(stepMs: number): Clock {
  let now = 1_000_000;
  return {
    now: () => {
      const t = now;
      now += stepMs;
      return t;
    },
    setTimeout: (fn, ms) => setTimeout(fn, ms),
    clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
  };
}

let bridge: BridgeStub;
beforeEach(async () => {
  bridge = await startBridgeStub();
});
afterEach(async () => {
  await bridge.close();
});

const client = (policy: Partial<PushPolicy> = FAST, logger?: Logger) => createPushClient({ policy, logger });

describe('push: retries and outcomes against a real bridge', () => {
  it('retries a 503 twice, then succeeds: exactly 3 POSTs (axios-retry alone would not retry a POST)', async () => {
    bridge.script({ status: 503 }, { status: 503 }, { status: 200, body: { status: 'ok' } });
    const outcome = await client().push({ bridgeUrl: bridge.url, config: makeConfig() });
    expect(outcome).toMatchObject({
      ok: true,
      status: 200,
      attempts: 3,
      revision: 12,
      configHash: 'a'.repeat(64),
    });
    const posts = bridge.requestsTo('POST /config');
    expect(posts).toHaveLength(3);
    expect(bridge.requests.every((r) => r.method === 'POST')).toBe(true);
  });

  it('gives up after 4 attempts of 500: exactly 4 POSTs, server_error with the status', async () => {
    bridge.setDefault({ status: 500, body: { detail: 'database is locked' } });
    const outcome = await client().push({ bridgeUrl: bridge.url, config: makeConfig() });
    expect(outcome).toMatchObject({
      ok: false,
      kind: 'server_error',
      status: 500,
      attempts: 4,
      message: 'database is locked',
    });
    expect(bridge.requests).toHaveLength(4);
  });

  it.each([
    ['400 with a string detail', 400, { detail: 'unknown parser_type "foo"' }, 'unknown parser_type "foo"'],
    [
      '422 with a FastAPI validation list',
      422,
      {
        detail: [
          { loc: ['body', 'devices', 0, 'name'], msg: 'Field required', type: 'missing' },
          { loc: ['body', 'revision'], msg: 'Input should be a valid integer', type: 'int_parsing' },
        ],
      },
      'body.devices.0.name: Field required; body.revision: Input should be a valid integer',
    ],
    ['401 with {"message"}', 401, { message: 'bad token' }, 'bad token'],
    ['403 with {"error"}', 403, { error: 'forbidden for this client' }, 'forbidden for this client'],
    ['404 with plain text', 404, 'no such route', 'no such route'],
    ['400 with no body', 400, undefined, 'HTTP 400 Bad Request'],
  ])(
    'does not retry a 4xx (%s): 1 POST, rejected, the bridge’s words',
    async (_name, status, body, message) => {
      bridge.script({ status, body }, { status: 200 });
      const outcome = await client().push({ bridgeUrl: bridge.url, config: makeConfig() });
      expect(outcome).toMatchObject({ ok: false, kind: 'rejected', status, attempts: 1, message });
      expect(bridge.requests).toHaveLength(1);
    },
  );

  it('retries a 408 (the bridge timed out waiting for us) and ends as timeout when it persists', async () => {
    bridge.script({ status: 408 }, { status: 200 });
    expect(await client().push({ bridgeUrl: bridge.url, config: makeConfig() })).toMatchObject({
      ok: true,
      attempts: 2,
    });
    bridge.clearRequests();
    bridge.setDefault({ status: 408 });
    expect(await client().push({ bridgeUrl: bridge.url, config: makeConfig() })).toMatchObject({
      ok: false,
      kind: 'timeout',
      status: 408,
      attempts: 4,
    });
    expect(bridge.requests).toHaveLength(4);
  });

  it('retries a 429 (busy, not wrong) and ends as server_error, not rejected, so the engine keeps trying', async () => {
    bridge.setDefault({ status: 429, body: { detail: 'slow down' }, headers: { 'retry-after': '1' } });
    const outcome = await client().push({ bridgeUrl: bridge.url, config: makeConfig() });
    expect(outcome).toMatchObject({
      ok: false,
      kind: 'server_error',
      status: 429,
      attempts: 4,
      message: 'slow down',
    });
    expect(bridge.requests).toHaveLength(4);
  });

  it('ends every attempt at the per-attempt timeout against a hanging bridge: timeout after 4 attempts', async () => {
    bridge.setDefault('hang');
    const { lines, logger } = recordingLogger();
    const outcome = await client(FAST, logger).push({ bridgeUrl: bridge.url, config: makeConfig() });
    expect(outcome).toMatchObject({ ok: false, kind: 'timeout', attempts: 4 });
    expect(outcome.ok || outcome.status).toBeUndefined();
    if (!outcome.ok) expect(outcome.message).toContain('no answer within 200 ms');
    expect(bridge.requests).toHaveLength(4);
    // Each of the 4 attempts ended by a timeout, not by anything else.
    for (const n of [1, 2, 3, 4]) {
      expect(lines.some((l) => l.includes(`attempt ${n}/4 failed: timeout (${bridge.url})`))).toBe(true);
    }
  });

  it('bounds each attempt as a whole: a refusal dribbled past the deadline ends with what had arrived', async () => {
    // axios's own timeout is idle-based once the answer has begun; 100 bytes at 20 ms each never idle.
    bridge.setDefault({ status: 422, body: `refused ${'x'.repeat(100)}`, trickleMs: 20 });
    const policy: PushPolicy = { retries: 1, delaysMs: [10], timeoutMs: 200 };
    const outcome = await client(policy).push({ bridgeUrl: bridge.url, config: makeConfig() });
    expect(outcome).toMatchObject({ ok: false, kind: 'rejected', status: 422, attempts: 1 });
    if (!outcome.ok) expect(outcome.message).toMatch(/^refused( x*)?$/);
    expect(outcome.durationMs).toBeLessThan(2000);
  });

  it('acknowledges a dribbled 200 at once: its body is not waited for', async () => {
    bridge.setDefault({ status: 200, body: 'x'.repeat(100), trickleMs: 50 });
    const outcome = await client().push({ bridgeUrl: bridge.url, config: makeConfig() });
    expect(outcome).toMatchObject({ ok: true, status: 200, attempts: 1 });
  });

  describe('the timeout restarts per attempt (shouldResetTimeout)', () => {
    // Every answer takes 200 ms, the timeout is 500 ms. Three attempts take 600 ms or more together: a
    // shared 500 ms budget cannot last (that only depends on the delays being lower bounds), a fresh
    // 500 ms per attempt leaves 300 ms of slack each.
    const slow = (status: number) => ({ status, delayMs: 200 });
    const policy: PushPolicy = { retries: 3, delaysMs: [10, 10, 10], timeoutMs: 500 };

    it('succeeds on the third slow answer', async () => {
      bridge.script(slow(503), slow(503), slow(200));
      const outcome = await client(policy).push({ bridgeUrl: bridge.url, config: makeConfig() });
      expect(outcome).toMatchObject({ ok: true, attempts: 3 });
    });

    it('control: the same bridge defeats axios-retry with one shared budget (so the test above can fail)', async () => {
      bridge.script(slow(503), slow(503), slow(200));
      const shared = axios.create({ timeout: policy.timeoutMs, proxy: false });
      axiosRetry(shared, {
        retries: 3,
        retryDelay: () => 10,
        retryCondition: (e) => !e.response || e.response.status >= 500,
        shouldResetTimeout: false,
      });
      // Attempt 3 gets what is left of the 500 ms (about 80 ms) and times out before the answer; on a loaded
      // machine the budget may already be spent after attempt 2, so axios-retry gives up on the 503. Either
      // way the third answer, the 200, is never seen.
      const failure = await shared.post(`${bridge.url}/config`, {}).then(
        () => null,
        (error: { code?: string }) => error,
      );
      expect(['ECONNABORTED', 'ERR_BAD_RESPONSE']).toContain(failure?.code);
    });
  });

  it('reports a refused connection as unreachable after 4 attempts, then succeeds once the bridge is up', async () => {
    await bridge.down();
    const { lines, logger } = recordingLogger();
    const outcome = await client(FAST, logger).push({ bridgeUrl: bridge.url, config: makeConfig() });
    expect(outcome).toMatchObject({ ok: false, kind: 'unreachable', attempts: 4 });
    if (!outcome.ok) expect(outcome.message).toContain('ECONNREFUSED');
    expect(outcome.ok || outcome.status).toBeUndefined();
    expect(lines).toContain(
      `warn push: revision 12 attempt 1/4 failed: ECONNREFUSED (${bridge.url}); retrying in 10 ms`,
    );
    expect(bridge.requests).toHaveLength(0);

    await bridge.up();
    expect(await client().push({ bridgeUrl: bridge.url, config: makeConfig() })).toMatchObject({
      ok: true,
      attempts: 1,
    });
  });

  it('counts a 200 status line as acknowledged even when the body is then cut off (the status decides)', async () => {
    bridge.setDefault('reset');
    const outcome = await client().push({ bridgeUrl: bridge.url, config: makeConfig() });
    expect(outcome).toMatchObject({ ok: true, status: 200, attempts: 1 });
    expect(bridge.requests).toHaveLength(1);
  });

  it.each(['drop'] as const)(
    'treats a connection cut before any answer (%s) as unreachable and retries it',
    async (cut) => {
      bridge.setDefault(cut);
      const failed = await client().push({ bridgeUrl: bridge.url, config: makeConfig() });
      expect(failed).toMatchObject({ ok: false, kind: 'unreachable', attempts: 4 });
      expect(bridge.requests).toHaveLength(4);

      bridge.clearRequests();
      bridge.script(cut).setDefault({ status: 200 });
      expect(await client().push({ bridgeUrl: bridge.url, config: makeConfig() })).toMatchObject({
        ok: true,
        attempts: 2,
      });
    },
  );

  it('does not follow a redirect: rejected, one POST, the message names the location', async () => {
    bridge.script(redirect(`${bridge.origin}/elsewhere/config`, 301));
    bridge.route('POST /elsewhere/config').setDefault({ status: 200 });
    const outcome = await client().push({ bridgeUrl: bridge.url, config: makeConfig() });
    expect(outcome).toMatchObject({ ok: false, kind: 'rejected', status: 301, attempts: 1 });
    if (!outcome.ok) {
      expect(outcome.message).toContain(`redirected (HTTP 301) to ${bridge.origin}/elsewhere/config`);
      expect(outcome.message).toContain('misconfigured');
    }
    expect(bridge.requests.map((r) => r.route)).toEqual(['POST /config']);
  });

  it.each([
    ['a plain-text 200', { status: 200, body: 'OK' }],
    ['an HTML 200', { status: 200, body: '<html>fine</html>', headers: { 'content-type': 'text/html' } }],
    [
      'a 200 claiming JSON that is not',
      { status: 200, body: '{oops', headers: { 'content-type': 'application/json' } },
    ],
    ['a 204 without body', { status: 204 }],
  ])('counts %s as success (the bridge accepted it)', async (_name, answer) => {
    bridge.script(answer);
    const outcome = await client().push({ bridgeUrl: bridge.url, config: makeConfig() });
    expect(outcome).toMatchObject({ ok: true, status: answer.status, attempts: 1 });
  });

  it('sends the config as JSON with one Idempotency-Key for all attempts of a revision', async () => {
    bridge.script({ status: 502 }, { status: 503 }, { status: 200 });
    const config = makeConfig(7, 'b'.repeat(64));
    await client().push({ bridgeUrl: bridge.url, config });
    const posts = bridge.requestsTo('POST /config');
    expect(posts).toHaveLength(3);
    for (const post of posts) {
      expect(post.headers['content-type']).toBe('application/json');
      expect(post.headers['idempotency-key']).toBe(`7:${'b'.repeat(64)}`);
      expect(post.body).toEqual(config);
    }
  });

  it('uses a new Idempotency-Key per revision, also when the config returns to an earlier state (A → B → A)', async () => {
    const push = client();
    const hashA = 'a'.repeat(64);
    const hashB = 'b'.repeat(64);
    await push.push({ bridgeUrl: bridge.url, config: makeConfig(1, hashA) });
    await push.push({ bridgeUrl: bridge.url, config: makeConfig(2, hashB) });
    await push.push({ bridgeUrl: bridge.url, config: makeConfig(3, hashA) });
    const keys = bridge.requests.map((r) => r.headers['idempotency-key']);
    expect(keys).toEqual([`1:${hashA}`, `2:${hashB}`, `3:${hashA}`]);
    expect(new Set(keys).size).toBe(3);
  });

  it.each([
    ['a token', 's3cret', 'Bearer s3cret'],
    ['an empty token', '', undefined],
    ['a blank token', '   ', undefined],
    ['no token', undefined, undefined],
  ])('sends Authorization only with a token (%s)', async (_name, token, expected) => {
    await client().push({ bridgeUrl: bridge.url, token, config: makeConfig() });
    expect(bridge.requests[0]?.headers.authorization).toBe(expected);
  });

  it('keeps the bridge URL’s path prefix, with or without a trailing slash', async () => {
    const prefixed = await startBridgeStub({ prefix: '/b' });
    try {
      expect(prefixed.url).toMatch(/\/b$/);
      await client().push({ bridgeUrl: prefixed.url, config: makeConfig() });
      await client().push({ bridgeUrl: `${prefixed.url}/`, config: makeConfig() });
      expect(prefixed.requests.map((r) => r.rawPath)).toEqual(['/b/config', '/b/config']);
      expect(prefixed.requests.map((r) => r.route)).toEqual(['POST /config', 'POST /config']);
    } finally {
      await prefixed.close();
    }
  });

  it('measures durationMs with the injected clock', async () => {
    bridge.script({ status: 503 }, { status: 200 });
    const push = createPushClient({ policy: FAST, clock: steppingClock(250) });
    const outcome = await push.push({ bridgeUrl: bridge.url, config: makeConfig() });
    // Two readings of the clock: start and end, one step apart.
    expect(outcome).toMatchObject({ ok: true, attempts: 2, durationMs: 250 });
  });

  it('sends nothing to an unusable bridge URL and reports it as rejected (only a new URL helps)', async () => {
    const outcome = await client().push({ bridgeUrl: 'ftp://iot-bridge', config: makeConfig() });
    expect(outcome).toMatchObject({ ok: false, kind: 'rejected', attempts: 0 });
    if (!outcome.ok) expect(outcome.message).toContain('http');
  });

  it('logs the outcome with its context', async () => {
    bridge.script({ status: 503 }, { status: 200 });
    const { lines, logger } = recordingLogger();
    await client(FAST, logger).push({ bridgeUrl: bridge.url, config: makeConfig() });
    expect(lines[0]).toBe(
      `warn push: revision 12 attempt 1/4 failed: HTTP 503 (${bridge.url}); retrying in 10 ms`,
    );
    expect(lines[1]).toMatch(
      new RegExp(`^info push: revision 12 accepted by ${bridge.url} \\(HTTP 200, attempt 2/4`),
    );
  });
});

describe('push policy', () => {
  it('is exactly 3 retries at 1 s, 2 s, 4 s with 10 s per attempt in production', () => {
    expect(PRODUCTION_PUSH_POLICY).toEqual({ retries: 3, delaysMs: [1000, 2000, 4000], timeoutMs: 10_000 });
    expect(createPushClient().policy).toEqual(PRODUCTION_PUSH_POLICY);
  });

  it('waits delaysMs[n-1] before retry n, repeating the last delay', () => {
    const delays = [1, 2, 3, 4, 5].map((n) => retryDelayMs(PRODUCTION_PUSH_POLICY, n));
    expect(delays).toEqual([1000, 2000, 4000, 4000, 4000]);
  });

  it('overrides only the fields given', () => {
    expect(createPushClient({ policy: { timeoutMs: 50 } }).policy).toEqual({
      retries: 3,
      delaysMs: [1000, 2000, 4000],
      timeoutMs: 50,
    });
  });
});

describe('joinBridgeUrl', () => {
  it.each([
    ['http://iot-bridge:8080', 'http://iot-bridge:8080/config'],
    ['http://iot-bridge:8080/', 'http://iot-bridge:8080/config'],
    ['http://h:8080/b', 'http://h:8080/b/config'],
    ['http://h:8080/b/', 'http://h:8080/b/config'],
    ['http://h:8080/b//', 'http://h:8080/b/config'],
    ['https://h/api/v1', 'https://h/api/v1/config'],
    ['  http://h:8080  ', 'http://h:8080/config'],
  ])('%s + config → %s', (base, expected) => {
    expect(joinBridgeUrl(base, 'config')).toBe(expected);
    expect(joinBridgeUrl(base, '/config')).toBe(expected);
  });

  it.each(['', 'iot-bridge:8080', 'ftp://h', 'not a url'])('refuses %j', (base) => {
    expect(() => joinBridgeUrl(base, 'config')).toThrow(/bridge URL/);
  });
});

describe('extractBridgeMessage', () => {
  it.each([
    ['{"detail":"bad"}', 'bad'],
    ['{"detail":[{"loc":["body","x"],"msg":"m1"},{"msg":"m2"}]}', 'body.x: m1; m2'],
    ['{"detail":{"reason":"r"}}', '{"reason":"r"}'],
    ['{"message":"msg"}', 'msg'],
    ['{"error":"err"}', 'err'],
    ['{"error":{"message":"nested"}}', 'nested'],
    ['"just a string"', 'just a string'],
    ['{"other":1}', '{"other":1}'],
    ['  plain\n text  ', 'plain text'],
    ['', null],
  ])('%s → %s', (body, expected) => {
    expect(extractBridgeMessage(body)).toBe(expected);
  });

  it('strips HTML and truncates long text to 500 characters', () => {
    expect(extractBridgeMessage('<html><body><h1>502 Bad Gateway</h1></body></html>', 'text/html')).toBe(
      '502 Bad Gateway',
    );
    const long = extractBridgeMessage('x'.repeat(2000));
    expect(long).toHaveLength(500);
    expect(long?.endsWith('…')).toBe(true);
  });
});

describe('bridge probes', () => {
  it('testBridge: a URL ending in /config or /health is answered with the URL to write, without a request', async () => {
    const config = await testBridge(`${bridge.url}/config`, { timeoutMs: 500 });
    expect(config).toMatchObject({ reachable: false, ok: false, suggestedUrl: bridge.url });
    expect(config.message).toBe(
      `This URL ends in /config, which the app adds by itself (pushes would go to ${bridge.url}/config/config). Write ${bridge.url} instead.`,
    );
    expect(await testBridge(`${bridge.url}/b/health/`, { timeoutMs: 500 })).toMatchObject({
      suggestedUrl: `${bridge.url}/b`,
    });
    expect(bridge.requests).toHaveLength(0);
  });

  it('testBridge: a 404 on /health is not a success; a 2xx says its time once', async () => {
    bridge.route('GET /health').script({ status: 404, body: { detail: 'Not Found' } });
    const missing = await testBridge(bridge.url, { timeoutMs: 500 });
    expect(missing).toMatchObject({ reachable: true, ok: false, status: 404 });
    expect(missing.message).toContain('there is no /health here');
    const ok = await testBridge(bridge.url, { timeoutMs: 500 });
    expect(ok).toMatchObject({ ok: true, status: 200 });
    expect(ok.message).toMatch(new RegExp(`^${bridge.url}/health answered HTTP 200 in \\d+ ms$`));
  });

  it('testBridge: one GET /health, any HTTP answer counts as reachable', async () => {
    const ok = await testBridge(bridge.url, { timeoutMs: 500 });
    expect(ok).toMatchObject({ url: `${bridge.url}/health`, reachable: true, status: 200 });
    bridge.route('GET /health').script({ status: 500, body: { detail: 'mqtt down' } });
    const sick = await testBridge(bridge.url, { timeoutMs: 500 });
    expect(sick).toMatchObject({ reachable: true, status: 500 });
    expect(sick.message).toContain('mqtt down');
    expect(bridge.requests.map((r) => r.route)).toEqual(['GET /health', 'GET /health']);
  });

  it('testBridge: refused and hanging bridges are unreachable', async () => {
    bridge.route('GET /health').setDefault('hang');
    const hanging = await testBridge(bridge.url, { timeoutMs: 100 });
    expect(hanging).toMatchObject({ reachable: false, status: null });
    expect(hanging.message).toContain('no answer within 100 ms');
    // A dribbled answer is bounded by the deadline too; its status had arrived, so the bridge is there.
    bridge.route('GET /health').setDefault({ status: 200, body: 'x'.repeat(100), trickleMs: 20 });
    const dribbling = await testBridge(bridge.url, { timeoutMs: 100 });
    expect(dribbling).toMatchObject({ reachable: true, status: 200 });
    expect(dribbling.latencyMs).toBeLessThan(1000);
    await bridge.down();
    const refused = await testBridge(bridge.url, { timeoutMs: 500 });
    expect(refused).toMatchObject({ reachable: false, status: null });
    expect(refused.message).toContain('ECONNREFUSED');
    expect(await testBridge('nope', { timeoutMs: 500 })).toMatchObject({ url: 'nope', reachable: false });
  });

  it('fetchBridgeConfigHash: 404 is missing, 405 no endpoint; the accepted hash comes back, null when none', async () => {
    const ask = (token = '') => fetchBridgeConfigHash(bridge.url, token, { timeoutMs: 500 });
    expect(await ask()).toEqual({ kind: 'missing' });
    bridge.route('GET /config').script({ status: 405, body: { detail: 'Method Not Allowed' } });
    expect(await ask()).toEqual({ kind: 'no_endpoint', status: 405 });

    bridge.serveConfig('accepted');
    expect(await ask()).toEqual({ kind: 'runs', hash: null });
    await client().push({ bridgeUrl: bridge.url, config: makeConfig(3, 'c'.repeat(64)) });
    expect(await ask('tok')).toEqual({ kind: 'runs', hash: 'c'.repeat(64) });
    expect(bridge.requestsTo('GET /config').at(-1)?.headers.authorization).toBe('Bearer tok');

    bridge.serveConfig({ hash: 'other' });
    expect(await ask()).toEqual({ kind: 'runs', hash: 'other' });
    bridge
      .route('GET /config')
      .script(
        { status: 200, body: { devices: [] } },
        { status: 200, body: { devices: [{ device_id: 'a' }] } },
        { status: 200, body: 'hello' },
      );
    expect(await ask()).toEqual({ kind: 'runs', hash: null });
    expect(await ask()).toEqual({ kind: 'no_endpoint', status: 200 });
    expect(await ask()).toEqual({ kind: 'no_endpoint', status: 200 });
  });

  it('fetchBridgeConfigHash: 5xx and network failures are unreachable, a 401 answered; asked once each', async () => {
    bridge.route('GET /config').script({ status: 503 }, { status: 401, body: { detail: 'bad token' } });
    const busy = await fetchBridgeConfigHash(bridge.url, '', { timeoutMs: 500 });
    expect(busy).toMatchObject({ kind: 'unreachable' });
    const denied = await fetchBridgeConfigHash(bridge.url, '', { timeoutMs: 500 });
    expect(denied).toEqual({
      kind: 'answered',
      status: 401,
      message: `GET ${bridge.url}/config answered HTTP 401: bad token`,
    });
    expect(bridge.requestsTo('GET /config')).toHaveLength(2);
    await bridge.down();
    const refused = await fetchBridgeConfigHash(bridge.url, '', { timeoutMs: 500 });
    expect(refused.kind).toBe('unreachable');
    if (refused.kind === 'unreachable') expect(refused.message).toContain('ECONNREFUSED');
  });
});
