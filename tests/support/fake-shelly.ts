/**
 * A fake Shelly Gen2/Gen3 meter on a real broker, publishing the payloads real devices send (the live issue
 * quotes them): `<prefix>/online` retained with `false` as last will, `<prefix>/status/<component>` full status
 * (only when status updates are on, as with `status_ntf`), and `<prefix>/events/rpc` NotifyStatus with only the
 * changed fields. Also a Gen1 meter (`shellies/<id>/relay/0/power`, a plain number).
 */
import mqtt, { type MqttClient } from 'mqtt';

export interface FakeShellyOptions {
  prefix: string;
  /** The Shelly's own id (the RPC `src`). */
  deviceId?: string;
  component?: string;
  /** "Generic status update over MQTT": off by default on a real device, on by default here. */
  statusUpdates?: boolean;
}

export interface FakeShelly {
  readonly client: MqttClient;
  /** A new reading: full status (if status updates are on) and a partial NotifyStatus. */
  power(watts: number, at?: number): Promise<void>;
  /** Publishes raw text on a topic under the prefix (for bad payloads). */
  raw(subtopic: string, payload: string): Promise<void>;
  /** Drops the connection without a goodbye: the broker publishes the last will (`online` = false). */
  die(): void;
  close(): Promise<void>;
}

/** The full component status a PM Mini Gen3 publishes on `<prefix>/status/pm1:0`. */
export function fullStatus(component: string, watts: number, atSeconds: number) {
  const minute = Math.floor(atSeconds / 60) * 60;
  return {
    id: Number(component.split(':')[1] ?? 0),
    voltage: 229.8,
    current: Math.round((watts / 229.8) * 1000) / 1000,
    apower: watts,
    freq: 50.1,
    aenergy: { total: 42291.09, by_minute: [0, 213.298, 0], minute_ts: minute },
    ret_aenergy: { total: 0, by_minute: [0, 0, 0], minute_ts: minute },
  };
}

export async function startFakeShelly(brokerUrl: string, options: FakeShellyOptions): Promise<FakeShelly> {
  const { prefix } = options;
  const component = options.component ?? 'pm1:0';
  // The client id must be unique on the broker (a second one with the same id kicks the first off).
  const deviceId = options.deviceId ?? prefix.replace(/[^A-Za-z0-9-]/g, '-');
  const statusUpdates = options.statusUpdates ?? true;
  const client = await mqtt.connectAsync(brokerUrl, {
    clientId: deviceId,
    reconnectPeriod: 0,
    protocolVersion: 4,
    will: { topic: `${prefix}/online`, payload: Buffer.from('false'), retain: true, qos: 1 },
  });
  await client.publishAsync(`${prefix}/online`, 'true', { retain: true, qos: 1 });
  return {
    client,
    async power(watts, at = Date.now()) {
      const seconds = at / 1000;
      if (statusUpdates) {
        await client.publishAsync(
          `${prefix}/status/${component}`,
          JSON.stringify(fullStatus(component, watts, seconds)),
        );
      }
      await client.publishAsync(
        `${prefix}/events/rpc`,
        JSON.stringify({
          src: deviceId,
          dst: `${deviceId}/events`,
          method: 'NotifyStatus',
          params: { ts: Math.round(seconds * 100) / 100, [component]: { id: 0, apower: watts } },
        }),
      );
    },
    async raw(subtopic, payload) {
      await client.publishAsync(`${prefix}/${subtopic}`, payload);
    },
    die() {
      client.stream.destroy();
    },
    async close() {
      await client.endAsync(true);
    },
  };
}

/** A Gen1 meter: `shellies/<id>/relay/0/power` as a plain number, `shellies/<id>/online`. */
export async function startFakeGen1(brokerUrl: string, id: string) {
  const client = await mqtt.connectAsync(brokerUrl, {
    clientId: id,
    reconnectPeriod: 0,
    protocolVersion: 4,
    will: { topic: `shellies/${id}/online`, payload: Buffer.from('false'), retain: true, qos: 1 },
  });
  await client.publishAsync(`shellies/${id}/online`, 'true', { retain: true, qos: 1 });
  return {
    client,
    power: (watts: number) => client.publishAsync(`shellies/${id}/relay/0/power`, String(watts)),
    close: () => client.endAsync(true),
  };
}
