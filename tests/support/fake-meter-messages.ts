/**
 * Payloads of the Shelly meters discovery must recognise, as real devices send them (shapes from Shelly's API
 * docs and device dumps): Gen3 PM Mini with status updates on and off, Gen2 Plus 1PM (`switch:0`), Gen1 Plug S,
 * a meter under a custom two-level prefix. Each entry is a list of (topic, payload, retain) messages.
 */
import {
  classifyMessage,
  DEFAULT_STRATEGY_CONFIG,
  type Device,
  type DiscoveredMeter,
  describeMeters,
  FoundMeters,
  indexDevices,
} from '../../src-shared';

export interface FakeMessage {
  topic: string;
  payload: string;
  retain?: boolean;
}

const pm1Status = (apower: number) =>
  JSON.stringify({
    id: 0,
    voltage: 229.8,
    current: 0.046,
    apower,
    freq: 50.1,
    aenergy: { total: 42291.09, by_minute: [0, 213.298, 0], minute_ts: 1752840120 },
    ret_aenergy: { total: 0, by_minute: [0, 0, 0], minute_ts: 1752840120 },
  });

const notifyStatus = (src: string, component: string, apower: number) =>
  JSON.stringify({
    src,
    dst: `${src}/events`,
    method: 'NotifyStatus',
    params: { ts: 1657970346.65, [component]: { id: 0, apower } },
  });

/** Gen3 PM Mini, status updates on: status/pm1:0 and events. */
export function gen3StatusOn(id = 'shellypmminig3-84fce63e5b4c'): FakeMessage[] {
  return [
    { topic: `${id}/online`, payload: 'true', retain: true },
    { topic: `${id}/status/pm1:0`, payload: pm1Status(352.4) },
    { topic: `${id}/events/rpc`, payload: notifyStatus(id, 'pm1:0', 352.4) },
  ];
}

/** Gen3 PM Mini with "Generic status update over MQTT" off (the default): events only. */
export function gen3StatusOff(id = 'shellypmminig3-a0b1c2d3e4f5'): FakeMessage[] {
  return [
    { topic: `${id}/online`, payload: 'true', retain: true },
    { topic: `${id}/events/rpc`, payload: notifyStatus(id, 'pm1:0', 12.5) },
  ];
}

/** Gen2 Plus 1PM: power on switch:0. */
export function gen2Switch(id = 'shellyplus1pm-3c61057263dc'): FakeMessage[] {
  return [
    { topic: `${id}/online`, payload: 'true', retain: true },
    {
      topic: `${id}/status/switch:0`,
      payload: JSON.stringify({ id: 0, source: 'init', output: true, apower: 579, voltage: 230.1 }),
    },
    { topic: `${id}/events/rpc`, payload: notifyStatus(id, 'switch:0', 579) },
  ];
}

/** Gen1 Plug S: a plain number on relay/0/power. */
export function gen1Plug(id = 'shellyplug-s-7C87CE'): FakeMessage[] {
  return [
    { topic: `shellies/${id}/online`, payload: 'true', retain: true },
    { topic: `shellies/${id}/relay/0/power`, payload: '41.7' },
  ];
}

/** A Gen3 PM Mini whose MQTT prefix was set to a two-level `site/shelly-laser`. */
export function customPrefix(
  prefix = 'site/shelly-laser',
  id = 'shellypmminig3-112233445566',
): FakeMessage[] {
  return [
    { topic: `${prefix}/online`, payload: 'true', retain: true },
    { topic: `${prefix}/status/pm1:0`, payload: pm1Status(1210) },
    { topic: `${prefix}/events/rpc`, payload: notifyStatus(id, 'pm1:0', 1210) },
  ];
}

/** The answer a Gen2/Gen3 meter publishes on `<src>/rpc` to Shelly.GetDeviceInfo. */
export function deviceInfoAnswer(requestId: number, src: string, dst: string, app: string, gen: number) {
  return JSON.stringify({
    id: requestId,
    src,
    dst,
    result: {
      name: null,
      id: src,
      mac: src.slice(-12).toUpperCase(),
      model: 'S3PM-001PCEU16',
      gen,
      fw_id: '20241011-114455/1.4.4-g6d2a586',
      ver: '1.4.4',
      app,
      auth_en: false,
    },
  });
}

/** The answer a Gen1 meter publishes on `shellies/announce` to `announce` on `shellies/command`. */
export function gen1Announce(id: string, model = 'SHPLG-S') {
  return JSON.stringify({
    id,
    model,
    mac: id.slice(-6),
    ip: '192.168.1.50',
    new_fw: false,
    fw_ver: '20230913-114008/v1.14.0-gcb84623',
  });
}

/** One meter of each kind discovery must tell apart (prefixes are all different). */
export function everyKind(): FakeMessage[] {
  return [...gen3StatusOn(), ...gen3StatusOff(), ...gen2Switch(), ...gen1Plug(), ...customPrefix()];
}

/** What a discovery that heard `messages` lists, given the devices already stored (for renderer fakes). */
export function discoveredFrom(messages: FakeMessage[], devices: readonly Device[] = []): DiscoveredMeter[] {
  const found = new FoundMeters();
  let at = Date.parse('2026-12-02T10:00:00Z');
  for (const m of messages) {
    const message = classifyMessage(m.topic, m.payload);
    if (message) found.observe(message, at++);
  }
  return describeMeters(found.list(), indexDevices(devices));
}

/** A stored Shelly device as the store returns it, for matching found meters against. */
export function storedDevice(
  id: number,
  deviceId: string,
  topicPattern: string,
  name = `Device ${id}`,
): Device {
  return {
    id,
    deviceId,
    name,
    topicPattern,
    parserType: 'shelly_pm',
    strategy: 'power_threshold',
    strategyConfig: { ...DEFAULT_STRATEGY_CONFIG },
    active: true,
    notes: '',
    createdAt: '',
    updatedAt: '',
  };
}
