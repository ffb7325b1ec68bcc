/**
 * Which MQTT topics the live view listens to for a device: exactly the topic the bridge subscribes to
 * (`toMqttTopic`), plus, for a Shelly, `<prefix>/online` and `<prefix>/events/rpc`, and for a Gen1 power topic
 * (`shellies/<id>/relay/0/power`) its `shellies/<id>/online`.
 */
import type { ParserType } from '../device';
import { toMqttTopic } from '../topic';

export interface MeterTopics {
  /** What the bridge hears: the samples of the live view come only from this filter. */
  bridge: string;
  /** The meter's online flag (retained; `false` as last will), or null when there is none to derive. */
  online: string | null;
  /** A Shelly's RPC notifications, or null. */
  events: string | null;
  /** The component the bridge topic names (`pm1:0`, `switch:0`), or null. */
  component: string | null;
  /** How the bridge topic's payloads are read. */
  reader: 'shelly_status' | 'generic';
}

const GEN1_POWER = /^(shellies\/[^/+#]+)\/(relay|meter|emeter)\/\d+\/power$/;
const SHELLY_STATUS = /^(.+)\/status\/([^/+#]+)$/;

/** The topics to listen to for one device. */
export function meterTopics(device: { topicPattern: string; parserType: ParserType }): MeterTopics {
  const bridge = toMqttTopic(device.topicPattern, device.parserType);
  if (device.parserType === 'shelly_pm') {
    const status = SHELLY_STATUS.exec(bridge);
    if (status && !status[1]!.includes('#') && !status[1]!.includes('+')) {
      const prefix = status[1]!;
      return {
        bridge,
        online: `${prefix}/online`,
        events: `${prefix}/events/rpc`,
        component: status[2]!,
        reader: 'shelly_status',
      };
    }
    return { bridge, online: null, events: null, component: null, reader: 'shelly_status' };
  }
  const gen1 = GEN1_POWER.exec(bridge);
  return {
    bridge,
    online: gen1 ? `${gen1[1]}/online` : null,
    events: null,
    component: null,
    reader: 'generic',
  };
}

/** The filters to subscribe to, without duplicates. */
export function subscriptionFilters(topics: MeterTopics): string[] {
  return [...new Set([topics.bridge, topics.online, topics.events].filter((t): t is string => t !== null))];
}

/** Whether a concrete topic matches a filter (MQTT §4.7: `+` one level, `#` the rest, `$` topics excluded). */
export function topicMatches(filter: string, topic: string): boolean {
  if (filter === topic) return true;
  if (topic.startsWith('$') && (filter.startsWith('+') || filter.startsWith('#'))) return false;
  const f = filter.split('/');
  const t = topic.split('/');
  for (let i = 0; i < f.length; i++) {
    if (f[i] === '#') return true;
    if (i >= t.length) return false;
    if (f[i] !== '+' && f[i] !== t[i]) return false;
  }
  return f.length === t.length;
}

/** Whether a filter has wildcards (and so cannot be looked up by exact topic). */
export const hasWildcard = (filter: string) => filter.includes('+') || filter.includes('#');
