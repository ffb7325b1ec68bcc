/**
 * The one IPC contract (ARCHITECTURE.md "One contract"): every call with its input schema and output type,
 * every event with its payload type. The preload, main's handler map, the web host's routes and the
 * renderer's client are all typed from this table.
 */
import { z } from 'zod';
import { type BulkResult, bulkInputSchema } from './bulk-action';
import {
  type Device,
  deviceCreateSchema,
  deviceIdRefSchema,
  devicePatchSchema,
  powerThresholdConfigSchema,
} from './device';
import { type ExportResult, exportInputSchema } from './device-export';
import { type ImportReport, importInputSchema } from './device-import';
import {
  type DiscoveryAddReport,
  type DiscoveryState,
  discoveryAddInputSchema,
  discoveryStartInputSchema,
} from './discovery/discovery-types';
import type { BrokerStatus, BrokerTestResult } from './live/broker-status';
import type { LiveOverview, LiveOverviewUpdate, LiveSamplesUpdate } from './live/live-overview';
import type { PowerTrace } from './live/power-trace';
import type { Result } from './result';
import {
  type SavedTrace,
  type TraceExport,
  type TraceInfo,
  traceImportInputSchema,
  traceListInputSchema,
  traceRefSchema,
  traceSaveInputSchema,
} from './saved-traces';
import type { SimulationResult } from './session-model/simulate-sessions';
import { type Settings, settingsPatchSchema } from './settings';
import type {
  BridgeTestResult,
  ConfigPreview,
  PushDetail,
  PushHistoryEntry,
  PushNotice,
  PushOutcome,
  SyncStatus,
  UnpushedChanges,
} from './sync';

/** Marks an output or payload type in the table; nothing exists at run time. */
const type = <T>() => undefined as unknown as T;

/** Calls that take no input accept null, {} or nothing. */
const noInput = z.union([z.null(), z.strictObject({})]).optional();

export const contract = {
  calls: {
    /** All devices, ordered by name. */
    'devices.list': { input: noInput, output: type<Device[]>() },
    /** One device by store id. */
    'devices.get': { input: deviceIdRefSchema, output: type<Device>() },
    /** Creates a device; missing optional fields take their defaults. */
    'devices.create': { input: deviceCreateSchema, output: type<Device>() },
    /**
     * Changes any subset of a device's fields (strategyConfig may be partial). With `baseUpdatedAt` (the
     * `updatedAt` the edit started from) a device saved meanwhile is refused with a `conflict`.
     */
    'devices.update': {
      input: z.strictObject({
        id: deviceIdRefSchema.shape.id,
        patch: devicePatchSchema,
        baseUpdatedAt: z.string({ error: "must be the device's updatedAt text" }).optional(),
      }),
      output: type<Device>(),
    },
    /** Deletes a device. */
    'devices.delete': { input: deviceIdRefSchema, output: type<{ id: number }>() },
    /** Activates, deactivates, deletes or sets strategy values of many devices in one transaction (one push). */
    'devices.bulk': { input: bulkInputSchema, output: type<BulkResult>() },
    /** All devices as a JSON (round-trips exactly) or CSV file. */
    'devices.export': { input: exportInputSchema, output: type<ExportResult>() },
    /** Imports JSON or CSV (the app's own or an Odoo mqtt.device export); a dry run writes nothing. */
    'devices.import': { input: importInputSchema, output: type<ImportReport>() },
    /** The config that would be pushed now and what changed against the last acknowledged one. */
    'config.preview': { input: noInput, output: type<ConfigPreview>() },
    /** The device IDs of config.preview's diff only: what the Push button counts and the rows mark. */
    'config.unpushed': { input: noInput, output: type<UnpushedChanges>() },
    /** The preferences. */
    'settings.get': { input: noInput, output: type<Settings>() },
    /** Changes any subset of the preferences; a new bridge URL or token makes the sync state pending. */
    'settings.update': { input: settingsPatchSchema, output: type<Settings>() },
    /** Where sync stands now. */
    'sync.status': { input: noInput, output: type<SyncStatus>() },
    /** Pushes the desired config now, even when in sync; resolves with the outcome. */
    'sync.push': { input: noInput, output: type<PushOutcome>() },
    /** The pushes, newest first, each with its background retries inside it (src-shared/push-history.ts). */
    'sync.history': {
      input: z
        .union([z.null(), z.strictObject({ limit: z.number().int().min(1).max(500).optional() })])
        .optional(),
      output: type<PushHistoryEntry[]>(),
    },
    /** One logged push with what it changed against the push before it. */
    'sync.pushDetail': {
      input: z.strictObject({ id: z.number().int().positive() }),
      output: type<PushDetail>(),
    },
    /** One GET to `{bridgeUrl}/health` (or the given URL's): reachable or not, status, latency. */
    'bridge.test': {
      input: z.union([z.null(), z.strictObject({ url: z.string().optional() })]).optional(),
      output: type<BridgeTestResult>(),
    },
    /** Saved power traces, newest first (one device's when `deviceId` is given). */
    'traces.list': { input: traceListInputSchema, output: type<TraceInfo[]>() },
    /** Keeps a trace (the samples the Live dialog shows) under a name. */
    'traces.save': { input: traceSaveInputSchema, output: type<TraceInfo>() },
    /** One saved trace with its samples. */
    'traces.get': { input: traceRefSchema, output: type<SavedTrace>() },
    /** Deletes a saved trace. */
    'traces.delete': { input: traceRefSchema, output: type<{ id: number }>() },
    /** Reads a trace CSV (time,watts[,online]) and keeps it like a saved one; a bad file changes nothing. */
    'traces.import': { input: traceImportInputSchema, output: type<TraceInfo>() },
    /** A saved trace as CSV text, with a file name for it. */
    'traces.export': { input: traceRefSchema, output: type<TraceExport>() },
    /** Where the app's MQTT connection (the live view) stands now. */
    'broker.status': { input: noInput, output: type<BrokerStatus>() },
    /**
     * Connects once to the given broker (or the stored one) and says what happened in one sentence. The stored
     * password is used only for the stored broker URL, unless a password is given.
     */
    'broker.test': {
      input: z
        .union([
          z.null(),
          z.strictObject({
            url: z.string().max(2048).optional(),
            username: z.string().max(1024).optional(),
            password: z.string().max(1024).optional(),
          }),
        ])
        .optional(),
      output: type<BrokerTestResult>(),
    },
    /** Every active device as the live view hears it now: power, last seen, state, diagnostics. */
    'live.overview': { input: noInput, output: type<LiveOverview>() },
    /** The buffered samples (up to the last 12 h) and online marks of one device, oldest first. */
    'live.history': { input: deviceIdRefSchema, output: type<PowerTrace>() },
    /**
     * What sessions the bridge would make of that buffered history under `strategyConfig` (checked like a
     * device's), as of now: the shared simulator (docs/session-model.md), run in the core for any client.
     */
    'live.simulate': {
      input: deviceIdRefSchema.extend({ strategyConfig: powerThresholdConfigSchema }).strict(),
      output: type<SimulationResult>(),
    },
    /** Listens on the broker for Shelly meters (subscribe-only) for `seconds` (default 30); drops the last list. */
    'discovery.start': { input: discoveryStartInputSchema, output: type<DiscoveryState>() },
    /** Stops listening now; the meters found stay listed. */
    'discovery.stop': { input: noInput, output: type<DiscoveryState>() },
    /** The meters found so far and whether discovery is listening. */
    'discovery.state': { input: noInput, output: type<DiscoveryState>() },
    /** Publishes Shelly.GetDeviceInfo to each found Gen2/Gen3 meter and `announce` to Gen1 (the only publish). */
    'discovery.identify': { input: noInput, output: type<DiscoveryState>() },
    /** Adds the selected found meters as devices in one transaction (one push); a dry run writes nothing. */
    'discovery.add': { input: discoveryAddInputSchema, output: type<DiscoveryAddReport>() },
  },
  events: {
    /** Sent whenever the sync status changes. */
    'sync.status': type<SyncStatus>(),
    /** Sent once per committed transaction that changed devices. */
    'devices.changed': type<{ at: string }>(),
    /** Sent whenever the preferences change. */
    'settings.changed': type<Settings>(),
    /** A push outcome worth telling the user about (host-side policy decides how). */
    'push.notice': type<PushNotice>(),
    /** Sent whenever the broker connection changes state. */
    'broker.status': type<BrokerStatus>(),
    /** The live rows that changed, coalesced (at most one every 250 ms). */
    'live.overview': type<LiveOverviewUpdate>(),
    /** New samples per device since the previous one, coalesced with live.overview. */
    'live.samples': type<LiveSamplesUpdate>(),
    /** A discovery's state, coalesced (at most every few hundred ms while messages arrive). */
    'discovery.state': type<DiscoveryState>(),
  },
} as const;

type Calls = typeof contract.calls;
type Events = typeof contract.events;

export type CallName = keyof Calls;
export type EventName = keyof Events;
/** What the renderer passes (before defaults are filled in). */
export type CallInput<C extends CallName> = z.input<Calls[C]['input']>;
/** What main's handler receives (after validation and defaults). */
export type ParsedInput<C extends CallName> = z.output<Calls[C]['input']>;
export type CallOutput<C extends CallName> = Calls[C]['output'];
export type EventPayload<E extends EventName> = Events[E];

export const CALL_NAMES = Object.keys(contract.calls) as CallName[];
export const EVENT_NAMES = Object.keys(contract.events) as EventName[];

export const isCallName = (name: unknown): name is CallName =>
  typeof name === 'string' && Object.hasOwn(contract.calls, name);
export const isEventName = (name: unknown): name is EventName =>
  typeof name === 'string' && Object.hasOwn(contract.events, name);

/** The typed API both hosts offer the renderer (preload's window.workshop, or the HTTP+SSE client). */
export interface WorkshopApi {
  invoke<C extends CallName>(channel: C, input: CallInput<C>): Promise<Result<CallOutput<C>>>;
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void;
}
