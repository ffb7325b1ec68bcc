/**
 * The live view against a real broker (aedes on 127.0.0.1, port 0) and fake Shelly meters publishing real
 * payloads. The service runs on a manual clock, so the coalescing window and the reconnect backoff are stepped,
 * not waited for; only the network is real (tests wait for messages to arrive, never sleep).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { LiveService } from '../../src-main/core/live/live-service';
import { silentLogger } from '../../src-main/core/ports';
import {
  DEFAULT_SETTINGS,
  DEFAULT_STRATEGY_CONFIG,
  type Device,
  type EventName,
  type EventPayload,
  type LiveOverviewUpdate,
  type LiveSamplesUpdate,
  type Settings,
} from '../../src-shared';
import { startEmbeddedBroker } from '../support/embedded-broker';
import { startFakeGen1, startFakeShelly } from '../support/fake-shelly';
import { ManualClock } from '../support/manual-clock';

const COALESCE_MS = 250;

function device(
  id: number,
  deviceId: string,
  topicPattern: string,
  parserType: Device['parserType'] = 'shelly_pm',
): Device {
  return {
    id,
    deviceId,
    name: deviceId,
    topicPattern,
    parserType,
    strategy: 'power_threshold',
    strategyConfig: { ...DEFAULT_STRATEGY_CONFIG },
    active: true,
    notes: '',
    createdAt: '2026-12-02T08:00:00.000Z',
    updatedAt: '2026-12-02T08:00:00.000Z',
  };
}

const cleanups: Array<() => unknown> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function setup(devices: Device[]) {
  const broker = await startEmbeddedBroker();
  cleanups.push(() => broker.close());
  const clock = new ManualClock();
  const events: Array<{ event: EventName; payload: unknown }> = [];
  const waiters = new Set<() => void>();
  let list = devices;
  let settings: Settings = { ...DEFAULT_SETTINGS, brokerUrl: broker.url };
  const live = new LiveService({
    clock,
    logger: silentLogger,
    timing: { coalesceMs: COALESCE_MS, sweepMs: 2000, backoffMs: [1000, 2000, 4000], connectTimeoutMs: 5000 },
    devices: () => list,
    settings: () => settings,
    emit: <E extends EventName>(event: E, payload: EventPayload<E>) => {
      events.push({ event, payload });
      for (const w of [...waiters]) w();
    },
  });
  cleanups.push(() => live.close());
  /** Resolves once `check` holds, re-checked after every event and every 20 ms of real time (network). */
  const until = (check: () => boolean, what: string, timeoutMs = 5000) =>
    new Promise<void>((resolve, reject) => {
      const tick = () => {
        if (!check()) return;
        waiters.delete(tick);
        clearInterval(poll);
        clearTimeout(timer);
        resolve();
      };
      const poll = setInterval(tick, 20);
      const timer = setTimeout(() => {
        waiters.delete(tick);
        clearInterval(poll);
        reject(new Error(`timed out waiting for ${what}`));
      }, timeoutMs);
      waiters.add(tick);
      tick();
    });
  const row = (id: number) => live.overview().devices.find((d) => d.id === id)!;
  const updates = () =>
    events.filter((e) => e.event === 'live.overview').map((e) => e.payload as LiveOverviewUpdate);
  const sampleEvents = () =>
    events.filter((e) => e.event === 'live.samples').map((e) => e.payload as LiveSamplesUpdate);
  live.start();
  await until(() => live.brokerStatus().state === 'connected', 'the connection');
  return {
    broker,
    clock,
    live,
    events,
    until,
    row,
    updates,
    sampleEvents,
    setDevices(next: Device[]) {
      list = next;
      live.syncDevices();
    },
    setSettings(next: Partial<Settings>) {
      settings = { ...settings, ...next };
      live.onSettingsChanged(settings);
    },
  };
}

describe('live view with a real broker', () => {
  it('subscribes exactly to what the bridge hears plus online and events, and shows the watts after one coalescing window', async () => {
    const t = await setup([device(1, 'laser', 'shellypmminig3-laser/#')]);
    await t.broker.waitForSubscription('shellypmminig3-laser/status/pm1:0');
    expect(t.broker.subscriptions('workshop-manager-')).toEqual([
      'shellypmminig3-laser/events/rpc',
      'shellypmminig3-laser/online',
      'shellypmminig3-laser/status/pm1:0',
    ]);
    const meter = await startFakeShelly(t.broker.url, { prefix: 'shellypmminig3-laser' });
    cleanups.push(() => meter.close());
    for (const w of [10.5, 200, 352.4]) await meter.power(w);
    await t.until(() => t.row(1).watts === 352.4 && t.row(1).messages >= 7, 'the readings');
    t.events.length = 0;

    // Nothing reaches the renderer before the window closes; then one update carries the newest state.
    t.clock.advance(COALESCE_MS - 1);
    expect(t.updates()).toEqual([]);
    t.clock.advance(1);
    expect(t.updates()).toHaveLength(1);
    const sent = t.updates()[0]!.devices.find((d) => d.id === 1)!;
    expect(sent).toMatchObject({
      watts: 352.4,
      source: expect.stringMatching(/apower of pm1:0/),
      online: true,
      state: 'live',
    });
    expect(t.sampleEvents()[0]!.devices[0]!.samples.map((s) => s.watts)).toEqual([10.5, 200, 352.4]);
    expect(t.live.history(1).samples.map((s) => s.watts)).toEqual([10.5, 200, 352.4]);
  });

  it('lays a partial NotifyStatus over the last known status', async () => {
    const t = await setup([device(1, 'plug', 'shellyplusplugs-1/status/switch:0')]);
    await t.broker.waitForSubscription('shellyplusplugs-1/events/rpc');
    const meter = await startFakeShelly(t.broker.url, {
      prefix: 'shellyplusplugs-1',
      component: 'switch:0',
      statusUpdates: false,
    });
    cleanups.push(() => meter.close());
    await meter.raw(
      'events/rpc',
      JSON.stringify({
        src: 'shellyplusplugs-1',
        method: 'NotifyFullStatus',
        params: { 'switch:0': { id: 0, output: true, apower: 12, voltage: 230 } },
      }),
    );
    await meter.raw(
      'events/rpc',
      JSON.stringify({
        src: 'shellyplus1pm-3c61057263dc',
        dst: 'shellyplus1pm-3c61057263dc/events',
        method: 'NotifyStatus',
        params: { ts: 1657970346.65, 'switch:0': { id: 0, apower: 579.0 } },
      }),
    );
    // A NotifyStatus without apower (only the voltage changed) keeps the last reading.
    await meter.raw(
      'events/rpc',
      JSON.stringify({ method: 'NotifyStatus', params: { 'switch:0': { voltage: 231 } } }),
    );
    await t.until(() => t.row(1).messages >= 4, 'the events');
    expect(t.row(1)).toMatchObject({
      watts: 579,
      eventsSeen: true,
      statusSeen: false,
      components: ['switch:0'],
    });
    expect(t.row(1).lastStatus).toEqual({ id: 0, output: true, apower: 579, voltage: 231 });
    // Events are not what the bridge hears: nothing buffered, and the diagnosis says why.
    expect(t.row(1).buffered).toBe(0);
    expect(t.row(1).diagnostics.map((d) => d.code)).toContain('status_updates_off');
  });

  it('marks a meter offline when its last will arrives', async () => {
    const t = await setup([device(1, 'cnc', 'shellypmminig3-cnc/#')]);
    await t.broker.waitForSubscription('shellypmminig3-cnc/online');
    const meter = await startFakeShelly(t.broker.url, { prefix: 'shellypmminig3-cnc' });
    await meter.power(800);
    await t.until(() => t.row(1).watts === 800, 'a reading');
    expect(t.row(1).state).toBe('live');
    meter.die();
    await t.until(() => t.row(1).online === false, 'the last will');
    expect(t.row(1).state).toBe('offline');
    expect(t.live.history(1).online.map((m) => m.online)).toEqual([true, false]);
  });

  it('says Broker unreachable while the broker is down, and reconnects with its subscriptions', async () => {
    const t = await setup([device(1, 'laser', 'shellypmminig3-laser/#')]);
    await t.broker.waitForSubscription('shellypmminig3-laser/status/pm1:0');
    await t.broker.stop();
    await t.until(() => t.live.brokerStatus().state === 'unreachable', 'Broker unreachable');
    expect(t.live.brokerStatus()).toMatchObject({
      detail: expect.stringMatching(/lost|refused|reach/),
      nextRetryAt: t.clock.now() + 1000,
    });
    // The first retry fails too (still down): the next delay is the second step of the backoff.
    t.clock.advance(1000);
    await t.until(() => t.live.brokerStatus().nextRetryAt === t.clock.now() + 2000, 'the second retry');
    expect(t.live.brokerStatus().state).toBe('unreachable');
    await t.broker.start();
    t.clock.advance(2000);
    await t.until(() => t.live.brokerStatus().state === 'connected', 'the reconnection');
    await t.broker.waitForSubscription('shellypmminig3-laser/status/pm1:0');
    const meter = await startFakeShelly(t.broker.url, { prefix: 'shellypmminig3-laser' });
    cleanups.push(() => meter.close());
    await meter.power(42);
    await t.until(() => t.row(1).watts === 42, 'a reading after the reconnection');
    expect(
      t.events.filter((e) => e.event === 'broker.status').map((e) => (e.payload as { state: string }).state),
    ).toEqual(expect.arrayContaining(['unreachable', 'connected']));
  });

  it('follows device changes on the next turn: new topics subscribed, old ones dropped', async () => {
    const t = await setup([device(1, 'laser', 'shellypmminig3-laser/#')]);
    await t.broker.waitForSubscription('shellypmminig3-laser/online');
    t.setDevices([
      device(1, 'laser', 'shellypmminig3-laser2/#'),
      device(2, 'printer', 'shellies/printer/relay/0/power', 'generic'),
    ]);
    await t.broker.waitForSubscription('shellies/printer/relay/0/power');
    await t.until(
      () => !t.broker.subscriptions('workshop-manager-').includes('shellypmminig3-laser/online'),
      'the unsubscription',
    );
    expect(t.broker.subscriptions('workshop-manager-')).toEqual([
      'shellies/printer/online',
      'shellies/printer/relay/0/power',
      'shellypmminig3-laser2/events/rpc',
      'shellypmminig3-laser2/online',
      'shellypmminig3-laser2/status/pm1:0',
    ]);
    const gen1 = await startFakeGen1(t.broker.url, 'printer');
    cleanups.push(() => gen1.close());
    await gen1.power(61.25);
    await t.until(() => t.row(2).watts === 61.25, 'the Gen1 reading');
    expect(t.row(2)).toMatchObject({ source: 'plain number', online: true });
    t.setDevices([device(1, 'laser', 'shellypmminig3-laser2/#')]);
    // A burst of commits is followed once, on the next turn of the event loop (a save stays cheap).
    await new Promise((resolve) => setImmediate(resolve));
    t.clock.advance(COALESCE_MS);
    expect(t.updates().at(-1)!.removed).toEqual([2]);
  });

  it('counts payloads it cannot read, shows the last one, and keeps going', async () => {
    const t = await setup([
      device(1, 'laser', 'shellypmminig3-laser/#'),
      device(2, 'gen', 'lab/meter/power', 'generic'),
    ]);
    await t.broker.waitForSubscription('lab/meter/power');
    const meter = await startFakeShelly(t.broker.url, { prefix: 'shellypmminig3-laser' });
    cleanups.push(() => meter.close());
    await meter.raw('status/pm1:0', '{"id":0,"apower":');
    await meter.raw('status/pm1:0', '{"id":0,"voltage":230}');
    await meter.raw('online', 'maybe');
    await meter.client.publishAsync('lab/meter/power', '{"watts":3}');
    await meter.client.publishAsync('lab/meter/power', '{"power":17.5}');
    await meter.power(99);
    await t.until(() => t.row(1).watts === 99 && t.row(2).watts === 17.5, 'the good readings');
    expect(t.row(1).unreadable).toBe(3);
    expect(t.row(1).lastUnreadable).toMatchObject({ topic: 'shellypmminig3-laser/online', example: 'maybe' });
    expect(t.row(2)).toMatchObject({ unreadable: 1, source: 'power' });
    expect(t.row(2).lastUnreadable?.why).toMatch(/no numeric apower, power or value/);
    expect(t.row(1).diagnostics.find((d) => d.code === 'unreadable_payloads')?.sentence).toMatch(
      /^3 messages could not be read/,
    );
  });

  it('measures silences, and counts only those begun in use against the message timeout', async () => {
    const t = await setup([device(1, 'printer', 'shellypmminig3-printer/#')]);
    await t.broker.waitForSubscription('shellypmminig3-printer/status/pm1:0');
    const meter = await startFakeShelly(t.broker.url, { prefix: 'shellypmminig3-printer' });
    cleanups.push(() => meter.close());
    const reading = async (watts: number, n: number) => {
      await meter.power(watts);
      await t.until(() => t.row(1).buffered === n, `reading ${n}`);
    };
    await reading(112, 1); // printing (above the 20 W standby threshold)
    t.clock.advance(50_000);
    await reading(3, 2); // done: idle
    t.clock.advance(100_000);
    await reading(250, 3);
    expect(t.row(1)).toMatchObject({ longestSilenceMs: 100_000, longestSilenceInUseMs: 50_000 });
    expect(t.row(1).diagnostics.map((d) => d.sentence)).toContainEqual(
      expect.stringMatching(
        /^The longest silence seen while the machine was in use \(50 s\) exceeds the message timeout \(20 s\)/,
      ),
    );
    // A silence still going on counts too, once it is long enough.
    t.clock.advance(70_000);
    expect(t.row(1)).toMatchObject({ longestSilenceInUseMs: 70_000, state: 'silent' });
  });

  it('turns a row silent on the clock, without a message, and sends it', async () => {
    const t = await setup([device(1, 'laser', 'shellypmminig3-laser/#')]);
    await t.broker.waitForSubscription('shellypmminig3-laser/status/pm1:0');
    const meter = await startFakeShelly(t.broker.url, { prefix: 'shellypmminig3-laser' });
    cleanups.push(() => meter.close());
    await meter.power(900);
    await t.until(() => t.row(1).buffered === 1, 'the reading');
    t.clock.advance(COALESCE_MS);
    t.events.length = 0;
    t.clock.advance(20_000);
    expect(t.updates().flatMap((u) => u.devices.map((d) => d.state))).not.toContain('silent');
    t.clock.advance(2_000);
    expect(t.updates().flatMap((u) => u.devices.map((d) => d.state))).toContain('silent');
  });

  it('says Broker refused login for a wrong password, and connects after the login is fixed', async () => {
    const broker = await startEmbeddedBroker({ login: { username: 'staff', password: 'right' } });
    cleanups.push(() => broker.close());
    const t = await setup([]);
    t.setSettings({ brokerUrl: broker.url, brokerUsername: 'staff', brokerPassword: 'wrong' });
    await t.until(() => t.live.brokerStatus().state === 'refused', 'Broker refused login');
    expect(t.live.brokerStatus().detail).toMatch(/refused the user name or password/);
    t.setSettings({ brokerPassword: 'right' });
    await t.until(() => t.live.brokerStatus().state === 'connected', 'the connection');
    t.setSettings({ brokerUrl: '' });
    expect(t.live.brokerStatus().state).toBe('off');
  });
});
