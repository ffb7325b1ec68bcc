/** **Test broker**: one connection attempt, told in one sentence (connected, refused, wrong login, TLS, timeout). */
import { randomBytes } from 'node:crypto';
import mqtt from 'mqtt';
import { type BrokerTestResult, brokerUrlError } from '../../../src-shared';
import type { Clock } from '../ports';
import type { BrokerLogin } from './broker-connection';
import { brokerAddress, describeBrokerError } from './broker-errors';

export async function testBroker(
  login: BrokerLogin,
  timeoutMs: number,
  clock: Clock,
): Promise<BrokerTestResult> {
  const url = login.url.trim();
  const started = clock.now();
  const done = (outcome: BrokerTestResult['outcome'], message: string): BrokerTestResult => ({
    outcome,
    url,
    message,
    latencyMs: clock.now() - started,
  });
  const invalid =
    url === '' ? 'is empty: enter a broker URL such as mqtt://broker.local:1883' : brokerUrlError(url);
  if (invalid) return done('invalid', `The broker URL ${invalid}.`);

  return new Promise((resolve) => {
    const client = mqtt.connect(url, {
      clientId: `workshop-manager-test-${randomBytes(6).toString('hex')}`,
      clean: true,
      protocolVersion: 4,
      reconnectPeriod: 0,
      connectTimeout: timeoutMs,
      ...(login.username ? { username: login.username } : {}),
      ...(login.password ? { password: login.password } : {}),
    });
    let settled = false;
    const finish = (result: BrokerTestResult) => {
      if (settled) return;
      settled = true;
      clock.clearTimeout(timer);
      client.removeAllListeners();
      client.on('error', () => {});
      client.end(true);
      resolve(result);
    };
    const timer = clock.setTimeout(() => {
      finish(
        done(
          'timeout',
          `No answer from the broker at ${brokerAddress(url)} within ${Math.round(timeoutMs / 1000)} s: is this an MQTT port, and is the broker reachable from here?`,
        ),
      );
    }, timeoutMs);
    client.on('connect', () => {
      finish(
        done(
          'connected',
          `Connected to the broker at ${brokerAddress(url)}${login.username ? ` as ${login.username}` : ''}.`,
        ),
      );
    });
    client.on('error', (error) => {
      const failure = describeBrokerError(error, url);
      finish(done(failure.outcome, failure.message));
    });
    client.on('close', () => {
      finish(
        done('unreachable', `The broker at ${brokerAddress(url)} closed the connection before accepting it.`),
      );
    });
  });
}
