/**
 * What **Add** fills in for a found meter, and whether a device already watches it (then the panel offers
 * **Open**). Pure functions over the found meter and the device list.
 */
import {
  DEFAULT_STRATEGY_CONFIG,
  DEVICE_ID_PATTERN,
  type Device,
  type DeviceFields,
  NAME_MAX,
} from '../device';
import { shellyTopicError } from '../topic';
import type { DiscoveredMeter, ExistingMatch, FoundMeter } from './discovery-types';

/** A Shelly id or prefix made into a valid device ID: lower-cased, other characters as "-", at most 64. */
export function toDeviceId(raw: string): string {
  const id = raw
    .toLowerCase()
    .replace(/[^a-z0-9_-]+/g, '-')
    .replace(/-{2,}/g, '-')
    .replace(/^[-_]+/, '')
    .slice(0, 64)
    .replace(/[-_]+$/, '');
  return DEVICE_ID_PATTERN.test(id) ? id : 'meter';
}

/**
 * The device **Add** pre-fills. Gen2/Gen3: `<prefix>/#` with `shelly_pm` (the bridge then listens on
 * `<prefix>/status/pm1:0`, see toMqttTopic); a meter whose power comes from another component (`switch:0`) gets
 * that concrete status topic, since `<prefix>/#` would point the bridge at a `pm1:0` it never publishes.
 * Gen1: the concrete `shellies/<id>/relay/<n>/power` (a plain number) with the `generic` parser.
 */
export function suggestDevice(meter: FoundMeter): DeviceFields {
  const lastLevel = meter.prefix.slice(meter.prefix.lastIndexOf('/') + 1);
  const deviceId = toDeviceId(meter.shellyId ?? lastLevel);
  const base = {
    deviceId,
    name: suggestName(meter, lastLevel),
    strategy: 'power_threshold' as const,
    strategyConfig: { ...DEFAULT_STRATEGY_CONFIG },
    active: true,
    notes: '',
  };
  const component = meter.wattsFrom ?? meter.components[0] ?? null;
  if (meter.family === 'gen1') {
    const [kind, index] = (component ?? 'relay:0').split(':');
    return { ...base, topicPattern: `${meter.prefix}/${kind}/${index}/power`, parserType: 'generic' };
  }
  const wide = `${meter.prefix}/#`;
  const concrete = component && component !== 'pm1:0' ? `${meter.prefix}/status/${component}` : null;
  const topicPattern = concrete ?? (shellyTopicError(wide) === null ? wide : `${meter.prefix}/status/pm1:0`);
  return { ...base, topicPattern, parserType: 'shelly_pm' };
}

function suggestName(meter: FoundMeter, lastLevel: string): string {
  const customPrefix = meter.shellyId !== null && lastLevel !== meter.shellyId;
  const idTail = meter.shellyId ? meter.shellyId.slice(meter.shellyId.lastIndexOf('-') + 1) : lastLevel;
  const name = meter.model ? `${meter.model} ${customPrefix ? lastLevel : idTail}` : lastLevel;
  return [...name.trim()].slice(0, NAME_MAX).join('') || 'Shelly meter';
}

/** Lookups of the device list by device ID and by the topic prefix each device's topic lies under. */
export interface DeviceIndex {
  byDeviceId: Map<string, Device>;
  byPrefix: Map<string, Device>;
}

const TOPIC_TAILS = [
  /\/#$/,
  /\/status\/[^/]+$/,
  /\/events\/rpc$/,
  /\/online$/,
  /\/(relay|emeter)\/\d+\/power$/,
];

/** The prefix a device topic lies under (`site/laser/#` → `site/laser`), or the topic itself. */
export function topicPrefix(topicPattern: string): string {
  for (const tail of TOPIC_TAILS) {
    if (tail.test(topicPattern)) return topicPattern.replace(tail, '');
  }
  return topicPattern;
}

export function indexDevices(devices: readonly Device[]): DeviceIndex {
  const byDeviceId = new Map<string, Device>();
  const byPrefix = new Map<string, Device>();
  for (const device of devices) {
    byDeviceId.set(device.deviceId, device);
    const prefix = topicPrefix(device.topicPattern);
    if (!byPrefix.has(prefix)) byPrefix.set(prefix, device);
  }
  return { byDeviceId, byPrefix };
}

/** The device that already watches this meter's prefix, or else holds the suggested device ID; null if none. */
export function findExisting(
  meter: FoundMeter,
  suggestion: DeviceFields,
  index: DeviceIndex,
): ExistingMatch | null {
  const byTopic = index.byPrefix.get(meter.prefix);
  if (byTopic) return match(byTopic, 'topic');
  const byId = index.byDeviceId.get(suggestion.deviceId);
  return byId ? match(byId, 'deviceId') : null;
}

const match = (device: Device, by: ExistingMatch['by']): ExistingMatch => ({
  id: device.id,
  name: device.name,
  deviceId: device.deviceId,
  by,
});

/** Found meters with their suggestion and existing match, as the panel lists them. */
export function describeMeters(meters: readonly FoundMeter[], index: DeviceIndex): DiscoveredMeter[] {
  return meters.map((meter) => {
    const suggestion = suggestDevice(meter);
    return {
      ...meter,
      components: [...meter.components],
      existing: findExisting(meter, suggestion, index),
      suggestion,
    };
  });
}
