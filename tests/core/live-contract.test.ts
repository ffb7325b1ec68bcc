/**
 * The live view through the core's contract: Test broker's one-sentence outcomes against a real broker, the
 * stored login used only for the stored broker, and live.overview / live.history following device changes.
 */
import { once } from 'node:events';
import { createServer } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { BrokerStatus, CallInput } from '../../src-shared';
import { deviceInput, type Harness, startCore } from '../support/core-harness';
import { startEmbeddedBroker } from '../support/embedded-broker';
import { startFakeShelly } from '../support/fake-shelly';

const cleanups: Array<() => unknown> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function core(): Promise<Harness> {
  const h = await startCore({ bridgeUrl: 'http://127.0.0.1:9', autoPush: false });
  cleanups.push(() => h.close());
  return h;
}

async function until(check: () => Promise<boolean>, what: string) {
  for (let i = 0; i < 250; i++) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe('Test broker', () => {
  it('says connected, wrong credentials, refused, timeout or invalid in one sentence', async () => {
    const broker = await startEmbeddedBroker({ login: { username: 'staff', password: 'right' } });
    cleanups.push(() => broker.close());
    // Accepts TCP and never answers MQTT: the test must give up and say so.
    const held = new Set<import('node:net').Socket>();
    const silent = createServer((socket) => held.add(socket)).listen(0, '127.0.0.1');
    await once(silent, 'listening');
    cleanups.push(() => {
      for (const socket of held) socket.destroy();
      return new Promise((r) => silent.close(r));
    });
    const h = await core();
    const test = (input: CallInput<'broker.test'>) => h.call('broker.test', input);

    const good = await test({ url: broker.url, username: 'staff', password: 'right' });
    expect(good).toMatchObject({
      outcome: 'connected',
      message: `Connected to the broker at 127.0.0.1:${broker.port} as staff.`,
    });
    expect((await test({ url: broker.url, username: 'staff', password: 'wrong' })).outcome).toBe(
      'bad_credentials',
    );
    const refused = await test({ url: 'mqtt://127.0.0.1:1' });
    expect(refused).toMatchObject({
      outcome: 'refused',
      message: expect.stringMatching(/^Nothing accepts connections at 127\.0\.0\.1:1/),
    });
    const port = (silent.address() as { port: number }).port;
    expect((await test({ url: `mqtt://127.0.0.1:${port}` })).outcome).toBe('timeout');
    expect(await test({ url: 'http://broker' })).toMatchObject({
      outcome: 'invalid',
      message: 'The broker URL must start with mqtt://, mqtts://, ws:// or wss://.',
    });
    expect((await h.core.invoke('broker.test', { url: 5 })).ok).toBe(false);
  }, 30_000);

  it('uses the stored login for the stored broker only', async () => {
    const broker = await startEmbeddedBroker({ login: { username: 'staff', password: 'right' } });
    cleanups.push(() => broker.close());
    const other = await startEmbeddedBroker({ login: { username: 'staff', password: 'right' } });
    cleanups.push(() => other.close());
    const h = await core();
    await h.call('settings.update', {
      brokerUrl: broker.url,
      brokerUsername: 'staff',
      brokerPassword: 'right',
    });
    expect((await h.call('broker.test', null)).outcome).toBe('connected');
    // Another URL someone is trying out does not get the stored password.
    expect((await h.call('broker.test', { url: other.url })).outcome).toBe('bad_credentials');
  });
});

describe('live calls', () => {
  it('broker.status follows the preference; live.overview and live.history follow the devices', async () => {
    const broker = await startEmbeddedBroker();
    cleanups.push(() => broker.close());
    const h = await core();
    expect((await h.call('broker.status')).state).toBe('off');
    const heard: BrokerStatus[] = [];
    h.core.on('broker.status', (s) => heard.push(s));
    await h.call('settings.update', { brokerUrl: broker.url });
    await until(async () => (await h.call('broker.status')).state === 'connected', 'connected');
    expect(heard.map((s) => s.state)).toEqual(expect.arrayContaining(['connecting', 'connected']));

    const device = await h.call('devices.create', deviceInput({ topicPattern: 'shellypmminig3-cnc/#' }));
    await broker.waitForSubscription('shellypmminig3-cnc/status/pm1:0');
    const meter = await startFakeShelly(broker.url, { prefix: 'shellypmminig3-cnc' });
    cleanups.push(() => meter.close());
    await meter.power(1200.5);
    await until(
      async () => (await h.call('live.history', { id: device.id })).samples.length === 1,
      'a sample',
    );
    const overview = await h.call('live.overview');
    expect(overview.devices).toEqual([
      expect.objectContaining({ id: device.id, watts: 1200.5, state: 'live' }),
    ]);

    await h.call('devices.update', { id: device.id, patch: { active: false } });
    expect((await h.call('live.overview')).devices).toEqual([]);
    const gone = await h.core.invoke('live.history', { id: device.id });
    expect(gone).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect((await h.core.invoke('live.history', { id: 'x' })).ok).toBe(false);
  });
});
