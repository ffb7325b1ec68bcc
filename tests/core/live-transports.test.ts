/**
 * The Broker URL's other three schemes against a real broker: `ws://` carries the live view like `mqtt://` does
 * (readings, Test broker, login), and a broker behind TLS whose certificate the system does not trust — the
 * usual case of a workshop's self-signed Mosquitto — is a TLS error in Test broker and in the Broker status,
 * never "refused" or a timeout. The certificate in tests/support/fixtures/broker-tls is self-signed for 127.0.0.1.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { CallInput } from '../../src-shared';
import { deviceInput, type Harness, startCore } from '../support/core-harness';
import { type BrokerTransport, type EmbeddedBroker, startEmbeddedBroker } from '../support/embedded-broker';
import { startFakeShelly } from '../support/fake-shelly';

const tlsDir = join(import.meta.dirname, '../support/fixtures/broker-tls');
const tls = {
  key: readFileSync(join(tlsDir, 'key.pem'), 'utf8'),
  cert: readFileSync(join(tlsDir, 'cert.pem'), 'utf8'),
};

const cleanups: Array<() => unknown> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/** A core with the live view off and a broker of this kind beside it, both closed after the test. */
async function setUp(
  transport: BrokerTransport,
  login?: { username: string; password: string },
): Promise<{ broker: EmbeddedBroker; h: Harness }> {
  const broker = await startEmbeddedBroker({ transport, tls, login });
  cleanups.push(() => broker.close());
  const h = await startCore({ bridgeUrl: 'http://127.0.0.1:9', autoPush: false });
  cleanups.push(() => h.close());
  return { broker, h };
}

const POLL = { timeout: 5_000, interval: 20 };

describe('a broker over WebSocket (ws://)', () => {
  it('shows the readings of a meter, and Test broker checks the login', async () => {
    const { broker: ws, h } = await setUp('ws', { username: 'staff', password: 'right' });
    expect(ws.url).toMatch(/^ws:\/\/127\.0\.0\.1:\d+$/);
    const test = (input: CallInput<'broker.test'>) => h.call('broker.test', input);
    expect(await test({ url: ws.url, username: 'staff', password: 'right' })).toMatchObject({
      outcome: 'connected',
      message: `Connected to the broker at 127.0.0.1:${ws.port} as staff.`,
    });
    expect((await test({ url: ws.url, username: 'staff', password: 'wrong' })).outcome).toBe(
      'bad_credentials',
    );

    await h.call('settings.update', { brokerUrl: ws.url, brokerUsername: 'staff', brokerPassword: 'right' });
    const device = await h.call('devices.create', deviceInput({ topicPattern: 'shelly-ws/#' }));
    await ws.waitForSubscription('shelly-ws/status/pm1:0');
    expect((await h.call('broker.status')).state).toBe('connected');
    // The meter publishes over WebSocket too, as one behind the same broker port would.
    const meter = await startFakeShelly(ws.url.replace('ws://', 'ws://staff:right@'), {
      prefix: 'shelly-ws',
    });
    cleanups.push(() => meter.close());
    await meter.power(842.5);
    await vi.waitFor(async () => {
      const overview = await h.call('live.overview');
      expect(overview.devices).toEqual([expect.objectContaining({ id: device.id, watts: 842.5 })]);
    }, POLL);
  }, 30_000);
});

describe('a broker behind TLS with a certificate the system does not trust', () => {
  for (const transport of ['mqtts', 'wss'] as const) {
    it(`${transport}: Test broker and the Broker status name the TLS failure`, async () => {
      const { broker: secure, h } = await setUp(transport);
      const result = await h.call('broker.test', { url: secure.url });
      expect(result.outcome).toBe('tls');
      expect(result.message).toMatch(
        new RegExp(`^The TLS handshake with 127\\.0\\.0\\.1:${secure.port} failed \\(.*self[- ]signed`, 'i'),
      );

      await h.call('settings.update', { brokerUrl: secure.url });
      await vi.waitFor(async () => {
        expect((await h.call('broker.status')).state).toBe('unreachable');
      }, POLL);
      const status = await h.call('broker.status');
      expect(status.detail).toMatch(/TLS handshake/);
      expect(status.url).toBe(secure.url);
    }, 30_000);
  }
});
