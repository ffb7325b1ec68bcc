/**
 * config.unpushed (issue 11, the Push button and the "not on the bridge yet" marks): the device IDs of
 * config.preview's diff, from the real core, SQLite and a push to the bridge stub.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { type BridgeStub, startBridgeStub } from '../support/bridge-stub';
import { type Harness, startCore } from '../support/core-harness';

let bridge: BridgeStub | undefined;
const cores: Harness[] = [];
afterEach(async () => {
  for (const h of cores.splice(0)) await h.close();
  await bridge?.close();
  bridge = undefined;
});

const NOTHING = { added: [], turnedOn: [], changed: [], turnedOff: [], removed: [] };

describe('config.unpushed', () => {
  it('names what each kind of change left off the bridge, the same diff as config.preview, and is empty after a push', async () => {
    bridge = await startBridgeStub();
    const h = await startCore({ bridgeUrl: bridge.url, autoPush: false });
    cores.push(h);
    const create = (name: string, deviceId: string, active = true) =>
      h.call('devices.create', { name, deviceId, topicPattern: `shop/${deviceId}`, active });
    const laser = await create('Laser cutter', 'laser-01');
    const cnc = await create('CNC router', 'cnc-01');
    const printer = await create('Prusa printer', 'printer-02', false);
    const drill = await create('Drill press', 'drill-01');

    // Nothing acknowledged yet: every active device counts as added.
    expect(await h.call('config.unpushed')).toEqual({
      ...NOTHING,
      acknowledgedRevision: null,
      added: ['cnc-01', 'drill-01', 'laser-01'],
    });
    await h.call('sync.push');
    const acked = await h.call('config.unpushed');
    expect(acked).toEqual({ ...NOTHING, acknowledgedRevision: expect.any(Number) });

    await h.call('devices.update', { id: laser.id, patch: { strategyConfig: { workingThresholdW: 180 } } });
    await h.call('devices.update', { id: cnc.id, patch: { active: false } });
    await h.call('devices.update', { id: printer.id, patch: { active: true } });
    await h.call('devices.delete', { id: drill.id });
    await create('Band saw', 'saw-01');
    // A note is not the bridge's business.
    await h.call('devices.update', { id: laser.id, patch: { notes: 'lens cleaned' } });

    const unpushed = await h.call('config.unpushed');
    expect(unpushed).toEqual({
      acknowledgedRevision: acked.acknowledgedRevision,
      added: ['saw-01'],
      turnedOn: ['printer-02'],
      changed: ['laser-01'],
      turnedOff: ['cnc-01'],
      removed: ['drill-01'],
    });
    const { diff } = await h.call('config.preview');
    expect(diff.changed.map((c) => c.device_id)).toEqual(unpushed.changed);
    expect(diff.turnedOff.map((d) => d.device_id)).toEqual(unpushed.turnedOff);

    await h.call('sync.push');
    expect(await h.call('config.unpushed')).toMatchObject(NOTHING);
  });
});

describe('config.unpushed across a restart', () => {
  it('keeps the devices the bridge acknowledged last, however often the state is saved after that', async () => {
    bridge = await startBridgeStub();
    const h = await startCore({ bridgeUrl: bridge.url, autoPush: false });
    cores.push(h);
    const laser = await h.call('devices.create', {
      name: 'Laser',
      deviceId: 'laser-01',
      topicPattern: 'shop/l',
    });
    await h.call('sync.push');
    await h.call('devices.update', { id: laser.id, patch: { name: 'Laser cutter' } });
    await h.call('sync.push');
    // Later saves of the record (a new pending revision, a failed push) leave the acknowledged devices as they are.
    await h.call('devices.create', { name: 'CNC', deviceId: 'cnc-01', topicPattern: 'shop/c' });
    await bridge.down();
    expect((await h.call('sync.push')).ok).toBe(false);
    await h.reopen();
    expect(await h.call('config.unpushed')).toEqual({
      ...NOTHING,
      acknowledgedRevision: expect.any(Number),
      added: ['cnc-01'],
    });
  });
});
