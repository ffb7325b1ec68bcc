import type { Device, ParserType, Strategy } from './device';
import { toMqttTopic } from './topic';

/** The version of the bridge config contract (docs/bridge-config.md). */
export const BRIDGE_CONFIG_VERSION = '1.0';

export interface BridgeSessionConfig {
  strategy: Strategy;
  standby_threshold_w: number;
  working_threshold_w: number;
  start_debounce_s: number;
  stop_debounce_s: number;
  message_timeout_s: number;
}

export interface BridgeDevice {
  device_id: string;
  name: string;
  mqtt_topic: string;
  parser_type: ParserType;
  session_config: BridgeSessionConfig;
}

/** What `POST {bridgeUrl}/config` carries. */
export interface BridgeConfig {
  version: typeof BRIDGE_CONFIG_VERSION;
  timestamp: string;
  revision: number;
  config_hash: string;
  devices: BridgeDevice[];
}

/** One device as the bridge sees it. Keys are written in a fixed order: that order is the canonical form. */
export function toBridgeDevice(device: Device): BridgeDevice {
  const cfg = device.strategyConfig;
  return {
    device_id: device.deviceId,
    name: device.name,
    mqtt_topic: toMqttTopic(device.topicPattern, device.parserType),
    parser_type: device.parserType,
    session_config: {
      strategy: device.strategy,
      standby_threshold_w: cfg.standbyThresholdW,
      working_threshold_w: cfg.workingThresholdW,
      start_debounce_s: cfg.startDebounceS,
      stop_debounce_s: cfg.stopDebounceS,
      message_timeout_s: cfg.messageTimeoutS,
    },
  };
}

/** The bridge's order of devices: by device_id in code-unit order (locale-free). */
export const byBridgeDeviceId = (a: BridgeDevice, b: BridgeDevice) =>
  a.device_id < b.device_id ? -1 : a.device_id > b.device_id ? 1 : 0;

/** The active devices, as the bridge sees them, ordered by device_id (byBridgeDeviceId). */
export function toBridgeDevices(devices: readonly Device[]): BridgeDevice[] {
  return devices
    .filter((d) => d.active)
    .map(toBridgeDevice)
    .sort(byBridgeDeviceId);
}

/**
 * What changed between two device lists as the bridge sees them. A device that left the list because it was
 * switched off (it is still stored, inactive) is `turnedOff`, not `removed`; one that came back because it was
 * switched on is `turnedOn`, not `added`.
 */
export interface ConfigDiff {
  added: BridgeDevice[];
  removed: BridgeDevice[];
  turnedOff: BridgeDevice[];
  turnedOn: BridgeDevice[];
  changed: Array<{ device_id: string; fields: Array<{ field: string; from: unknown; to: unknown }> }>;
}

/** The device IDs that were stored but switched off, before and after (null or absent: not known). */
export interface SwitchedOff {
  before?: readonly string[] | null;
  after?: readonly string[] | null;
}

/** Compares two bridge device lists by device_id, naming each changed field (`session_config.working_threshold_w`). */
export function diffBridgeDevices(
  before: readonly BridgeDevice[],
  after: readonly BridgeDevice[],
  off: SwitchedOff = {},
): ConfigDiff {
  const old = new Map(before.map((d) => [d.device_id, d]));
  const offBefore = new Set(off.before ?? []);
  const offAfter = new Set(off.after ?? []);
  const diff: ConfigDiff = { added: [], removed: [], turnedOff: [], turnedOn: [], changed: [] };
  for (const device of after) {
    const prev = old.get(device.device_id);
    old.delete(device.device_id);
    if (!prev) {
      (offBefore.has(device.device_id) ? diff.turnedOn : diff.added).push(device);
      continue;
    }
    const fields = diffFlat(flatten(prev), flatten(device));
    if (fields.length > 0) diff.changed.push({ device_id: device.device_id, fields });
  }
  for (const device of old.values())
    (offAfter.has(device.device_id) ? diff.turnedOff : diff.removed).push(device);
  return diff;
}

function flatten(device: BridgeDevice): Record<string, unknown> {
  const { session_config, ...top } = device;
  const out: Record<string, unknown> = { ...top };
  for (const [key, value] of Object.entries(session_config)) out[`session_config.${key}`] = value;
  return out;
}

function diffFlat(a: Record<string, unknown>, b: Record<string, unknown>) {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  return [...keys]
    .filter((key) => a[key] !== b[key])
    .map((field) => ({ field, from: a[field], to: b[field] }));
}
