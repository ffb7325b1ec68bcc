import {
  AppFailure,
  type CallName,
  type CallOutput,
  type EventName,
  type EventPayload,
  fail,
  ok,
  type ParsedInput,
  parseCallInput,
  type Result,
} from '../../src-shared';
import { fetchBridgeConfigHash, probeBridgeHealth } from './bridge-probe';
import { desiredDevices, desiredDevicesInSlices } from './build-bridge-config';
import { lockDataDir } from './db/data-dir-lock';
import { runTransactionOffThread } from './db/off-thread-transaction';
import { openDatabase } from './db/open-database';
import { DeviceStore } from './device-store';
import { createDiscovery } from './discovery/discovery-handlers';
import { createEventHub } from './event-hub';
import { bridgeHandlers } from './handlers/bridge';
import { deviceHandlers } from './handlers/devices';
import type { Handlers } from './handlers/handler-types';
import { liveHandlers } from './handlers/live';
import { settingsHandlers } from './handlers/settings';
import { syncHandlers } from './handlers/sync';
import { traceHandlers } from './handlers/traces';
import { transferHandlers } from './handlers/transfer';
import { LiveService, PRODUCTION_LIVE_TIMING } from './live/live-service';
import { type Clock, consoleLogger, systemClock } from './ports';
import { createPushClient, PRODUCTION_PUSH_POLICY } from './push-client';
import { SyncEngine } from './sync/sync-engine';
import { PRODUCTION_SYNC_TIMING } from './sync/sync-types';
import { SyncStateRepo } from './sync-state-repo';
import { TraceRepo } from './trace-repo';
import type { WorkshopCore, WorkshopCoreOptions } from './workshop-core-types';

export { StoreOpenError } from './db/open-database';
export type { Handlers } from './handlers/handler-types';

/** The holder's name when the host did not say: the desktop app runs in Electron, anything else in plain Node. */
const defaultAppLabel = () => (process.versions.electron ? 'desktop app' : 'Node process');

/**
 * The composition root of the core (ARCHITECTURE.md "Parts and what each may import"): opens the store in
 * `dataDir`, wires sync, live and discovery, and serves the domains' handler maps (src-main/core/handlers/)
 * behind one validating `invoke`. Throws StoreOpenError when the database cannot be used.
 */
export function createWorkshopCore(options: WorkshopCoreOptions): WorkshopCore {
  const clock: Clock = options.clock ?? systemClock;
  const loggerFor = options.logger ?? consoleLogger;
  const log = loggerFor('core');
  const policy = { ...PRODUCTION_PUSH_POLICY, ...options.push };
  const lock = options.dataDirLock ?? lockDataDir(options.dataDir, options.appLabel ?? defaultAppLabel());
  let db: ReturnType<typeof openDatabase>;
  try {
    db = openDatabase(options.dataDir);
  } catch (error) {
    lock.release();
    throw error;
  }
  const store = new DeviceStore(
    db,
    clock,
    (error) => log.error(`a commit listener failed: ${(error as Error).stack ?? String(error)}`),
    (target, steps) => runTransactionOffThread(target, steps, options.startWorker),
    (error) =>
      log.warn(`a large device write ran on the host's thread: its worker process failed (${error.message})`),
  );
  const repo = new SyncStateRepo(db, () => store.switchedOffIds());
  const traces = new TraceRepo(db, clock);
  const hub = createEventHub(loggerFor('events'));
  const settings = options.settings;
  const pushClient = createPushClient({ policy, clock, logger: loggerFor('push') });

  const engine = new SyncEngine({
    repo,
    transport: {
      push: (request) => pushClient.push(request),
      fetchConfigHash: (url, token) => fetchBridgeConfigHash(url, token, { timeoutMs: policy.timeoutMs }),
      probeHealth: (url, token) => probeBridgeHealth(url, token, { timeoutMs: policy.timeoutMs }),
    },
    desired: () => desiredDevices(store.listActive()),
    desiredInSlices: () => {
      const active = store.listActiveInSlices();
      return active instanceof Promise
        ? active.then((d) => desiredDevicesInSlices(d))
        : desiredDevices(active);
    },
    settings: () => settings.get(),
    clock,
    timing: { ...PRODUCTION_SYNC_TIMING, ...options.sync },
    random: options.random ?? Math.random,
    logger: loggerFor('sync'),
    onStatus: (status) => hub.emit('sync.status', status),
    preferencesSetAside: options.preferencesSetAside ?? null,
    bridgeUrlGiven: options.bridgeUrlGiven ?? false,
    writable: () => store.writable(),
    onNotice: (notice) => {
      options.notifier?.notify(notice);
      // Manual outcomes reach the renderer as the answer to sync.push; events carry the background news,
      // which the renderer filters by the Notifications preference (successes only with "all").
      if (notice.trigger !== 'manual') hub.emit('push.notice', notice);
    },
  });

  const live = new LiveService({
    clock,
    logger: loggerFor('live'),
    timing: { ...PRODUCTION_LIVE_TIMING, ...options.live },
    devices: () => store.listActiveInSlices(),
    settings: () => settings.get(),
    emit: (event, payload) => hub.emit(event, payload),
  });

  store.onCommit(() => {
    engine.onDevicesCommitted();
    live.syncDevices();
    hub.emit('devices.changed', { at: new Date(clock.now()).toISOString() });
  });

  const discovery = createDiscovery({
    store,
    settings: () => settings.get(),
    clock,
    logger: loggerFor('discovery'),
    ...(options.discovery ? { timing: options.discovery } : {}),
    emit: (state) => hub.emit('discovery.state', state),
  });
  store.onCommit(() => discovery.devicesChanged());

  const handlers = {
    ...deviceHandlers(store),
    ...transferHandlers(store, clock),
    ...syncHandlers({ engine, repo, clock, switchedOff: () => store.switchedOffIds() }),
    ...settingsHandlers(settings, (before, after, patch) => {
      engine.onSettingsChanged(before, after, patch.bridgeUrl !== undefined);
      live.onSettingsChanged(after);
      hub.emit('settings.changed', after);
    }),
    ...bridgeHandlers(settings, policy.timeoutMs),
    ...traceHandlers(traces, () => store.writable()),
    ...liveHandlers({ live, settings, clock }),
    ...discovery.handlers,
  } satisfies Handlers;

  engine.start();
  live.start();
  let closing: Promise<void> | null = null;

  return {
    async invoke<C extends CallName>(channel: C, raw: unknown): Promise<Result<CallOutput<C>>> {
      if (closing)
        return fail('unavailable', 'Workshop Manager is shutting down; try again after it restarts.');
      const parsed = parseCallInput(channel, raw);
      if (!parsed.ok) return parsed;
      // The one cast: indexing the combined map by a generic channel gives TypeScript a union of handlers it
      // cannot call; `satisfies Handlers` above is what proves each entry takes its call's input and output.
      const handler = handlers[channel] as (input: ParsedInput<C>) => CallOutput<C> | Promise<CallOutput<C>>;
      try {
        return ok(await handler(parsed.value));
      } catch (error) {
        if (error instanceof AppFailure) return { ok: false, error: error.toError() };
        log.error(`${channel} failed: ${(error as Error).stack ?? String(error)}`);
        const sqlite = (error as { code?: string }).code?.startsWith('SQLITE_');
        return fail(sqlite ? 'storage' : 'internal', `${channel} failed: ${(error as Error).message}`);
      }
    },
    on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void) {
      return hub.on(event, listener);
    },
    close(closeOptions) {
      closing ??= (async () => {
        live.close();
        await discovery.close();
        await engine.close(closeOptions?.timeoutMs ?? policy.timeoutMs);
        hub.clear();
        // A large write still committing in its worker process ends first: the lock is released only after it.
        await store.writable();
        db.$client.close();
        lock.release();
      })();
      return closing;
    },
  };
}
