import { afterEach, describe, expect, it } from 'vitest';
import { type BridgeStub, startBridgeStub } from '../support/bridge-stub';
import { type Harness, startCore } from '../support/core-harness';

let bridge: BridgeStub;
let h: Harness;

afterEach(async () => {
  await h?.close();
  await bridge?.close();
});

const history = () => h.call('sync.history');

describe('push history: one row per push', () => {
  it('keeps the background retries of a push inside it, with each attempt listed', async () => {
    bridge = await startBridgeStub();
    h = await startCore({ bridgeUrl: bridge.url });
    const laser = await h.call('devices.create', {
      name: 'Laser',
      deviceId: 'laser',
      topicPattern: 'laser/#',
    });
    await h.waitForStatus((s) => s.state === 'in_sync' && s.desiredRevision === 1);

    // The bridge answers 503 to the next 8 requests: the automatic push (4 requests) and the first background
    // retry (4 more) fail, the second background retry gets through.
    const busy = Array.from({ length: 8 }, () => ({ status: 503, body: { detail: 'busy' } }));
    bridge.script(...busy);
    await h.call('devices.update', { id: laser.id, patch: { strategyConfig: { workingThresholdW: 120 } } });
    await h.waitForStatus((s) => s.state === 'in_sync' && s.desiredRevision === 2);
    expect(bridge.requestsTo('POST /config')).toHaveLength(1 + 8 + 1);

    const pushes = await history();
    expect(pushes.map((p) => [p.revision, p.attempts.length, p.outcome])).toEqual([
      [2, 3, 'success'],
      [1, 1, 'success'],
    ]);
    const [push] = pushes;
    expect(push).toMatchObject({ trigger: 'auto', status: 200, message: null, id: push!.attempts[0]!.id });
    expect(push!.attempts.map((a) => [a.trigger, a.outcome, a.status, a.attempts])).toEqual([
      ['auto', 'server_error', 503, 4],
      ['retry', 'server_error', 503, 4],
      ['retry', 'success', 200, 1],
    ]);
    expect(push!.attempts[0]!.message).toContain('busy');

    // Its detail compares it with the push before it, not with its own earlier attempt.
    const detail = await h.call('sync.pushDetail', { id: push!.id });
    expect(detail.diff!.changed).toEqual([
      { device_id: 'laser', fields: [{ field: 'session_config.working_threshold_w', from: 100, to: 120 }] },
    ]);

    // A manual push of the same config afterwards is a push of its own.
    expect((await h.call('sync.push')).ok).toBe(true);
    expect((await history()).map((p) => p.attempts.length)).toEqual([1, 3, 1]);
  });

  it('says a device switched off was turned off, back on turned on, and a deleted one removed', async () => {
    bridge = await startBridgeStub();
    h = await startCore({ bridgeUrl: bridge.url, autoPush: false });
    await h.call('devices.create', { name: 'Laser', deviceId: 'laser', topicPattern: 'laser/#' });
    const cnc = await h.call('devices.create', {
      name: 'CNC',
      deviceId: 'cnc',
      topicPattern: 'cnc/#',
    });
    const pushAndDetail = async () => {
      expect((await h.call('sync.push')).ok).toBe(true);
      const [newest] = await history();
      return (await h.call('sync.pushDetail', { id: newest!.id })).diff!;
    };
    await pushAndDetail();

    await h.call('devices.update', { id: cnc.id, patch: { active: false } });
    const off = await pushAndDetail();
    expect(off.turnedOff.map((d) => d.device_id)).toEqual(['cnc']);
    expect([off.removed, off.added, off.turnedOn]).toEqual([[], [], []]);

    await h.call('devices.update', { id: cnc.id, patch: { active: true } });
    const on = await pushAndDetail();
    expect(on.turnedOn.map((d) => d.device_id)).toEqual(['cnc']);
    expect([on.removed, on.added, on.turnedOff]).toEqual([[], [], []]);

    await h.call('devices.delete', { id: cnc.id });
    const gone = await pushAndDetail();
    expect(gone.removed.map((d) => d.device_id)).toEqual(['cnc']);
    expect(gone.turnedOff).toEqual([]);
  });
});
