/**
 * Discover meters through the core's contract: a real broker (aedes), the real core on a temp SQLite file, and the
 * bridge stub counting POSTs. Add all is one transaction (one devices.changed) and one push.
 */
import type { MqttClient } from 'mqtt';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createConfSettings } from '../../src-main/core/conf-settings';
import { createWorkshopCore } from '../../src-main/core/create-workshop-core';
import { silentLogger } from '../../src-main/core/ports';
import type { WorkshopCore } from '../../src-main/core/workshop-core-types';
import type { CallInput, CallName, DiscoveryState } from '../../src-shared';
import { callCore } from '../support/api-client';
import { type BridgeStub, startBridgeStub } from '../support/bridge-stub';
import { FAST_PUSH, FAST_SYNC } from '../support/core-harness';
import { type EmbeddedBroker, startEmbeddedBroker } from '../support/embedded-broker';
import { everyKind, gen3StatusOn, startFakeMeter } from '../support/fake-meters';
import { tempDirs } from '../support/temp-dir';

const dirs = tempDirs('wm-discovery-');
let broker: EmbeddedBroker;
let bridge: BridgeStub;
let core: WorkshopCore;
let changes: number;
const clients: MqttClient[] = [];

const call = <C extends CallName>(channel: C, input?: CallInput<C>) => callCore(core, channel, input);

async function inSync(): Promise<void> {
  await vi.waitFor(
    async () => {
      const status = await call('sync.status');
      expect(status).toMatchObject({ state: 'in_sync' });
      expect(status.acknowledgedRevision).toBe(status.desiredRevision);
    },
    { timeout: 5000 },
  );
}

beforeEach(async () => {
  broker = await startEmbeddedBroker();
  bridge = await startBridgeStub();
  const settings = createConfSettings({ cwd: dirs.make() });
  settings.set({ bridgeUrl: bridge.url, brokerUrl: broker.url });
  core = createWorkshopCore({
    dataDir: dirs.make(),
    settings,
    logger: () => silentLogger,
    push: FAST_PUSH,
    sync: FAST_SYNC,
    random: () => 0.5,
    discovery: { coalesceMs: 20 },
  });
  changes = 0;
  core.on('devices.changed', () => changes++);
});

afterEach(async () => {
  await core.close({ timeoutMs: 100 });
  await Promise.all(clients.splice(0).map((c) => c.endAsync()));
  await broker.close();
  await bridge.close();
  dirs.cleanup();
});

describe('Add all found meters', () => {
  it('dry run first, then one transaction and one push; the added meters then show Open', async () => {
    await call('devices.create', {
      name: 'CNC router',
      deviceId: 'cnc',
      topicPattern: 'shellypmminig3-cnc000000001/#',
    });
    await inSync();
    bridge.clearRequests();
    changes = 0;

    const events: DiscoveryState[] = [];
    core.on('discovery.state', (s) => events.push(s));
    await call('discovery.start', { seconds: 30 });
    for (const list of [everyKind(), gen3StatusOn('shellypmminig3-cnc000000001')]) {
      clients.push(await startFakeMeter(broker.url, list));
    }
    await vi.waitFor(() => expect(events.at(-1)?.meters).toHaveLength(6), { timeout: 5000 });
    const keys = events.at(-1)!.meters.map((m) => m.key);

    const dry = await call('discovery.add', { keys, dryRun: true });
    expect(dry).toMatchObject({ dryRun: true, applied: false, counts: { create: 5, skip: 1, refuse: 0 } });
    expect(dry.rows.find((r) => r.action === 'skip')?.key).toBe('shellypmminig3-cnc000000001');
    expect(await call('devices.list')).toHaveLength(1);
    expect(changes).toBe(0);

    const done = await call('discovery.add', { keys, dryRun: false });
    expect(done).toMatchObject({ applied: true, counts: { create: 5, skip: 1, refuse: 0 } });
    expect(changes).toBe(1);
    await inSync();
    const posts = bridge.requestsTo('POST /config');
    expect(posts).toHaveLength(1);
    expect((posts[0]!.body as { devices: unknown[] }).devices).toHaveLength(6);

    const devices = await call('devices.list');
    expect(devices.map((d) => d.topicPattern).sort()).toEqual([
      'shellies/shellyplug-s-7C87CE/relay/0/power',
      'shellyplus1pm-3c61057263dc/status/switch:0',
      'shellypmminig3-84fce63e5b4c/#',
      'shellypmminig3-a0b1c2d3e4f5/#',
      'shellypmminig3-cnc000000001/#',
      'site/shelly-laser/#',
    ]);
    const after = await call('discovery.state');
    expect(after.meters.every((m) => m.existing !== null)).toBe(true);
  });

  it('refuses the whole add when one row cannot be added, and names why', async () => {
    await call('discovery.start', { seconds: 30 });
    clients.push(await startFakeMeter(broker.url, everyKind()));
    await vi.waitFor(async () => expect((await call('discovery.state')).meters).toHaveLength(5), {
      timeout: 5000,
    });
    const report = await call('discovery.add', {
      keys: ['site/shelly-laser', 'gone/meter'],
      dryRun: false,
    });
    expect(report).toMatchObject({ applied: false, counts: { create: 1, refuse: 1 } });
    expect(report.rows[1]!.fieldErrors).toEqual({
      key: 'is not among the meters found (start Discover meters again)',
    });
    expect(await call('devices.list')).toHaveLength(0);
    expect(changes).toBe(0);
  });

  it('checks its input like every call', async () => {
    const result = await core.invoke('discovery.add', { keys: [], dryRun: 'yes' });
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(await core.invoke('discovery.start', { seconds: 1 })).toMatchObject({
      ok: false,
      error: { fieldErrors: { seconds: 'must be at least 5 seconds' } },
    });
  });
});
