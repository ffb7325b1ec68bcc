/** Fake Shelly meters on a real broker, publishing the messages of fake-meter-messages.ts. */
import { connectAsync, type MqttClient } from 'mqtt';
import { deviceInfoAnswer, type FakeMessage, gen1Announce } from './fake-meter-messages';

export * from './fake-meter-messages';

/** Identity a fake meter answers identify requests with. */
export interface FakeIdentity {
  /** The Gen2/Gen3 prefix it listens on for `<prefix>/rpc`, or the Gen1 id it announces. */
  prefix: string;
  shellyId: string;
  app: string;
  gen: number;
}

/**
 * A meter on a real broker: publishes its messages, and, given an identity, answers `Shelly.GetDeviceInfo` on
 * `<prefix>/rpc` (to the request's `src`) or, for Gen1, `announce` on `shellies/command`.
 */
export async function startFakeMeter(
  brokerUrl: string,
  messages: FakeMessage[],
  identity?: FakeIdentity,
): Promise<MqttClient> {
  const client = await connectAsync(brokerUrl, {
    reconnectPeriod: 0,
    clientId: `fake-${Math.random().toString(36).slice(2)}`,
  });
  if (identity) {
    const gen1 = identity.gen === 1;
    client.on('message', (topic, payload) => {
      if (gen1 && topic === 'shellies/command' && payload.toString() === 'announce') {
        void client.publishAsync('shellies/announce', gen1Announce(identity.shellyId, identity.app));
        return;
      }
      if (gen1 || topic !== `${identity.prefix}/rpc`) return;
      const request = JSON.parse(payload.toString()) as { id: number; src: string; method: string };
      if (request.method !== 'Shelly.GetDeviceInfo') return;
      const answer = deviceInfoAnswer(request.id, identity.shellyId, request.src, identity.app, identity.gen);
      void client.publishAsync(`${request.src}/rpc`, answer);
    });
    await client.subscribeAsync(gen1 ? 'shellies/command' : `${identity.prefix}/rpc`);
  }
  // QoS 1 for retained ones: aedes 1.x does not pass a retained QoS-0 message on to clients already subscribed.
  for (const m of messages) {
    await client.publishAsync(m.topic, m.payload, m.retain ? { retain: true, qos: 1 } : {});
  }
  return client;
}
