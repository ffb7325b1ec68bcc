import { type Device, toMqttTopic } from '../../../src-shared';

export type SortKey = 'name' | 'deviceId' | 'topic' | 'parser' | 'thresholds' | 'active';
export type SortDirection = 'asc' | 'desc';
export interface DeviceSort {
  key: SortKey;
  direction: SortDirection;
}

const collator = new Intl.Collator(undefined, { sensitivity: 'base', numeric: true });

/** Devices whose name, device ID, topic pattern or bridge topic contains the query (case-insensitive). */
export function filterDevices(devices: readonly Device[], query: string): readonly Device[] {
  const needle = query.trim().toLowerCase();
  if (!needle) return devices;
  return devices.filter(
    (d) =>
      d.name.toLowerCase().includes(needle) ||
      d.deviceId.includes(needle) ||
      d.topicPattern.toLowerCase().includes(needle) ||
      toMqttTopic(d.topicPattern, d.parserType).toLowerCase().includes(needle),
  );
}

const compare: Record<SortKey, (a: Device, b: Device) => number> = {
  name: (a, b) => collator.compare(a.name, b.name),
  deviceId: (a, b) => collator.compare(a.deviceId, b.deviceId),
  topic: (a, b) => collator.compare(a.topicPattern, b.topicPattern),
  parser: (a, b) => collator.compare(a.parserType, b.parserType),
  thresholds: (a, b) =>
    a.strategyConfig.standbyThresholdW - b.strategyConfig.standbyThresholdW ||
    a.strategyConfig.workingThresholdW - b.strategyConfig.workingThresholdW,
  active: (a, b) => Number(b.active) - Number(a.active),
};

/** A sorted copy; ties fall back to name, then store id, so the order never flickers. */
export function sortDevices(devices: readonly Device[], sort: DeviceSort): Device[] {
  const sign = sort.direction === 'asc' ? 1 : -1;
  const primary = compare[sort.key];
  return [...devices].sort((a, b) => sign * primary(a, b) || compare.name(a, b) || a.id - b.id);
}
