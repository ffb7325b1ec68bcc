import type { ParserType } from './device';
import { toMqttTopic } from './topic';

/** A device as far as its meter's topic goes; `line` is its line in an import file, null for a stored device. */
export interface TopicHolder {
  deviceId: string;
  name: string;
  topicPattern: string;
  parserType: ParserType;
  line: number | null;
}

/** Devices whose meters the bridge would read on one MQTT topic: allowed, but both get the same readings. */
export interface SharedTopic {
  /** The topic the bridge subscribes to for each of them (after the Shelly `/#` → `/status/pm1:0` mapping). */
  topic: string;
  devices: Array<Pick<TopicHolder, 'deviceId' | 'name' | 'line'>>;
}

/**
 * The topics that more than one device would be read on, keeping only the groups with at least one of `touched`
 * (the rows of an import file): a clash among stored devices alone is not news to the person importing. Groups
 * come in the order of their first touched device.
 */
export function sharedTopics(stored: readonly TopicHolder[], touched: readonly TopicHolder[]): SharedTopic[] {
  const groups = new Map<string, { holders: TopicHolder[]; touched: boolean }>();
  const add = (holder: TopicHolder, isTouched: boolean) => {
    const topic = toMqttTopic(holder.topicPattern, holder.parserType);
    const group = groups.get(topic);
    if (group) {
      group.holders.push(holder);
      group.touched ||= isTouched;
    } else groups.set(topic, { holders: [holder], touched: isTouched });
  };
  // Touched first, so each group lists the file's rows before the stored devices.
  for (const holder of touched) add(holder, true);
  for (const holder of stored) add(holder, false);
  const out: SharedTopic[] = [];
  for (const [topic, group] of groups) {
    if (!group.touched || group.holders.length < 2) continue;
    out.push({ topic, devices: group.holders.map(({ deviceId, name, line }) => ({ deviceId, name, line })) });
  }
  return out;
}
