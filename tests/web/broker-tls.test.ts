/**
 * A workshop broker behind TLS with its own (self-signed) certificate: the web host connects once it is told to
 * trust that certificate with Node's NODE_EXTRA_CA_CERTS, the way the README's troubleshooting says, and without
 * it the Broker status names the TLS failure. The certificate in tests/support/fixtures/broker-tls is for 127.0.0.1.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { type EmbeddedBroker, startEmbeddedBroker } from '../support/embedded-broker';
import { tempDirs } from '../support/temp-dir';
import { type RunningWebHost, startWebHost } from '../support/web-host-process';

const certFile = join(import.meta.dirname, '../support/fixtures/broker-tls/cert.pem');
const tls = {
  key: readFileSync(join(import.meta.dirname, '../support/fixtures/broker-tls/key.pem'), 'utf8'),
  cert: readFileSync(certFile, 'utf8'),
};

const dirs = tempDirs('workshop-broker-tls-');
const hosts: RunningWebHost[] = [];
let broker: EmbeddedBroker | undefined;

afterEach(async () => {
  for (const host of hosts.splice(0)) await host.stop();
  await broker?.close();
  broker = undefined;
  dirs.cleanup();
});

async function hostFor(url: string, env: Record<string, string> = {}) {
  const host = await startWebHost({
    dataDir: dirs.make(),
    bridgeUrl: 'http://127.0.0.1:9',
    args: ['--broker-url', url],
    env,
  });
  hosts.push(host);
  return host;
}

describe('a broker on mqtts:// with a self-signed certificate', () => {
  it('is connected when the host trusts the certificate through NODE_EXTRA_CA_CERTS, a TLS error otherwise', async () => {
    broker = await startEmbeddedBroker({ transport: 'mqtts', tls });

    const trusting = await hostFor(broker.url, { NODE_EXTRA_CA_CERTS: certFile });
    await vi.waitFor(
      async () => {
        expect((await trusting.value('broker.status')).state).toBe('connected');
      },
      { timeout: 10_000, interval: 50 },
    );

    const untrusting = await hostFor(broker.url);
    await vi.waitFor(
      async () => {
        const status = await untrusting.value('broker.status');
        expect(status.state).toBe('unreachable');
        expect(status.detail).toMatch(/TLS handshake .* failed .*self[- ]signed/i);
      },
      { timeout: 10_000, interval: 50 },
    );
  }, 60_000);
});
