/**
 * Issue 9 §2: the status always carries the bridge's latest word. Real core, SQLite and the FastAPI-like stub.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { type BridgeStub, fastApi422, startBridgeStub } from '../support/bridge-stub';
import { deviceInput, type Harness, startCore } from '../support/core-harness';

let bridge: BridgeStub;
let h: Harness;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

afterEach(async () => {
  await h?.close();
  await bridge?.close();
});

async function inSync() {
  return h.waitForStatus((s) => s.state === 'in_sync' && s.acknowledgedRevision === s.desiredRevision);
}

describe('Rejected by bridge, also after the same config had been acknowledged', () => {
  it('shows the 422 of a manual push after In sync, and keeps it until a push succeeds', async () => {
    bridge = await startBridgeStub({ fastapi: true });
    h = await startCore({ bridgeUrl: bridge.url });
    await h.call('devices.create', deviceInput());
    const acked = await inSync();

    bridge.script(fastApi422({ loc: ['body', 'devices', 0, 'mqtt_topic'], msg: 'topic already taken' }));
    const answer = await h.call('sync.push');
    expect(answer).toMatchObject({ ok: false, kind: 'rejected', status: 422 });
    const status = await h.waitForState('rejected');
    expect(status.lastOutcome).toMatchObject({ message: 'body.devices.0.mqtt_topic: topic already taken' });
    // Time passes, the watch talks to the bridge: the bridge's latest word stays on screen.
    await sleep(400);
    expect((await h.call('sync.status')).state).toBe('rejected');
    expect(bridge.requestsTo('POST /config')).toHaveLength(2);

    expect(await h.call('sync.push')).toMatchObject({ ok: true });
    expect((await inSync()).desiredRevision).toBe(acked.desiredRevision);
  });

  it('ends with a device change: the new config is pushed and acknowledged', async () => {
    bridge = await startBridgeStub({ fastapi: true });
    h = await startCore({ bridgeUrl: bridge.url });
    await h.call('devices.create', deviceInput());
    await inSync();
    bridge.script(fastApi422({ loc: ['body'], msg: 'nope' }));
    await h.call('sync.push');
    await h.waitForState('rejected');
    await h.call('devices.create', deviceInput());
    const after = await inSync();
    expect(after.desiredRevision).toBe(2);
  });

  it('ends with a new bridge URL', async () => {
    bridge = await startBridgeStub({ fastapi: true });
    h = await startCore({ bridgeUrl: bridge.url, autoPush: false });
    await h.call('devices.create', deviceInput());
    bridge.script(fastApi422({ loc: ['body'], msg: 'nope' }));
    await h.call('sync.push');
    await h.waitForState('rejected');
    const other = await startBridgeStub({ fastapi: true });
    try {
      await h.call('settings.update', { bridgeUrl: other.url });
      expect((await h.call('sync.status')).state).toBe('pending');
    } finally {
      await other.close();
    }
  });
});

describe('a bridge that is down', () => {
  it('stays Bridge unreachable during retry rounds, with the attempt under way, and tells of a newer revision', async () => {
    bridge = await startBridgeStub();
    await bridge.down();
    h = await startCore({ bridgeUrl: bridge.url });
    await h.call('devices.create', deviceInput());
    await h.waitForStatus((s) => s.state === 'offline' && s.attempt === null);
    const from = h.statuses.length;
    // The next background round: its attempts show, the state stays offline.
    await h.waitForStatus((s) => s.state === 'offline' && s.attempt?.number === 3 && s.attempt.of === 4);
    await h.waitForStatus((s) => s.state === 'offline' && s.attempt === null && s.nextRetryAt !== null);
    expect(h.statuses.slice(from).map((s) => s.state)).not.toContain('pushing');

    await h.call('devices.create', deviceInput());
    await h.waitForStatus(
      (s) => s.state === 'offline' && s.attempt === null && s.lastOutcome?.revision === 2,
    );
    // One failure notice per revision: the retries of revision 1 said nothing new, revision 2's failure did.
    const failures = h.notices.filter((n) => n.kind === 'failure').map((n) => n.outcome.revision);
    expect(failures).toEqual([1, 2]);
  });

  it('says Bridge unreachable after a failed manual push although the config had been acknowledged', async () => {
    bridge = await startBridgeStub({ fastapi: true });
    h = await startCore({ bridgeUrl: bridge.url });
    await h.call('devices.create', deviceInput());
    await inSync();
    await bridge.down();
    expect(await h.call('sync.push')).toMatchObject({ ok: false, kind: 'unreachable' });
    expect((await h.call('sync.status')).state).toBe('offline');
    // It answers again: it may have restarted empty, so the config goes once more, and the status is true again.
    await bridge.up();
    await inSync();
    expect(bridge.lastAccepted).not.toBeNull();
  });
});
