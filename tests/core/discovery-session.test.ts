/** Discover meters against a real broker (aedes in process) and fake meters of each kind, on a manual clock. */
import { connectAsync, type MqttClient } from 'mqtt';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DeviceIndexCache } from '../../src-main/core/discovery/device-index-cache';
import { DiscoverySession } from '../../src-main/core/discovery/discovery-session';
import { silentLogger } from '../../src-main/core/ports';
import type { DiscoveryState } from '../../src-shared';
import { type EmbeddedBroker, startEmbeddedBroker } from '../support/embedded-broker';
import {
  customPrefix,
  gen1Plug,
  gen2Switch,
  gen3StatusOff,
  gen3StatusOn,
  startFakeMeter,
  storedDevice,
} from '../support/fake-meters';
import { ManualClock } from '../support/manual-clock';

const configured = storedDevice(7, 'cnc', 'shellypmminig3-cnc000000001/#', 'CNC router');

let broker: EmbeddedBroker;
let clock: ManualClock;
let session: DiscoverySession;
let emitted: DiscoveryState[];
let brokerUrl: string | null;
const clients: MqttClient[] = [];

beforeEach(async () => {
  broker = await startEmbeddedBroker();
  brokerUrl = broker.url;
  clock = new ManualClock();
  emitted = [];
  session = new DiscoverySession({
    broker: () => (brokerUrl ? { url: brokerUrl, username: '', password: '' } : null),
    devices: new DeviceIndexCache({ list: () => [configured] }),
    clock,
    logger: silentLogger,
    timing: { coalesceMs: 250, identifyListenMs: 15_000, connectTimeoutMs: 2000 },
    onState: (state) => emitted.push(state),
  });
});

afterEach(async () => {
  await session.close();
  await Promise.all(clients.splice(0).map((c) => c.endAsync()));
  await broker.close();
});

/** A client that hears everything on the broker, to prove what the app published (or did not). */
async function listenToEverything(): Promise<string[]> {
  const heard: string[] = [];
  const spy = await connectAsync(broker.url, { reconnectPeriod: 0, clientId: 'spy' });
  clients.push(spy);
  spy.on('message', (topic) => heard.push(topic));
  await spy.subscribeAsync('#');
  return heard;
}

async function meters(...lists: Parameters<typeof startFakeMeter>[1][]) {
  for (const list of lists) clients.push(await startFakeMeter(broker.url, list));
}

const byPrefix = (state: DiscoveryState) => Object.fromEntries(state.meters.map((m) => [m.prefix, m]));

describe('Discover meters on a real broker', () => {
  it('finds every kind of meter with its prefix, component, status updates and Add/Open', async () => {
    const heard = await listenToEverything();
    const started = await session.start(30);
    expect(started).toMatchObject({ phase: 'listening', endsAt: clock.now() + 30_000, meters: [] });
    const lists = [
      gen3StatusOn(),
      gen3StatusOff(),
      gen2Switch(),
      gen1Plug(),
      customPrefix(),
      gen3StatusOn('shellypmminig3-cnc000000001'),
    ];
    await meters(...lists);
    await vi.waitFor(() => expect(session.state().meters).toHaveLength(6), { timeout: 5000 });
    await vi.waitFor(() => expect(heard).toHaveLength(16), { timeout: 5000 });
    const found = byPrefix(session.state());
    expect(found['shellypmminig3-84fce63e5b4c']).toMatchObject({
      family: 'gen2',
      components: ['pm1:0'],
      statusUpdates: 'on',
      watts: 352.4,
      existing: null,
      suggestion: { topicPattern: 'shellypmminig3-84fce63e5b4c/#', parserType: 'shelly_pm' },
    });
    expect(found['shellypmminig3-a0b1c2d3e4f5']).toMatchObject({ statusUpdates: 'off', eventsSeen: true });
    expect(found['shellyplus1pm-3c61057263dc']).toMatchObject({
      components: ['switch:0'],
      suggestion: { topicPattern: 'shellyplus1pm-3c61057263dc/status/switch:0' },
    });
    expect(found['shellies/shellyplug-s-7C87CE']).toMatchObject({
      family: 'gen1',
      components: ['relay:0'],
      suggestion: { deviceId: 'shellyplug-s-7c87ce', parserType: 'generic' },
    });
    expect(found['site/shelly-laser']).toMatchObject({
      shellyId: 'shellypmminig3-112233445566',
      suggestion: { topicPattern: 'site/shelly-laser/#' },
    });
    expect(found['shellypmminig3-cnc000000001']!.existing).toEqual({
      id: 7,
      name: 'CNC router',
      deviceId: 'cnc',
      by: 'topic',
    });
    // Only the fake meters published: the app's client listened and said nothing.
    const fromMeters = new Set(lists.flat().map((m) => m.topic));
    expect(heard.filter((topic) => !fromMeters.has(topic))).toEqual([]);
  });

  it('coalesces the state events and stops by itself after its time, closing its client', async () => {
    await session.start(30);
    const before = emitted.length;
    await meters(gen3StatusOn(), gen1Plug());
    await vi.waitFor(() => expect(session.state().messages).toBe(5), { timeout: 5000 });
    expect(emitted.length).toBe(before); // nothing yet: the coalescing timer has not run
    clock.advance(250);
    expect(emitted.length).toBe(before + 1);
    expect(emitted.at(-1)!.meters).toHaveLength(2);
    expect(broker.subscriptions(session.src)).toContain('+/+/status/+');
    clock.advance(30_000);
    await vi.waitFor(() => expect(broker.subscriptions(session.src)).toEqual([]), { timeout: 5000 });
    expect(session.state()).toMatchObject({ phase: 'finished' });
    expect(session.state().meters).toHaveLength(2); // the list stays for Add
  });

  it('Stop ends listening at once; a new start drops the old list', async () => {
    await session.start(30);
    await meters(gen1Plug());
    await vi.waitFor(() => expect(session.state().meters).toHaveLength(1), { timeout: 5000 });
    const stopped = await session.stop();
    expect(stopped).toMatchObject({ phase: 'finished', endsAt: clock.now() });
    expect(clock.pending).toBe(0);
    const again = await session.start(10);
    expect(again).toMatchObject({ phase: 'listening', meters: [] });
  });

  it('identify is the only publish: GetDeviceInfo per Gen2/Gen3 prefix and announce for Gen1; answers fill in model', async () => {
    const heard = await listenToEverything();
    await session.start(30);
    clients.push(
      await startFakeMeter(broker.url, gen3StatusOn(), {
        prefix: 'shellypmminig3-84fce63e5b4c',
        shellyId: 'shellypmminig3-84fce63e5b4c',
        app: 'MiniPMG3',
        gen: 3,
      }),
      await startFakeMeter(broker.url, customPrefix(), {
        prefix: 'site/shelly-laser',
        shellyId: 'shellypmminig3-112233445566',
        app: 'MiniPMG3',
        gen: 3,
      }),
      await startFakeMeter(broker.url, gen1Plug(), {
        prefix: 'shellies/shellyplug-s-7C87CE',
        shellyId: 'shellyplug-s-7C87CE',
        app: 'SHPLG-S',
        gen: 1,
      }),
    );
    await vi.waitFor(() => expect(session.state().meters).toHaveLength(3), { timeout: 5000 });
    expect(heard.filter((t) => t.endsWith('/rpc') && !t.includes('/events/'))).toEqual([]);

    const asked = await session.identifyMeters();
    expect(asked.identify).toMatchObject({ requests: 3 });
    await vi.waitFor(() => expect(session.state().identify?.answers).toBe(3), { timeout: 5000 });
    expect(heard).toEqual(
      expect.arrayContaining([
        'shellypmminig3-84fce63e5b4c/rpc',
        'site/shelly-laser/rpc',
        'shellies/command',
      ]),
    );
    const found = byPrefix(session.state());
    expect(found['shellypmminig3-84fce63e5b4c']).toMatchObject({
      model: 'Shelly PM Mini Gen3',
      modelFrom: 'answer',
      generation: 3,
      firmware: '1.4.4',
    });
    expect(found['site/shelly-laser']).toMatchObject({ generation: 3, firmware: '1.4.4' });
    expect(found['shellies/shellyplug-s-7C87CE']).toMatchObject({
      model: 'Shelly Plug S',
      generation: 1,
      firmware: '20230913-114008/v1.14.0-gcb84623',
    });
  });

  it('says why it cannot discover: no broker set, or a broker that refuses the connection', async () => {
    brokerUrl = null;
    expect(await session.start()).toMatchObject({
      phase: 'failed',
      error: 'No broker is set: enter the Broker URL in Preferences to discover meters.',
    });
    const closedPort = broker.port;
    await broker.close();
    brokerUrl = `mqtt://127.0.0.1:${closedPort}`;
    const refused = await session.start();
    expect(refused.phase).toBe('failed');
    expect(refused.error).toMatch(/refused the connection|Could not connect/);
    broker = await startEmbeddedBroker();
  });
});
