/**
 * An in-memory WorkshopApi for component tests: validates every input with the contract's real schemas (so
 * field errors are the ones main would return), keeps devices, settings, sync status and the push log (with
 * each push's payload), emits events like main does, and lets a test script or hold any call. Import and
 * export run the core's own parser and planner (pure functions) over an in-memory store, so a preview in a
 * test is the preview main would give.
 */
import { planBulk } from '../../src-main/core/bulk-devices';
import type { DevicePlan } from '../../src-main/core/device-rows';
import type { DeviceStore } from '../../src-main/core/device-store';
import { addFoundMeters } from '../../src-main/core/discovery/add-found-meters';
import { type ImportStore, importDevices } from '../../src-main/core/import-devices';
import { exportDevices } from '../../src-main/core/import-export';
import { noTurn } from '../../src-main/core/in-slices';
import { traceFromCsv, traceToCsv } from '../../src-main/core/trace-csv';
import {
  AppFailure,
  type BridgeDevice,
  type BrokerStatus,
  type BulkResult,
  type CallInput,
  type CallName,
  type CallOutput,
  type ConfigPreview,
  DEFAULT_SETTINGS,
  type Device,
  type DeviceCreateInput,
  type DeviceFields,
  type DevicePatchInput,
  type DiscoveryState,
  deviceFieldsSchema,
  diffBridgeDevices,
  type EventName,
  type EventPayload,
  fail,
  fieldErrorsFromIssues,
  groupPushLog,
  type LiveDevice,
  mergePatch,
  ok,
  type ParsedInput,
  type PowerTrace,
  type PushLogEntry,
  type PushOutcome,
  parseCallInput,
  pickFields,
  type Result,
  type SavedTrace,
  type Settings,
  type SyncStatus,
  summariseFieldErrors,
  toBridgeDevices,
  type UnpushedChanges,
  type WorkshopApi,
} from '../../src-shared';

type Handler<C extends CallName> = (
  input: CallInput<C>,
) => Result<CallOutput<C>> | Promise<Result<CallOutput<C>>>;

export interface Deferred {
  /** Lets the held call run and answer. */
  release(): void;
}

const AT = '2026-11-29T10:00:00.000Z';

export function makeStatus(overrides: Partial<SyncStatus> = {}): SyncStatus {
  return {
    state: 'in_sync',
    desiredRevision: 3,
    desiredHash: 'sha256:aaa',
    acknowledgedRevision: 3,
    acknowledgedHash: 'sha256:aaa',
    pendingSince: null,
    nextRetryAt: null,
    lastOutcome: null,
    bridgeUrl: DEFAULT_SETTINGS.bridgeUrl,
    autoPush: true,
    bridgeRunsHash: null,
    attempt: null,
    lastBridgeUrl: null,
    unreadablePreferences: null,
    ...overrides,
  };
}

export function makeBrokerStatus(overrides: Partial<BrokerStatus> = {}): BrokerStatus {
  return {
    state: 'off',
    url: '',
    since: Date.parse(AT),
    connectedAt: null,
    detail: null,
    nextRetryAt: null,
    subscriptions: 0,
    ...overrides,
  };
}

/** A live row as main's live view builds it (a meter heard 2 s before AT, 352.4 W). */
export function makeLiveDevice(
  device: Pick<Device, 'id' | 'deviceId'>,
  overrides: Partial<LiveDevice> = {},
): LiveDevice {
  const heard = Date.parse(AT) - 2000;
  return {
    id: device.id,
    deviceId: device.deviceId,
    topic: `shellypmminig3-${device.deviceId}/status/pm1:0`,
    subscriptions: [`shellypmminig3-${device.deviceId}/status/pm1:0`],
    watts: 352.4,
    source: 'apower of pm1:0 (status)',
    lastSeenAt: heard,
    lastHeardByBridgeAt: heard,
    online: true,
    state: 'live',
    messages: 12,
    longestSilenceMs: 3000,
    longestSilenceInUseMs: 3000,
    components: ['pm1:0'],
    lastStatus: { id: 0, apower: 352.4 },
    statusSeen: true,
    eventsSeen: true,
    maxWatts: 400,
    buffered: 12,
    unreadable: 0,
    lastUnreadable: null,
    diagnostics: [],
    ...overrides,
  };
}

export function successOutcome(overrides: Partial<Extract<PushOutcome, { ok: true }>> = {}): PushOutcome {
  return {
    ok: true,
    status: 200,
    attempts: 1,
    durationMs: 42,
    revision: 4,
    configHash: 'sha256:bbb',
    ...overrides,
  };
}

export class FakeWorkshopApi implements WorkshopApi {
  devices: Device[] = [];
  settings: Settings = { ...DEFAULT_SETTINGS };
  status: SyncStatus = makeStatus();
  history: PushLogEntry[] = [];
  acknowledged: Device[] = [];
  /** Saved power traces (traces.*), oldest first. */
  savedTraces: SavedTrace[] = [];
  /** The live view: broker connection, rows (see makeLiveDevice) and buffered traces by store id. */
  broker: BrokerStatus = makeBrokerStatus();
  live: LiveDevice[] = [];
  readonly traces = new Map<number, PowerTrace>();
  /** What discovery.start/state answer; a test sets meters here or emits `discovery.state` itself. */
  discovery: DiscoveryState = {
    phase: 'listening',
    brokerUrl: 'mqtt://127.0.0.1:1883',
    startedAt: Date.parse(AT),
    endsAt: Date.parse(AT) + 30_000,
    at: Date.parse(AT),
    error: null,
    meters: [],
    messages: 0,
    capped: false,
    leftOut: 0,
    identify: null,
  };
  /** What each logged push sent (by log id); a push without an entry here has its payload "no longer kept". */
  readonly pushedPayloads = new Map<number, BridgeDevice[]>();
  /** The device IDs switched off at each logged push (what the core keeps beside the payload). */
  readonly pushedSwitchedOff = new Map<number, string[]>();
  /** Every call, in order, with its raw input. */
  readonly calls: Array<{ channel: CallName; input: unknown }> = [];
  private nextId = 1;
  private nextPushId = 1;
  private readonly listeners = new Map<EventName, Set<(payload: never) => void>>();
  private readonly scripted = new Map<CallName, Handler<CallName>>();
  private readonly held = new Map<CallName, Promise<void>>();

  /** The starting devices are what the bridge acknowledged, as the default status (in sync) says. */
  constructor(devices: DeviceCreateInput[] = []) {
    for (const input of devices) this.addDevice(input);
    this.acknowledged = [...this.devices];
  }

  /** Stores a device directly (no event), for a test's starting state. */
  addDevice(input: DeviceCreateInput): Device {
    const parsed = parseCallInput('devices.create', input);
    if (!parsed.ok) throw new Error(`fixture device is invalid: ${parsed.error.message}`);
    const device: Device = { ...parsed.value, id: this.nextId++, createdAt: AT, updatedAt: AT };
    this.devices.push(device);
    return device;
  }

  /** Logs a push of the given devices (newest first), keeping its payload, as main's push log does. */
  recordPush(devices: readonly Device[], overrides: Partial<PushLogEntry> = {}): PushLogEntry {
    const id = Math.max(this.nextPushId, ...this.history.map((e) => e.id + 1));
    this.nextPushId = id + 1;
    const entry: PushLogEntry = {
      id,
      startedAt: AT,
      trigger: 'manual',
      revision: this.status.desiredRevision,
      configHash: this.status.desiredHash,
      bridgeUrl: this.settings.bridgeUrl,
      attempts: 1,
      durationMs: 42,
      outcome: 'success',
      status: 200,
      message: null,
      ...overrides,
    };
    this.history = [entry, ...this.history];
    this.pushedPayloads.set(id, toBridgeDevices(devices));
    this.pushedSwitchedOff.set(id, switchedOffIds(devices));
    return entry;
  }

  /** Answers a channel with the handler instead of the built-in behaviour. */
  respond<C extends CallName>(channel: C, handler: Handler<C>): void {
    this.scripted.set(channel, handler as unknown as Handler<CallName>);
  }

  /** Makes calls on the channel wait until release(). */
  hold(channel: CallName): Deferred {
    let release!: () => void;
    this.held.set(
      channel,
      new Promise<void>((resolve) => {
        release = () => {
          this.held.delete(channel);
          resolve();
        };
      }),
    );
    return { release };
  }

  callsTo(channel: CallName): unknown[] {
    return this.calls.filter((c) => c.channel === channel).map((c) => c.input);
  }

  emit<E extends EventName>(event: E, payload: EventPayload<E>): void {
    for (const listener of this.listeners.get(event) ?? [])
      (listener as (p: EventPayload<E>) => void)(payload);
  }

  listenerCount(event: EventName): number {
    return this.listeners.get(event)?.size ?? 0;
  }

  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void {
    let set = this.listeners.get(event);
    if (!set) {
      set = new Set();
      this.listeners.set(event, set);
    }
    const entry = listener as (payload: never) => void;
    set.add(entry);
    return () => set.delete(entry);
  }

  async invoke<C extends CallName>(channel: C, input: CallInput<C>): Promise<Result<CallOutput<C>>> {
    this.calls.push({ channel, input });
    const gate = this.held.get(channel);
    if (gate) await gate;
    const scripted = this.scripted.get(channel) as Handler<C> | undefined;
    if (scripted) return scripted(input);
    const parsed = parseCallInput(channel, input);
    if (!parsed.ok) return parsed;
    return (await this.handle(channel, parsed.value)) as Result<CallOutput<C>>;
  }

  private async handle(channel: CallName, input: unknown): Promise<Result<unknown>> {
    switch (channel) {
      case 'devices.list':
        return ok(this.sorted());
      case 'devices.get': {
        const device = this.find((input as { id: number }).id);
        return device ? ok(device) : fail('not_found', 'no such device');
      }
      case 'devices.create': {
        const fields = input as Omit<Device, 'id' | 'createdAt' | 'updatedAt'>;
        const clash = this.devices.find((d) => d.deviceId === fields.deviceId);
        if (clash) return this.conflict(fields.deviceId, clash);
        const device: Device = { ...fields, id: this.nextId++, createdAt: AT, updatedAt: AT };
        this.devices.push(device);
        this.changed();
        return ok(device);
      }
      case 'devices.update': {
        const { id, patch, baseUpdatedAt } = input as ParsedInput<'devices.update'> & {
          baseUpdatedAt?: string;
        };
        const result = this.updateDevice(id, patch, baseUpdatedAt);
        if (result.ok) this.changed();
        return result;
      }
      case 'devices.delete': {
        const { id } = input as { id: number };
        if (!this.find(id)) return fail('not_found', `devices.delete: no device with id ${id}`);
        this.devices = this.devices.filter((d) => d.id !== id);
        this.changed();
        return ok({ id });
      }
      case 'devices.bulk':
        return this.bulk(input as ParsedInput<'devices.bulk'>);
      case 'devices.export': {
        const { format } = input as ParsedInput<'devices.export'>;
        return ok(await exportDevices(this.sorted(), format, new Date(AT), noTurn));
      }
      case 'devices.import': {
        try {
          return ok(await importDevices(this.importView(), input as ParsedInput<'devices.import'>));
        } catch (error) {
          if (error instanceof AppFailure) return { ok: false, error: error.toError() };
          throw error;
        }
      }
      case 'sync.pushDetail': {
        const { id } = input as ParsedInput<'sync.pushDetail'>;
        const index = this.history.findIndex((e) => e.id === id);
        const entry = this.history[index];
        if (!entry) return fail('not_found', `push ${id} is not in the log (only the newest 500 are kept)`);
        const previous = this.history.slice(index + 1).find((e) => this.pushedPayloads.has(e.id));
        const payload = this.pushedPayloads.get(id);
        const before = previous ? this.pushedPayloads.get(previous.id)! : [];
        return ok({
          entry,
          previousId: previous?.id ?? null,
          diff: payload
            ? diffBridgeDevices(before, payload, {
                before: previous ? this.pushedSwitchedOff.get(previous.id) : null,
                after: this.pushedSwitchedOff.get(id),
              })
            : null,
        });
      }
      case 'config.preview':
        return ok(this.preview());
      case 'config.unpushed':
        return ok(this.unpushed());
      case 'settings.get':
        return ok(this.settings);
      case 'settings.update': {
        const patch = input as Partial<Settings>;
        this.settings = { ...this.settings, ...patch };
        this.emit('settings.changed', this.settings);
        if (patch.bridgeUrl !== undefined) {
          this.setStatus({ state: 'pending', pendingSince: AT, bridgeUrl: this.settings.bridgeUrl });
        }
        return ok(this.settings);
      }
      case 'sync.status':
        return ok(this.status);
      case 'sync.push': {
        const outcome = successOutcome({ revision: this.status.desiredRevision });
        this.acknowledged = [...this.devices];
        this.recordPush(this.devices, { revision: this.status.desiredRevision });
        this.setStatus({
          state: 'in_sync',
          acknowledgedRevision: this.status.desiredRevision,
          acknowledgedHash: this.status.desiredHash,
          pendingSince: null,
          lastOutcome: outcome,
        });
        return ok(outcome);
      }
      case 'sync.history': {
        const limit = (input as { limit?: number } | null | undefined)?.limit ?? 100;
        return ok(groupPushLog(this.history, limit));
      }
      case 'discovery.start':
        if (this.discovery.phase === 'finished') {
          this.discovery = { ...this.discovery, phase: 'listening', endsAt: this.discovery.at + 30_000 };
        }
        return ok(this.discovery);
      case 'discovery.state':
        return ok(this.discovery);
      case 'discovery.stop':
        this.discovery = { ...this.discovery, phase: 'finished', endsAt: this.discovery.at };
        return ok(this.discovery);
      case 'discovery.identify': {
        const requests = this.discovery.meters.filter((m) => m.family === 'gen2').length + 1;
        this.discovery = { ...this.discovery, identify: { at: this.discovery.at, requests, answers: 0 } };
        return ok(this.discovery);
      }
      case 'discovery.add': {
        const { keys, dryRun } = input as ParsedInput<'discovery.add'>;
        const report = addFoundMeters(this.storeView(), this.discovery.meters, keys, dryRun);
        if (report.applied) this.changed();
        return ok(report);
      }
      case 'bridge.test': {
        const url = (input as { url?: string } | null | undefined)?.url ?? this.settings.bridgeUrl;
        return ok({
          url,
          reachable: true,
          ok: true,
          status: 200,
          latencyMs: 12,
          message: `${url}/health answered HTTP 200 in 12 ms`,
          suggestedUrl: null,
        });
      }
      case 'traces.list': {
        const deviceId = (input as { deviceId?: string } | null | undefined)?.deviceId;
        const infos = this.savedTraces.filter((t) => deviceId === undefined || t.deviceId === deviceId);
        return ok(infos.map(({ trace: _, ...info }) => info).reverse());
      }
      case 'traces.save': {
        const { name, deviceId, endAt, trace } = input as ParsedInput<'traces.save'>;
        return ok(this.keepTrace({ name, deviceId, endAt, trace, source: 'live' }));
      }
      case 'traces.import': {
        const { name, deviceId, csv } = input as ParsedInput<'traces.import'>;
        try {
          const trace = traceFromCsv(csv);
          return ok(
            this.keepTrace({ name, deviceId, trace, source: 'import', endAt: trace.samples.at(-1)!.at }),
          );
        } catch (error) {
          if (error instanceof AppFailure) return { ok: false, error: error.toError() };
          throw error;
        }
      }
      case 'traces.get':
      case 'traces.delete':
      case 'traces.export': {
        const { id } = input as { id: number };
        const saved = this.savedTraces.find((t) => t.id === id);
        if (!saved) return fail('not_found', `trace ${id} does not exist (deleted?)`);
        if (channel === 'traces.get') return ok(saved);
        if (channel === 'traces.export')
          return ok({ fileName: `${saved.deviceId}-trace.csv`, content: traceToCsv(saved.trace) });
        this.savedTraces = this.savedTraces.filter((t) => t !== saved);
        return ok({ id });
      }
      case 'broker.status':
        return ok(this.broker);
      case 'broker.test': {
        const url = (input as { url?: string } | null | undefined)?.url || this.settings.brokerUrl;
        return ok({ outcome: 'connected', url, message: `Connected to the broker at ${url}.`, latencyMs: 8 });
      }
      case 'live.overview':
        return ok({ at: Date.parse(AT), broker: this.broker, devices: this.live });
      case 'live.history': {
        const trace = this.traces.get((input as { id: number }).id);
        return trace ? ok(trace) : fail('not_found', 'the device is not listened to');
      }
      default:
        return fail('unknown_channel', `the fake does not implement "${channel}": script it with respond()`);
    }
  }

  private keepTrace(t: Pick<SavedTrace, 'name' | 'deviceId' | 'endAt' | 'trace' | 'source'>) {
    const { samples } = t.trace;
    const saved: SavedTrace = {
      ...t,
      id: Math.max(0, ...this.savedTraces.map((x) => x.id)) + 1,
      savedAt: AT,
      sampleCount: samples.length,
      firstAt: samples[0]?.at ?? null,
      lastAt: samples.at(-1)?.at ?? null,
    };
    this.savedTraces.push(saved);
    const { trace: _, ...info } = saved;
    return info;
  }

  setStatus(patch: Partial<SyncStatus>): void {
    this.status = { ...this.status, ...patch };
    this.emit('sync.status', this.status);
  }

  private preview(): ConfigPreview {
    const devices = toBridgeDevices(this.devices);
    return {
      config: {
        version: '1.0',
        timestamp: AT,
        revision: this.status.desiredRevision,
        config_hash: this.status.desiredHash,
        devices,
      },
      pending: this.status.state !== 'in_sync',
      acknowledgedRevision: this.status.acknowledgedRevision,
      diff: diffBridgeDevices(toBridgeDevices(this.acknowledged), devices, {
        before: switchedOffIds(this.acknowledged),
        after: switchedOffIds(this.devices),
      }),
    };
  }

  /** Like the core's config.unpushed: the device IDs of the diff, a switched-off device told apart. */
  private unpushed(): UnpushedChanges {
    const off = (list: readonly Device[]) => list.filter((d) => !d.active).map((d) => d.deviceId);
    const diff = diffBridgeDevices(toBridgeDevices(this.acknowledged), toBridgeDevices(this.devices), {
      before: off(this.acknowledged),
      after: off(this.devices),
    });
    const ids = (list: readonly BridgeDevice[]) => list.map((d) => d.device_id);
    return {
      acknowledgedRevision: this.status.acknowledgedRevision,
      added: ids(diff.added),
      turnedOn: ids(diff.turnedOn),
      changed: diff.changed.map((c) => c.device_id),
      turnedOff: ids(diff.turnedOff),
      removed: ids(diff.removed),
    };
  }

  private sorted(): Device[] {
    return [...this.devices].sort((a, b) => a.name.localeCompare(b.name));
  }

  /** Like the core's store.update: the version check, the whole device validated, a used deviceId refused. */
  private updateDevice(id: number, patch: DevicePatchInput, baseUpdatedAt?: string): Result<Device> {
    const current = this.find(id);
    if (!current) return fail('not_found', `devices.update: no device with id ${id}`);
    // Like the core's store: an edit based on an older version is refused (issue 11).
    if (baseUpdatedAt !== undefined && baseUpdatedAt !== current.updatedAt) {
      return fail('conflict', `"${current.name}" was changed elsewhere; nothing was changed`, {
        baseUpdatedAt: `is ${baseUpdatedAt}, but the device was saved again at ${current.updatedAt}`,
      });
    }
    const merged = deviceFieldsSchema.safeParse(mergePatch(current, patch));
    if (!merged.success) {
      const fieldErrors = fieldErrorsFromIssues(merged.error.issues);
      return fail('invalid_input', `device: ${summariseFieldErrors(fieldErrors)}`, fieldErrors);
    }
    const clash = this.devices.find((d) => d.deviceId === merged.data.deviceId && d.id !== id);
    if (clash) return this.conflict(merged.data.deviceId, clash);
    if (sameFields(current, merged.data)) return ok(current);
    const device: Device = { ...current, ...merged.data, updatedAt: this.nextVersion() };
    this.devices = this.devices.map((d) => (d.id === id ? device : d));
    return ok(device);
  }

  /** The core's own bulk planner (src-main/core/bulk-devices.ts) over this fake's list: one announcement. */
  private async bulk({ ids, action }: ParsedInput<'devices.bulk'>): Promise<Result<BulkResult>> {
    try {
      const read = async (wanted: readonly number[]) =>
        wanted.map((id) => this.find(id)).filter((d): d is Device => d !== undefined);
      const { plan, result } = await planBulk(read, ids, action, Date.parse(AT), noTurn);
      this.applyPlan(plan, () => this.nextVersion());
      return ok(result);
    } catch (error) {
      if (error instanceof AppFailure) return { ok: false, error: error.toError() };
      throw error;
    }
  }

  /** What the core's importDevices needs, over this fake's list: a plan written all at once, one announcement. */
  private importView(): ImportStore {
    return {
      readAll: async () => this.devices,
      sliced: async (job) => {
        const { plan, result } = await job(noTurn, Date.parse(AT));
        if (plan) this.applyPlan(plan, () => AT);
        return result;
      },
    };
  }

  private applyPlan(plan: DevicePlan, version: () => string): void {
    if (plan.deletes.length + plan.updates.length + plan.inserts.length === 0) return;
    const deleted = new Set(plan.deletes);
    const updated = new Map(plan.updates.map((u) => [u.id, u.fields]));
    this.devices = this.devices
      .filter((d) => !deleted.has(d.id))
      .map((d) => {
        const fields = updated.get(d.id);
        return fields ? { ...d, ...fields, updatedAt: version() } : d;
      });
    for (const fields of plan.inserts)
      this.devices.push({ ...fields, id: this.nextId++, createdAt: AT, updatedAt: AT });
    this.changed();
  }

  /** The part of the store the core's importDevices uses, over this fake's list (a failed transaction rolls back). */
  private storeView(): DeviceStore {
    const view = {
      list: () => this.sorted(),
      findByDeviceId: (deviceId: string) => this.devices.find((d) => d.deviceId === deviceId),
      insertChecked: (fields: DeviceFields) => {
        const device: Device = { ...fields, id: this.nextId++, createdAt: AT, updatedAt: AT };
        this.devices = [...this.devices, device];
        return device;
      },
      update: (id: number, fields: DeviceFields) => {
        this.devices = this.devices.map((d) => (d.id === id ? { ...d, ...fields, updatedAt: AT } : d));
        return this.find(id);
      },
      delete: (id: number) => {
        this.devices = this.devices.filter((d) => d.id !== id);
        return { id };
      },
      transaction: <T>(fn: () => T): T => {
        const snapshot = this.devices;
        try {
          return fn();
        } catch (error) {
          this.devices = snapshot;
          throw error;
        }
      },
    };
    return view satisfies Pick<
      DeviceStore,
      'list' | 'insertChecked' | 'delete' | 'transaction' | 'findByDeviceId'
    > as unknown as DeviceStore;
  }

  private versions = 0;
  /** A new updatedAt per save, as the core's store gives. */
  private nextVersion(): string {
    return new Date(Date.parse(AT) + ++this.versions).toISOString();
  }

  private find(id: number) {
    return this.devices.find((d) => d.id === id);
  }

  private conflict(deviceId: string, clash: Device) {
    return fail('conflict', `deviceId "${deviceId}" is already used`, {
      deviceId: `is already used by "${clash.name}"`,
    });
  }

  private changed() {
    this.emit('devices.changed', { at: AT });
  }
}

function sameFields(a: DeviceFields, b: DeviceFields): boolean {
  const x = pickFields(a);
  const y = pickFields(b);
  return (
    (Object.keys(x) as Array<keyof DeviceFields>).every((k) => k === 'strategyConfig' || x[k] === y[k]) &&
    (Object.keys(x.strategyConfig) as Array<keyof DeviceFields['strategyConfig']>).every(
      (k) => x.strategyConfig[k] === y.strategyConfig[k],
    )
  );
}

const switchedOffIds = (devices: readonly Device[]) =>
  devices.filter((d) => !d.active).map((d) => d.deviceId);
