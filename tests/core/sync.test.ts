import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { type BridgeStub, startBridgeStub } from '../support/bridge-stub';
import { deviceInput, type Harness, startCore } from '../support/core-harness';

/** The documented bridge contract (docs/bridge-config.md), checked against what the stub received. */
const bridgeConfigSchema = z.strictObject({
  version: z.literal('1.0'),
  timestamp: z.iso.datetime(),
  revision: z.number().int().positive(),
  config_hash: z.string().regex(/^sha256:[0-9a-f]{64}$/),
  devices: z.array(
    z.strictObject({
      device_id: z.string(),
      name: z.string(),
      mqtt_topic: z.string(),
      parser_type: z.enum(['shelly_pm', 'generic']),
      session_config: z.strictObject({
        strategy: z.literal('power_threshold'),
        standby_threshold_w: z.number(),
        working_threshold_w: z.number(),
        start_debounce_s: z.number(),
        stop_debounce_s: z.number(),
        message_timeout_s: z.number(),
      }),
    }),
  ),
});

type Config = z.infer<typeof bridgeConfigSchema>;
const bodies = (bridge: BridgeStub) => bridge.requestsTo('POST /config').map((r) => r.body as Config);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

let bridge: BridgeStub;
let h: Harness;
const extra: BridgeStub[] = [];

afterEach(async () => {
  await h?.close();
  await bridge?.close();
  for (const b of extra.splice(0)) await b.close();
});

async function setup(options: Parameters<typeof startCore>[0] extends infer O ? Partial<O> : never = {}) {
  bridge = await startBridgeStub();
  h = await startCore({ bridgeUrl: bridge.url, ...options });
  // A fresh install pushes nothing by itself (see "a fresh install" below): the bridge has seen nothing yet.
  expect(bridge.requests).toEqual([]);
}

describe('sync: a fresh install', () => {
  it('pushes nothing by itself before the first device change, so it never wipes a configured bridge', async () => {
    await setup();
    const status = await h.call('sync.status');
    expect(status).toMatchObject({ state: 'pending', desiredRevision: 0 });
    const other = await startBridgeStub();
    extra.push(other);
    await h.call('settings.update', { bridgeUrl: other.url });
    await h.call('settings.update', { bridgeUrl: bridge.url });
    await sleep(300);
    expect(bridge.requestsTo('POST /config')).toHaveLength(0);
    expect(other.requests).toHaveLength(0);
    // A manual push is always allowed, and the first change pushes by itself.
    await h.call('devices.create', deviceInput());
    await h.waitForStatus((s) => s.state === 'in_sync' && s.desiredRevision === 1);
    expect(bodies(bridge)).toHaveLength(1);
  });
});

describe('sync: one push and its retries', () => {
  it('retries 503, 503 and reports in sync after the 200, in exactly 3 requests', async () => {
    await setup({ autoPush: false });
    bridge.script({ status: 503 }, { status: 503 }, { status: 200, body: { status: 'ok' } });
    await h.call('devices.create', deviceInput());
    const outcome = await h.call('sync.push');
    expect(outcome).toMatchObject({ ok: true, attempts: 3 });
    expect(bridge.requestsTo('POST /config')).toHaveLength(3);
    expect((await h.waitForState('in_sync')).state).toBe('in_sync');
  });

  it('gives up after 4 requests of 500 as server_error, shows offline, then retries in the background', async () => {
    await setup();
    bridge.setDefault({ status: 500, body: { detail: 'database locked' } });
    await h.call('devices.create', deviceInput());
    const offline = await h.waitForState('offline');
    expect(bridge.requestsTo('POST /config')).toHaveLength(4);
    expect(offline.lastOutcome).toMatchObject({ ok: false, kind: 'server_error', status: 500, attempts: 4 });
    expect(offline.lastOutcome && !offline.lastOutcome.ok && offline.lastOutcome.message).toContain(
      'database locked',
    );
    expect(offline.nextRetryAt).not.toBeNull();
    bridge.setDefault({ status: 200, body: { status: 'ok' } });
    await h.waitForState('in_sync');
    expect(bridge.requestsTo('POST /config')).toHaveLength(5);
    expect(h.notices.map((n) => n.kind)).toEqual(['failure', 'recovered']);
  });

  it.each([400, 422])(
    'stops at one request on %i and shows the bridge detail as rejected',
    async (status) => {
      await setup();
      bridge.setDefault({ status, body: { detail: 'working_threshold_w must be below 5000' } });
      await h.call('devices.create', deviceInput());
      const rejected = await h.waitForState('rejected');
      expect(rejected.lastOutcome).toMatchObject({
        ok: false,
        kind: 'rejected',
        status,
        attempts: 1,
        message: 'working_threshold_w must be below 5000',
      });
      expect(rejected.nextRetryAt).toBeNull();
      // No automatic retry: wait for several backoff periods and count.
      await sleep(700);
      expect(bridge.requestsTo('POST /config')).toHaveLength(1);
      // A change of the config is a new chance.
      bridge.setDefault({ status: 200, body: {} });
      await h.call('devices.create', deviceInput());
      await h.waitForState('in_sync');
      expect(bridge.requestsTo('POST /config')).toHaveLength(2);
    },
  );

  it('ends a push to a hanging bridge as timeout after 4 attempts', async () => {
    await setup({ autoPush: false, push: { timeoutMs: 150 } });
    bridge.setDefault('hang');
    await h.call('devices.create', deviceInput());
    const outcome = await h.call('sync.push');
    expect(outcome).toMatchObject({ ok: false, kind: 'timeout', attempts: 4 });
    expect(bridge.requestsTo('POST /config')).toHaveLength(4);
  });
});

describe('sync: offline edits', () => {
  it('saves edits at once while the bridge refuses, then pushes the final state once when it is back', async () => {
    await setup();
    await bridge.down();
    const created = await h.call('devices.create', deviceInput({ name: 'Laser' }));
    await h.call('devices.update', { id: created.id, patch: { strategyConfig: { workingThresholdW: 150 } } });
    await h.call('devices.update', { id: created.id, patch: { name: 'Laser cutter' } });
    const offline = await h.waitForState('offline');
    expect(offline.lastOutcome).toMatchObject({ ok: false, kind: 'unreachable' });
    expect((await h.call('devices.list')).map((d) => d.name)).toEqual(['Laser cutter']);
    await bridge.up();
    await h.waitForState('in_sync', 8000);
    const received = bodies(bridge);
    expect(received).toHaveLength(1);
    expect(received[0]!.devices).toEqual([
      expect.objectContaining({
        name: 'Laser cutter',
        session_config: expect.objectContaining({ working_threshold_w: 150 }),
      }),
    ]);
  });

  it('keeps pending across a restart and pushes at start-up', async () => {
    await setup();
    await bridge.down();
    await h.call('devices.create', deviceInput({ name: 'CNC' }));
    const before = await h.waitForState('offline');
    await h.core.close({ timeoutMs: 100 });
    await bridge.up();
    await h.reopen();
    const after = await h.waitForState('in_sync');
    expect(after.acknowledgedRevision).toBe(before.desiredRevision);
    expect(
      bodies(bridge)
        .at(-1)!
        .devices.map((d) => d.name),
    ).toEqual(['CNC']);
    expect(h.core).toBeDefined();
  });

  it('never lets the revision go back across restarts', async () => {
    await setup();
    await h.call('devices.create', deviceInput());
    const first = await h.waitForState('in_sync');
    await h.reopen();
    await h.call('devices.create', deviceInput());
    const second = await h.waitForState('in_sync');
    expect(second.desiredRevision).toBe(first.desiredRevision + 1);
  });

  it('returns from a device write at once while the bridge hangs', async () => {
    await setup({ push: { timeoutMs: 5000 } });
    bridge.setDefault('hang');
    await h.call('devices.create', deviceInput());
    await h.waitForState('pushing');
    // The POST is hanging now; writes must not queue behind it.
    const created = await h.call('devices.create', deviceInput({ name: 'While hanging' }));
    expect(created.name).toBe('While hanging');
    expect((await h.call('sync.status')).state).toBe('pushing');
  });
});

describe('sync: what gets pushed, and how often', () => {
  it('coalesces 200 edits in a burst into one push of the final state', async () => {
    await setup();
    const device = await h.call('devices.create', deviceInput());
    for (let w = 101; w <= 300; w++) {
      await h.call('devices.update', { id: device.id, patch: { strategyConfig: { workingThresholdW: w } } });
    }
    await h.waitForStatus((s) => s.state === 'in_sync' && s.acknowledgedRevision === s.desiredRevision);
    const received = bodies(bridge);
    expect(received.length).toBeGreaterThanOrEqual(1);
    expect(received.length).toBeLessThanOrEqual(2);
    expect(received.at(-1)!.devices[0]!.session_config.working_threshold_w).toBe(300);
  });

  it('pushes nothing for a note or for an inactive device threshold', async () => {
    await setup();
    const active = await h.call('devices.create', deviceInput());
    const inactive = await h.call('devices.create', deviceInput({ active: false }));
    await h.waitForStatus((s) => s.state === 'in_sync');
    await bridge.waitForRequests(1, { route: 'POST /config' });
    const revision = (await h.call('sync.status')).desiredRevision;
    bridge.clearRequests();
    await h.call('devices.update', { id: active.id, patch: { notes: 'new belt fitted' } });
    await h.call('devices.update', {
      id: inactive.id,
      patch: { strategyConfig: { workingThresholdW: 999 } },
    });
    await sleep(300);
    expect(bridge.requestsTo('POST /config')).toHaveLength(0);
    const status = await h.call('sync.status');
    expect(status).toMatchObject({ desiredRevision: revision, state: 'in_sync' });
  });

  it('sends a body that follows the documented contract, with the transformed topic', async () => {
    await setup();
    await h.call('devices.create', deviceInput({ deviceId: 'laser', topicPattern: 'shellypmmini-laser/#' }));
    await h.call(
      'devices.create',
      deviceInput({ deviceId: 'cnc', topicPattern: 'cnc/power', parserType: 'generic' }),
    );
    await h.waitForStatus((s) => s.state === 'in_sync' && s.acknowledgedRevision === s.desiredRevision);
    const config = bridgeConfigSchema.parse(bodies(bridge).at(-1));
    expect(config.devices.map((d) => [d.device_id, d.mqtt_topic])).toEqual([
      ['cnc', 'cnc/power'],
      ['laser', 'shellypmmini-laser/status/pm1:0'],
    ]);
    const request = bridge.requestsTo('POST /config').at(-1)!;
    expect(request.headers['content-type']).toMatch(/^application\/json/);
    expect(request.headers.authorization).toBeUndefined();
  });

  it('keeps one Idempotency-Key across the attempts of a revision and a new one per revision, A → B → A included', async () => {
    await setup({ autoPush: false });
    const device = await h.call('devices.create', deviceInput());
    bridge.script({ status: 503 }, { status: 502 });
    await h.call('sync.push');
    const retried = bridge.requestsTo('POST /config').map((r) => r.headers['idempotency-key']);
    expect(retried).toHaveLength(3);
    expect(new Set(retried).size).toBe(1);
    const keyA = retried[0];
    await h.call('devices.update', { id: device.id, patch: { name: 'B' } });
    await h.call('sync.push');
    await h.call('devices.update', { id: device.id, patch: { name: device.name } });
    await h.call('sync.push');
    const all = bridge.requestsTo('POST /config');
    const [keyB, keyA2] = [all.at(-2)!.headers['idempotency-key'], all.at(-1)!.headers['idempotency-key']];
    expect(new Set([keyA, keyB, keyA2]).size).toBe(3);
    expect((all.at(-1)!.body as Config).config_hash).toBe((all[0]!.body as Config).config_hash);
    expect(keyA2).toMatch(/^\d+:sha256:[0-9a-f]{64}$/);
  });

  it('sends the bearer token when one is set', async () => {
    await setup({ autoPush: false });
    await h.call('settings.update', { bridgeToken: 's3cret-token' });
    await h.call('sync.push');
    expect(bridge.requestsTo('POST /config').at(-1)!.headers.authorization).toBe('Bearer s3cret-token');
  });

  it('lets a slow push finish before the next one, and the bridge gets the later edit last', async () => {
    await setup();
    let release!: () => void;
    const held = new Promise<void>((r) => {
      release = r;
    });
    bridge.script({ status: 200, body: {}, waitFor: held });
    await h.call('devices.create', deviceInput({ name: 'A' }));
    await h.waitForState('pushing');
    await bridge.waitForRequests(1, { route: 'POST /config' });
    await h.call('devices.create', deviceInput({ name: 'B' }));
    await sleep(100);
    expect(bridge.requestsTo('POST /config')).toHaveLength(1);
    release();
    await h.waitForStatus((s) => s.state === 'in_sync' && s.acknowledgedRevision === s.desiredRevision);
    const received = bodies(bridge);
    expect(received).toHaveLength(2);
    expect(
      received
        .at(-1)!
        .devices.map((d) => d.name)
        .sort(),
    ).toEqual(['A', 'B']);
    expect(bridge.maxInFlight('POST /config')).toBe(1);
  });

  it('answers a manual push during a push with that push instead of a second request', async () => {
    await setup({ autoPush: false });
    await h.call('devices.create', deviceInput());
    let release!: () => void;
    bridge.script({ status: 200, body: {}, waitFor: new Promise<void>((r) => (release = r)) });
    const first = h.call('sync.push');
    await bridge.waitForRequests(1, { route: 'POST /config' });
    const second = h.call('sync.push');
    release();
    const [a, b] = await Promise.all([first, second]);
    expect(a).toEqual(b);
    expect(bridge.requestsTo('POST /config')).toHaveLength(1);
  });

  it('pushes an empty device list when the last active device is deleted', async () => {
    await setup();
    const device = await h.call('devices.create', deviceInput());
    await h.waitForStatus((s) => s.state === 'in_sync' && s.acknowledgedRevision === s.desiredRevision);
    await h.call('devices.delete', { id: device.id });
    await h.waitForStatus((s) => s.state === 'in_sync' && s.acknowledgedRevision === s.desiredRevision);
    expect(bodies(bridge).at(-1)!.devices).toEqual([]);
  });

  it('makes a new bridge URL pending, pushes there, and sends the old one nothing more', async () => {
    await setup();
    await h.call('devices.create', deviceInput());
    await h.waitForStatus((s) => s.state === 'in_sync' && s.acknowledgedRevision === s.desiredRevision);
    const next = await startBridgeStub();
    extra.push(next);
    const oldCount = bridge.requests.length;
    const updated = h.call('settings.update', { bridgeUrl: next.url });
    await updated;
    expect((await h.call('sync.status')).state).toBe('pending');
    await h.waitForStatus((s) => s.state === 'in_sync' && s.bridgeUrl === next.url);
    expect(next.requestsTo('POST /config')).toHaveLength(1);
    await sleep(300);
    expect(bridge.requests.length).toBe(oldCount);
  });
});

describe('sync: a new bridge URL during retries', () => {
  it('stops retrying the old bridge as soon as the URL changes', async () => {
    await setup();
    bridge.setDefault({ status: 503, delayMs: 150 });
    await h.call('devices.create', deviceInput());
    await bridge.waitForRequests(1, { route: 'POST /config' });
    const next = await startBridgeStub();
    extra.push(next);
    await h.call('settings.update', { bridgeUrl: next.url });
    const sentToOld = bridge.requestsTo('POST /config').length;
    await h.waitForStatus((s) => s.state === 'in_sync' && s.bridgeUrl === next.url);
    await sleep(300);
    expect(bridge.requestsTo('POST /config')).toHaveLength(sentToOld);
    expect(next.requestsTo('POST /config').length).toBeGreaterThanOrEqual(1);
  });
});

describe('sync: preferences during a push', () => {
  it('sends a manual push made after a URL change to the new bridge, also with auto push off', async () => {
    await setup({ autoPush: false });
    await h.call('devices.create', deviceInput());
    let release!: () => void;
    bridge.script({ status: 200, body: {}, waitFor: new Promise<void>((r) => (release = r)) });
    const first = h.call('sync.push');
    await bridge.waitForRequests(1, { route: 'POST /config' });
    const next = await startBridgeStub();
    extra.push(next);
    await h.call('settings.update', { bridgeUrl: next.url });
    const manual = h.call('sync.push');
    release();
    await first;
    expect(await manual).toMatchObject({ ok: true });
    expect(next.requestsTo('POST /config')).toHaveLength(1);
    expect((await h.call('sync.status')).state).toBe('in_sync');
  });

  it('drops a waiting automatic push when the same update turns auto push off', async () => {
    await setup({ sync: { debounceMs: 200 } });
    await h.call('devices.create', deviceInput());
    const next = await startBridgeStub();
    extra.push(next);
    await h.call('settings.update', { bridgeUrl: next.url, autoPush: false });
    await sleep(500);
    expect(bridge.requestsTo('POST /config')).toHaveLength(0);
    expect(next.requestsTo('POST /config')).toHaveLength(0);
    expect((await h.call('sync.status')).state).toBe('pending');
  });

  it('names the failure by what happened: a 500 is a bridge error, not an unreachable bridge', async () => {
    await setup();
    bridge.setDefault({ status: 500, body: { detail: 'disk full' } });
    await h.call('devices.create', deviceInput());
    await h.waitForState('offline');
    expect(h.notices[0]).toMatchObject({ kind: 'failure', title: 'Bridge error (HTTP 500)' });
    expect(h.notices[0]!.message).toContain('retried automatically');
  });
});

describe('sync: drift', () => {
  it('pushes again when the bridge reports another config hash', async () => {
    await setup();
    bridge.serveConfig('accepted');
    await h.call('devices.create', deviceInput());
    await h.waitForStatus((s) => s.state === 'in_sync' && s.acknowledgedRevision === s.desiredRevision);
    const pushes = bridge.requestsTo('POST /config').length;
    bridge.serveConfig({ hash: `sha256:${'0'.repeat(64)}` });
    await bridge.waitForRequests(pushes + 1, { route: 'POST /config' });
    // The re-push is a new revision, so a bridge that honours Idempotency-Key does not replay its old answer.
    const keys = bridge.requestsTo('POST /config').map((r) => r.headers['idempotency-key']);
    expect(new Set(keys).size).toBe(keys.length);
    // Back to reporting what it accepted: exactly one more push, then quiet.
    bridge.serveConfig('accepted');
    await h.waitForState('in_sync');
    await sleep(400);
    expect(bridge.requestsTo('POST /config').length).toBe(pushes + 1);
    expect(bridge.requestsTo('GET /config').length).toBeGreaterThan(1);
  });

  it('shows "runs another config" with both hashes when re-pushes do not help, and keeps watching', async () => {
    await setup();
    const foreign = `sha256:${'f'.repeat(64)}`;
    bridge.serveConfig({ hash: foreign });
    await h.call('devices.create', deviceInput());
    // The first push plus two drift re-pushes, then the state says what is true instead of pushing again.
    const shown = await h.waitForState('foreign');
    expect(shown.bridgeRunsHash).toBe(foreign);
    expect(shown.acknowledgedHash).toBe(shown.desiredHash);
    expect(bridge.requestsTo('POST /config')).toHaveLength(3);
    const checks = bridge.requestsTo('GET /config').length;
    await sleep(400);
    expect(bridge.requestsTo('POST /config')).toHaveLength(3);
    expect(bridge.requestsTo('GET /config').length).toBeGreaterThan(checks);
    expect(h.statuses.slice(h.statuses.indexOf(shown)).map((s) => s.state)).not.toContain('in_sync');
    // The other writer stops: the bridge runs ours again, and the status says so.
    bridge.serveConfig('accepted');
    const back = await h.waitForState('in_sync');
    expect(back.bridgeRunsHash).toBeNull();
    expect(bridge.requestsTo('POST /config')).toHaveLength(3);
  });

  it('watches GET /health instead when the bridge never had GET /config (404 from the start)', async () => {
    await setup();
    bridge.serveConfig('missing');
    await h.call('devices.create', deviceInput());
    await h.waitForStatus((s) => s.state === 'in_sync' && s.acknowledgedRevision === s.desiredRevision);
    await bridge.waitForRequests(3, { route: 'GET /health' });
    // Asked at start-up and once after the push was taken (a bridge may answer 404 only until its first config).
    expect(bridge.requestsTo('GET /config').length).toBeLessThanOrEqual(2);
    expect(bridge.requestsTo('POST /config')).toHaveLength(1);
  });
});

describe('bridge.test', () => {
  it('sends the token to the configured bridge only, never to a URL being tried out', async () => {
    await setup({ autoPush: false });
    await h.call('settings.update', { bridgeToken: 'bridge-secret' });
    const other = await startBridgeStub();
    extra.push(other);
    const own = await h.call('bridge.test');
    const tried = await h.call('bridge.test', { url: other.url });
    expect(own).toMatchObject({ reachable: true });
    expect(tried).toMatchObject({ reachable: true });
    expect(bridge.requestsTo('GET /health')[0]!.headers.authorization).toBe('Bearer bridge-secret');
    expect(other.requestsTo('GET /health')[0]!.headers.authorization).toBeUndefined();
  });
});

describe('push.notice events', () => {
  it('carry the news of automatic pushes (success, failure, recovery) and never of a manual one', async () => {
    await setup();
    const events: Array<[string, string]> = [];
    h.core.on('push.notice', (n) => events.push([n.kind, n.trigger]));
    await h.call('devices.create', deviceInput());
    await h.waitForStatus((s) => s.state === 'in_sync' && s.desiredRevision === 1);
    await bridge.down();
    await h.call('devices.create', deviceInput());
    await h.waitForState('offline');
    await bridge.up();
    await h.waitForState('in_sync');
    await h.call('sync.push');
    expect(events).toEqual([
      ['success', 'auto'],
      ['failure', 'auto'],
      ['recovered', 'retry'],
    ]);
    // The host's notifier hears of the manual push too; it decides by focus whether to show it.
    expect(h.notices.at(-1)).toMatchObject({ kind: 'success', trigger: 'manual' });
  });
});
