/**
 * What the live view knows about each device now (src-main/core/live/live-service.ts builds it), and the
 * coalesced updates the renderer receives through the `live.overview` and `live.samples` events.
 */
import type { BrokerStatus } from './broker-status';
import type { Diagnostic } from './diagnostics';
import type { OnlineMark, PowerSample } from './power-trace';

/**
 * A row's state: `live` (heard within its message timeout), `silent` (nothing for longer than its message
 * timeout), `offline` (the meter's `online` said false, e.g. its last will), `never` (nothing heard yet).
 */
export const LIVE_ROW_STATES = ['live', 'silent', 'offline', 'never'] as const;
export type LiveRowState = (typeof LIVE_ROW_STATES)[number];

/** Where a reading came from, e.g. `apower of pm1:0 (status)` or `plain number`. */
export type PowerSource = string;

export interface LiveDevice {
  /** The store id (as in `devices.get`). */
  id: number;
  deviceId: string;
  /** The topic the bridge subscribes to for this device (`toMqttTopic`). */
  topic: string;
  /** Every filter the app subscribes to for it (the bridge's topic plus online/events for a Shelly). */
  subscriptions: string[];
  /** The last reading in watts, null when none yet. */
  watts: number | null;
  /** Which field gave the last reading. */
  source: PowerSource | null;
  /** The last message of any kind on the device's topics (ms), null when never. */
  lastSeenAt: number | null;
  /** The last message the bridge itself would hear (on `topic`), null when never. */
  lastHeardByBridgeAt: number | null;
  /** The meter's last `online` flag, null when never received. */
  online: boolean | null;
  state: LiveRowState;
  /** Messages received on all its topics since the app connected. */
  messages: number;
  /** Longest gap between two messages the bridge would hear, or since the last one (ms). */
  longestSilenceMs: number;
  /** The same, counting only silences that began on a reading at or above the standby threshold (in use). */
  longestSilenceInUseMs: number;
  /** The components a Shelly named in its status or events (e.g. `pm1:0`, `switch:0`). */
  components: string[];
  /**
   * A Shelly's last known status of its metering component (full status, or NotifyStatus fields merged over it):
   * voltage, current, apower…; null when none.
   */
  lastStatus: Record<string, unknown> | null;
  /** Whether `<prefix>/status/<component>` messages were seen (status updates on). */
  statusSeen: boolean;
  /** Whether `<prefix>/events/rpc` messages were seen. */
  eventsSeen: boolean;
  /** The highest reading buffered (the last 12 h at most), null when none. */
  maxWatts: number | null;
  /** Samples buffered now. */
  buffered: number;
  /** Payloads that could not be read, and the last one with why. */
  unreadable: number;
  lastUnreadable: { topic: string; example: string; why: string; at: number } | null;
  /** Sentences saying why the bridge may not hear this meter, or may make wrong sessions of it. */
  diagnostics: Diagnostic[];
}

export interface LiveOverview {
  at: number;
  broker: BrokerStatus;
  devices: LiveDevice[];
}

/** A coalesced change: the devices whose row changed (whole rows), and ids no longer watched. */
export interface LiveOverviewUpdate {
  at: number;
  devices: LiveDevice[];
  removed: number[];
}

/** New samples and online marks per device since the previous event, oldest first. */
export interface LiveSamplesUpdate {
  at: number;
  devices: Array<{ id: number; samples: PowerSample[]; online: OnlineMark[] }>;
}
