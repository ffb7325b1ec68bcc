/**
 * What **Discover meters** finds on the broker, shared by the core's discovery session
 * (src-main/core/discovery/discovery-session.ts) and the renderer's Discover meters panel.
 */
import { z } from 'zod';
import type { DeviceFields } from '../device';
import type { FieldErrors } from '../result';

/** At most this many meters are kept per discovery; further meters are counted, never stored. */
export const MAX_FOUND_METERS = 500;

/** How long a discovery listens unless stopped earlier (seconds). */
export const DISCOVERY_DEFAULT_SECONDS = 30;

/** `gen2` covers Gen2 and Gen3 (one RPC/MQTT API); `gen1` is the older `shellies/<id>/…` family. */
export type MeterFamily = 'gen1' | 'gen2';

/**
 * Gen2/Gen3 status updates: `on` when a `<prefix>/status/…` message was heard, `off` when the meter sent events
 * but no status (so "Generic status update over MQTT" is switched off), `unknown` when neither was heard yet.
 * Always null for Gen1, which always publishes its power.
 */
export type StatusUpdates = 'on' | 'off' | 'unknown';

/** One meter heard on the broker (what the messages said; identify answers add model and firmware). */
export interface FoundMeter {
  /** Stable key within a discovery: the topic prefix. */
  key: string;
  family: MeterFamily;
  /** The topic prefix, e.g. `shellypmminig3-84fce63e5b4c`, `site/shelly-laser` or `shellies/shellyplug-s-7C87CE`. */
  prefix: string;
  /** The Shelly id: the RPC `src` (Gen2/Gen3) or the id in the topic (Gen1); null until one is heard. */
  shellyId: string | null;
  /** Power components seen, e.g. `pm1:0`, `switch:0`; Gen1 `relay:0`, `emeter:0`. */
  components: string[];
  /** The last power reading in watts, null when none was heard. */
  watts: number | null;
  /** The component the last reading came from. */
  wattsFrom: string | null;
  statusUpdates: StatusUpdates | null;
  /** Whether `<prefix>/events/rpc` messages were heard. */
  eventsSeen: boolean;
  /** The last `<prefix>/online` flag, null when none was heard. */
  online: boolean | null;
  firstSeenAt: number;
  lastSeenAt: number;
  messages: number;
  /** Filled by an identify answer (or guessed from the Shelly id when the id names a known model). */
  model: string | null;
  /** Where `model` came from: the meter's own answer, or the Shelly id. */
  modelFrom: 'answer' | 'id' | null;
  generation: number | null;
  firmware: string | null;
}

/** A device already in the list that watches this meter: the panel offers **Open** instead of **Add**. */
export interface ExistingMatch {
  id: number;
  name: string;
  deviceId: string;
  /** `topic`: the device's topic is under the meter's prefix; `deviceId`: the suggested device ID is taken. */
  by: 'topic' | 'deviceId';
}

/** A found meter as the panel shows it: what was heard, whether it is already a device, and what Add fills in. */
export interface DiscoveredMeter extends FoundMeter {
  existing: ExistingMatch | null;
  suggestion: DeviceFields;
}

export type DiscoveryPhase = 'idle' | 'connecting' | 'listening' | 'finished' | 'failed';

export interface IdentifyState {
  /** When the identify requests were published (ms). */
  at: number;
  /** Requests published: one `Shelly.GetDeviceInfo` per Gen2/Gen3 prefix, one `announce` for all Gen1. */
  requests: number;
  /** Meters whose answer arrived. */
  answers: number;
}

/** The live state of a discovery, sent (coalesced) as the `discovery.state` event. */
export interface DiscoveryState {
  phase: DiscoveryPhase;
  /** The broker listened to (without credentials), "" when none is set. */
  brokerUrl: string;
  startedAt: number | null;
  /** When listening stops by itself (ms); the panel counts down to it. */
  endsAt: number | null;
  /** The time of this snapshot (ms), so a countdown can be drawn against the core's clock. */
  at: number;
  /** Why the discovery could not run (no broker set, refused, unreachable), null otherwise. */
  error: string | null;
  meters: DiscoveredMeter[];
  /** Messages read since the start. */
  messages: number;
  /** True when MAX_FOUND_METERS were found and messages from further meters were left out. */
  capped: boolean;
  /** Messages from meters beyond the cap that were left out. */
  leftOut: number;
  identify: IdentifyState | null;
}

/** The sentence a found Gen2/Gen3 meter with events but no status gets (the same advice as the live view). */
export const STATUS_UPDATES_OFF_SENTENCE =
  'The bridge will hear nothing until "Generic status update over MQTT" is switched on in the device\'s MQTT settings.';

export const discoveryStartInputSchema = z
  .union([
    z.null(),
    z.strictObject({
      seconds: z
        .number({ error: 'must be a number of seconds' })
        .int('must be a whole number of seconds')
        .min(5, 'must be at least 5 seconds')
        .max(600, 'must be at most 600 seconds')
        .optional(),
    }),
  ])
  .optional();

export const discoveryAddInputSchema = z.strictObject({
  /** Keys (prefixes) of found meters to add. */
  keys: z
    .array(z.string({ error: 'must be a meter key' }).max(65535), { error: 'must be a list of meter keys' })
    .min(1, 'select at least one meter')
    .max(MAX_FOUND_METERS, `at most ${MAX_FOUND_METERS} meters at once`),
  /** true: say what would be added and write nothing. */
  dryRun: z.boolean({ error: 'must be true or false' }).default(true),
});
export type DiscoveryAddInput = z.input<typeof discoveryAddInputSchema>;

export interface DiscoveryAddRow {
  key: string;
  deviceId: string;
  name: string;
  topicPattern: string;
  /** `create`: will be (or was) added; `skip`: already a device; `refuse`: cannot be added (see fieldErrors). */
  action: 'create' | 'skip' | 'refuse';
  fieldErrors?: FieldErrors;
}

/** What **Add all** did, or on a dry run would do. Nothing is written when any row is refused. */
export interface DiscoveryAddReport {
  dryRun: boolean;
  applied: boolean;
  counts: { create: number; skip: number; refuse: number };
  rows: DiscoveryAddRow[];
}
