/**
 * What the live view knows about one device: it reads each message on the device's topics with the pure
 * readers of src-shared/live/meter-payloads.ts, keeps the samples the bridge would hear in a SampleRing, and
 * builds the device's live row with its diagnostics.
 */
import {
  type ComponentStatuses,
  componentWatts,
  diagnoseMeter,
  type LiveDevice,
  liveRowState,
  type MeterTopics,
  type OnlineMark,
  type PowerSample,
  type PowerThresholdConfig,
  type PowerTrace,
  payloadExample,
  readGenericPower,
  readOnline,
  readShellyEvent,
  readShellyStatus,
  subscriptionFilters,
} from '../../../src-shared';
import { SampleRing } from './sample-ring';

/** Which of a device's topics a message came in on. */
export type TopicRole = 'bridge' | 'online' | 'events';

export interface MeterIdentity {
  id: number;
  deviceId: string;
  topics: MeterTopics;
  strategyConfig: PowerThresholdConfig;
}

/** Online marks kept per device (flaps are rare; the newest win). */
const ONLINE_MARKS_MAX = 1000;

export class MeterState {
  readonly ring = new SampleRing();
  readonly subscriptions: string[];
  private onlineMarks: OnlineMark[] = [];
  private statuses: ComponentStatuses = {};
  private components = new Set<string>();
  private watts: number | null = null;
  private source: string | null = null;
  private lastSeenAt: number | null = null;
  private lastHeardByBridgeAt: number | null = null;
  /** Where the current silence started: the last message the bridge would hear, or the (re)connection. */
  private silenceStart: number | null = null;
  private longestSilenceMs = 0;
  /** The same, counting only silences that began on a reading at or above the standby threshold. */
  private longestSilenceInUseMs = 0;
  /** The last reading the bridge heard, null when none. */
  private heardWatts: number | null = null;
  private online: boolean | null = null;
  private messages = 0;
  private statusSeen = false;
  private eventsSeen = false;
  private unreadable = 0;
  private lastUnreadable: LiveDevice['lastUnreadable'] = null;
  /** Not yet sent in a live.samples event. */
  private newSamples: PowerSample[] = [];
  private newOnline: OnlineMark[] = [];

  constructor(public identity: MeterIdentity) {
    this.subscriptions = subscriptionFilters(identity.topics);
  }

  /** Reads one message; returns false when it could not be read (counted, never thrown). */
  ingest(role: TopicRole, topic: string, payload: string, at: number): boolean {
    this.messages++;
    this.lastSeenAt = at;
    if (role === 'online') {
      const read = readOnline(payload);
      if (!read.ok) return this.bad(topic, payload, read.why, at);
      if (this.online !== read.online) this.mark({ at, online: read.online });
      this.online = read.online;
      return true;
    }
    if (role === 'events') {
      const read = readShellyEvent(payload, this.statuses);
      if (!read.ok) return this.bad(topic, payload, read.why, at);
      this.eventsSeen = true;
      if (read.method === 'other') return true;
      this.statuses = read.statuses;
      for (const c of read.changed) {
        this.components.add(c);
        const w = componentWatts(read.statuses[c]!);
        if (w !== null) this.setReading(w, `apower of ${c} (${read.method})`);
      }
      return true;
    }
    // What the bridge hears: every message counts for silence; readable ones become samples.
    if (this.silenceStart !== null) {
      const gap = at - this.silenceStart;
      this.longestSilenceMs = Math.max(this.longestSilenceMs, gap);
      if (this.inUse()) this.longestSilenceInUseMs = Math.max(this.longestSilenceInUseMs, gap);
    }
    this.silenceStart = at;
    this.lastHeardByBridgeAt = at;
    if (this.identity.topics.reader === 'shelly_status') {
      const component = topic.slice(topic.lastIndexOf('/') + 1);
      const read = readShellyStatus(component, payload);
      if (!read.ok) return this.bad(topic, payload, read.why, at);
      this.statusSeen = true;
      this.components.add(component);
      this.statuses = { ...this.statuses, [component]: read.status };
      if (read.watts !== null) this.sample(at, read.watts, `${read.source} (status)`);
      return true;
    }
    const read = readGenericPower(payload);
    if (!read.ok) return this.bad(topic, payload, read.why, at);
    this.sample(at, read.watts, read.source);
    return true;
  }

  /** After a (re)connection: time without a connection is not the meter's silence. */
  restartSilence(connectedAt: number): void {
    if (this.silenceStart !== null) this.silenceStart = connectedAt;
  }

  /** The samples and marks not yet sent, emptied. */
  takeNew(): { samples: PowerSample[]; online: OnlineMark[] } | null {
    if (this.newSamples.length === 0 && this.newOnline.length === 0) return null;
    const out = { samples: this.newSamples, online: this.newOnline };
    this.newSamples = [];
    this.newOnline = [];
    return out;
  }

  trace(): PowerTrace {
    return { samples: this.ring.toArray(), online: [...this.onlineMarks] };
  }

  /** The row for the overview at `now`; `connectedAt` null while the broker is not connected. */
  row(now: number, connectedAt: number | null): LiveDevice {
    const { id, deviceId, topics, strategyConfig } = this.identity;
    const current = connectedAt !== null && this.silenceStart !== null ? now - this.silenceStart : 0;
    const longestSilenceMs = Math.max(this.longestSilenceMs, current);
    const longestSilenceInUseMs = Math.max(this.longestSilenceInUseMs, this.inUse() ? current : 0);
    const components = [...this.components];
    const maxWatts = this.ring.max();
    return {
      id,
      deviceId,
      topic: topics.bridge,
      subscriptions: this.subscriptions,
      watts: this.watts,
      source: this.source,
      lastSeenAt: this.lastSeenAt,
      lastHeardByBridgeAt: this.lastHeardByBridgeAt,
      online: this.online,
      state: liveRowState(this.lastHeardByBridgeAt, this.online, now, strategyConfig.messageTimeoutS),
      messages: this.messages,
      longestSilenceMs,
      longestSilenceInUseMs,
      components,
      lastStatus: this.statuses[topics.component ?? ''] ?? this.statuses[components[0] ?? ''] ?? null,
      statusSeen: this.statusSeen,
      eventsSeen: this.eventsSeen,
      maxWatts,
      buffered: this.ring.length,
      unreadable: this.unreadable,
      lastUnreadable: this.lastUnreadable,
      diagnostics: diagnoseMeter({
        topics,
        strategyConfig,
        connectedAt,
        now,
        lastHeardByBridgeAt: this.lastHeardByBridgeAt,
        online: this.online,
        eventsSeen: this.eventsSeen,
        components,
        longestSilenceInUseMs,
        maxWatts,
        bufferedSince: this.ring.oldest(),
        unreadable: this.unreadable,
        lastUnreadable: this.lastUnreadable,
      }),
    };
  }

  /** Whether the machine was in use (at or above standby) at the last reading the bridge heard. */
  private inUse(): boolean {
    return this.heardWatts !== null && this.heardWatts >= this.identity.strategyConfig.standbyThresholdW;
  }

  private sample(at: number, watts: number, source: string): void {
    this.heardWatts = watts;
    this.ring.push(at, watts);
    this.newSamples.push({ at, watts });
    this.setReading(watts, source);
  }

  private setReading(watts: number, source: string): void {
    this.watts = watts;
    this.source = source;
  }

  private mark(mark: OnlineMark): void {
    this.onlineMarks.push(mark);
    if (this.onlineMarks.length > ONLINE_MARKS_MAX) this.onlineMarks.shift();
    this.newOnline.push(mark);
  }

  private bad(topic: string, payload: string, why: string, at: number): false {
    this.unreadable++;
    this.lastUnreadable = { topic, example: payloadExample(payload), why, at };
    return false;
  }
}
