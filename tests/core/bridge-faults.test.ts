/**
 * Issue 6, "Crash and fault tests", bullet 2: the bridge misbehaving in each way the stub can, through the real
 * push client, with the production policy's shape shrunk to milliseconds. Each row names the documented outcome
 * (src-main/core/bridge-http.ts classifyBridgeError) and the exact number of requests the bridge saw.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createPushClient } from '../../src-main/core/push-client';
import type { PushPolicy } from '../../src-main/core/workshop-core-types';
import type { BridgeConfig, PushFailureKind } from '../../src-shared';
import { type BridgeStub, redirect, startBridgeStub } from '../support/bridge-stub';

/** 3 retries at growing delays, like production (1 s / 2 s / 4 s, 10 s per attempt), in milliseconds. */
const POLICY: PushPolicy = { retries: 3, delaysMs: [10, 20, 40], timeoutMs: 300 };
/** "Slow but in time" needs room on a loaded machine: a longer timeout with the answer at 60 % of it. */
const SLOW_POLICY: PushPolicy = { ...POLICY, timeoutMs: 1500 };

const config: BridgeConfig = {
  version: '1.0',
  timestamp: '2026-11-29T10:00:00.000Z',
  revision: 7,
  config_hash: `sha256:${'b'.repeat(64)}`,
  devices: [],
};

type Expected =
  | { ok: true; status: number; attempts: number }
  | {
      ok: false;
      kind: PushFailureKind;
      status?: number;
      attempts: number;
      message?: RegExp;
      retryAfterMs?: number;
    };

interface Row {
  what: string;
  /** Makes the stub misbehave; gets the stub to script it. */
  arrange(bridge: BridgeStub): Promise<void> | void;
  policy?: PushPolicy;
  expected: Expected;
  /** Requests the bridge recorded, any route: POSTs, and anything a followed redirect would have caused. */
  requests: number;
}

const many = (n: number, status: number) => Array.from({ length: n }, () => ({ status }));

const TABLE: Row[] = [
  {
    what: 'refuses connections',
    arrange: (b) => b.down(),
    expected: { ok: false, kind: 'unreachable', attempts: 4, message: /ECONNREFUSED/ },
    requests: 0,
  },
  {
    what: 'hangs',
    arrange: (b) => void b.setDefault('hang'),
    expected: { ok: false, kind: 'timeout', attempts: 4, message: /no answer within 300 ms/ },
    requests: 4,
  },
  {
    // The status decides: a 200 status line is an acknowledgement, whatever happens to the body after it.
    what: 'resets mid-response after its 200 status line',
    arrange: (b) => void b.setDefault('reset'),
    expected: { ok: true, status: 200, attempts: 1 },
    requests: 1,
  },
  {
    what: 'drops the connection before answering',
    arrange: (b) => void b.setDefault('drop'),
    expected: { ok: false, kind: 'unreachable', attempts: 4 },
    requests: 4,
  },
  {
    what: 'drops once, then answers 200',
    arrange: (b) => void b.script('drop'),
    expected: { ok: true, status: 200, attempts: 2 },
    requests: 2,
  },
  {
    what: 'answers slowly, just inside the timeout',
    arrange: (b) => void b.setDefault({ status: 200, body: { status: 'ok' }, delayMs: 900 }),
    policy: SLOW_POLICY,
    expected: { ok: true, status: 200, attempts: 1 },
    requests: 1,
  },
  {
    what: 'dribbles a 200 answer past the timeout',
    arrange: (b) => void b.setDefault({ status: 200, body: 'x'.repeat(50), trickleMs: 40 }),
    expected: { ok: true, status: 200, attempts: 1 },
    requests: 1,
  },
  {
    what: 'dribbles a 422 answer past the timeout',
    arrange: (b) => void b.setDefault({ status: 422, body: 'x'.repeat(50), trickleMs: 40 }),
    expected: { ok: false, kind: 'rejected', status: 422, attempts: 1 },
    requests: 1,
  },
  {
    what: 'answers 200 with a 2 MB body',
    arrange: (b) => void b.setDefault({ status: 200, body: 'x'.repeat(2 * 1024 * 1024) }),
    expected: { ok: true, status: 200, attempts: 1 },
    requests: 1,
  },
  {
    what: 'answers 422 with a 3 MB detail',
    arrange: (b) =>
      void b.setDefault({ status: 422, body: { detail: `bad ${'y'.repeat(3 * 1024 * 1024)}` } }),
    expected: { ok: false, kind: 'rejected', status: 422, attempts: 1, message: /^bad y+…$/ },
    requests: 1,
  },
  {
    what: 'answers 422 with a 50,000-item FastAPI list',
    arrange: (b) =>
      void b.setDefault({
        status: 422,
        body: {
          detail: Array.from({ length: 50_000 }, (_, i) => ({ loc: ['body', 'devices', i], msg: 'bad' })),
        },
      }),
    expected: { ok: false, kind: 'rejected', status: 422, attempts: 1, message: /^body\.devices\.0: bad; / },
    requests: 1,
  },
  {
    what: 'answers 422 with a 100,000-deep detail',
    arrange: (b) =>
      void b.setDefault({
        status: 422,
        body: `{"detail":${'['.repeat(100_000)}${']'.repeat(100_000)}}`,
        headers: { 'content-type': 'application/json' },
      }),
    expected: { ok: false, kind: 'rejected', status: 422, attempts: 1 },
    requests: 1,
  },
  {
    what: 'answers 422 with a shallow but 3,000-deep JSON detail inside the read limit',
    arrange: (b) =>
      void b.setDefault({
        status: 422,
        body: `{"detail":{"a":${'{"a":'.repeat(3000)}1${'}'.repeat(3000)}}}`,
        headers: { 'content-type': 'application/json' },
      }),
    expected: {
      ok: false,
      kind: 'rejected',
      status: 422,
      attempts: 1,
      message: /^\{"a":\{"a":\{"a":\{"a":\{…\}\}\}\}\}$/,
    },
    requests: 1,
  },
  {
    what: 'answers 422 with terminal escapes and an OSC-8 link in its message',
    arrange: (b) =>
      void b.setDefault({
        status: 422,
        body: { detail: '\u001b[31mred\u001b[0m \u001b]8;;javascript:alert(1)\u0007click\u001b]8;;\u0007' },
      }),
    expected: {
      ok: false,
      kind: 'rejected',
      status: 422,
      attempts: 1,
      message: /^\\u001b\[31mred\\u001b\[0m \\u001b\]8;;javascript:alert\(1\)\\u0007click/,
    },
    requests: 1,
  },
  {
    what: 'answers 503 with Retry-After every time',
    arrange: (b) => void b.setDefault({ status: 503, headers: { 'retry-after': '30' } }),
    expected: { ok: false, kind: 'server_error', status: 503, attempts: 4, retryAfterMs: 30_000 },
    requests: 4,
  },
  {
    what: 'answers 503, 503, 503, then 200',
    arrange: (b) => void b.script(...many(3, 503), { status: 200, body: { status: 'ok' } }),
    expected: { ok: true, status: 200, attempts: 4 },
    requests: 4,
  },
  {
    what: 'answers 500 four times',
    arrange: (b) => void b.setDefault({ status: 500, body: { detail: 'database is locked' } }),
    expected: { ok: false, kind: 'server_error', status: 500, attempts: 4, message: /database is locked/ },
    requests: 4,
  },
  {
    what: 'answers 502, 504, then 201',
    arrange: (b) => void b.script({ status: 502 }, { status: 504 }, { status: 201, body: {} }),
    expected: { ok: true, status: 201, attempts: 3 },
    requests: 3,
  },
  ...[400, 401, 403, 404, 409, 422].map(
    (status): Row => ({
      what: `answers ${status}`,
      arrange: (b) => void b.setDefault({ status, body: { detail: `refused with ${status}` } }),
      expected: {
        ok: false,
        kind: 'rejected',
        status,
        attempts: 1,
        message: new RegExp(`refused with ${status}`),
      },
      requests: 1,
    }),
  ),
  {
    // Documented: 408 is "not now", retried, and ends as timeout when it persists.
    what: 'answers 408 every time',
    arrange: (b) => void b.setDefault({ status: 408 }),
    expected: { ok: false, kind: 'timeout', status: 408, attempts: 4 },
    requests: 4,
  },
  {
    // Documented: 429 is "busy", retried, and ends as server_error (not rejected) so the engine keeps trying.
    what: 'answers 429 every time',
    arrange: (b) => void b.setDefault({ status: 429, headers: { 'retry-after': '1' } }),
    expected: { ok: false, kind: 'server_error', status: 429, attempts: 4 },
    requests: 4,
  },
  {
    what: 'answers 429 once, then 200',
    arrange: (b) => void b.script({ status: 429 }, { status: 200, body: {} }),
    expected: { ok: true, status: 200, attempts: 2 },
    requests: 2,
  },
  ...[301, 302, 307, 308].map(
    (status): Row => ({
      what: `redirects with ${status} (not followed)`,
      arrange: (b) => void b.setDefault(redirect(`${b.origin}/elsewhere/config`, status)),
      expected: {
        ok: false,
        kind: 'rejected',
        status,
        attempts: 1,
        message: /elsewhere\/config.*not followed/,
      },
      requests: 1,
    }),
  ),
  {
    what: 'answers 200 with a plain-text body',
    arrange: (b) => void b.setDefault({ status: 200, body: 'OK, thanks!' }),
    expected: { ok: true, status: 200, attempts: 1 },
    requests: 1,
  },
  {
    what: 'answers 200 with HTML claiming to be JSON',
    arrange: (b) =>
      void b.setDefault({
        status: 200,
        body: '<html>fine</html>',
        headers: { 'content-type': 'application/json' },
      }),
    expected: { ok: true, status: 200, attempts: 1 },
    requests: 1,
  },
  {
    what: 'answers 204 with no body',
    arrange: (b) => void b.setDefault({ status: 204 }),
    expected: { ok: true, status: 204, attempts: 1 },
    requests: 1,
  },
  {
    what: 'answers 200 only after the timeout, every time',
    arrange: (b) => void b.setDefault({ status: 200, body: {}, delayMs: 700 }),
    expected: { ok: false, kind: 'timeout', attempts: 4 },
    requests: 4,
  },
  {
    what: 'answers 200 after the timeout once, then in time',
    arrange: (b) => void b.script({ status: 200, body: {}, delayMs: 700 }, { status: 200, body: {} }),
    expected: { ok: true, status: 200, attempts: 2 },
    requests: 2,
  },
];

let bridge: BridgeStub;
beforeEach(async () => {
  bridge = await startBridgeStub();
});
afterEach(async () => {
  await bridge.close();
});

describe('push against a misbehaving bridge', () => {
  it.each(TABLE)('$what → documented outcome and request count', async (row) => {
    await row.arrange(bridge);
    const client = createPushClient({ policy: row.policy ?? POLICY });
    const outcome = await client.push({ bridgeUrl: bridge.url, config });

    const { message, ...expected } = row.expected as Expected & { message?: RegExp };
    expect(outcome).toMatchObject({ ...expected, revision: 7, configHash: config.config_hash });
    if (!expected.ok && !('status' in expected)) expect(outcome).not.toHaveProperty('status');
    if (message) expect(!outcome.ok && outcome.message).toMatch(message);
    // Only POST /config was ever asked: nothing followed a redirect, nothing else was probed.
    expect(bridge.requests.map((r) => r.route)).toEqual(Array(row.requests).fill('POST /config'));
    // Every attempt carried the same Idempotency-Key.
    expect(new Set(bridge.requests.map((r) => r.headers['idempotency-key']))).toEqual(
      new Set(row.requests ? [`7:${config.config_hash}`] : []),
    );
  });
});
