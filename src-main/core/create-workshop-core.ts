import {
  AppFailure,
  type CallName,
  type CallOutput,
  type ConfigPreview,
  diffBridgeDevices,
  type EventName,
  type EventPayload,
  fail,
  ok,
  type ParsedInput,
  type PushDetail,
  parseCallInput,
  type Result,
} from '../../src-shared';
import { fetchBridgeConfigHash, probeBridgeHealth, testBridge } from './bridge-probe';
import { buildBridgeConfig, desiredDevices } from './build-bridge-config';
import { lockDataDir } from './db/data-dir-lock';
import { openDatabase } from './db/open-database';
import { DeviceStore } from './device-store';
import { createDiscovery } from './discovery/discovery-handlers';
import { createEventHub } from './event-hub';
import { exportDevices, importDevices } from './import-export';
import { LiveService, PRODUCTION_LIVE_TIMING } from './live/live-service';
import { testBroker } from './live/test-broker';
import { type Clock, consoleLogger, systemClock } from './ports';
import { createPushClient, PRODUCTION_PUSH_POLICY } from './push-client';
import { SyncEngine } from './sync/sync-engine';
import { PRODUCTION_SYNC_TIMING } from './sync/sync-types';
import { SyncStateRepo } from './sync-state-repo';
import { traceFromCsv, traceToCsv } from './trace-csv';
import { TraceRepo } from './trace-repo';
import type { WorkshopCore, WorkshopCoreOptions } from './workshop-core-types';

export { StoreOpenError } from './db/open-database';

/** How long Test broker waits for the broker's answer. */
const BROKER_TEST_TIMEOUT_MS = 5000;

/** The holder's name when the host did not say: the desktop app runs in Electron, anything else in plain Node. */
const defaultAppLabel = () => (process.versions.electron ? 'desktop app' : 'Node process');

/** Main's side of every contract call, typed so that a missing handler is a compile error. */
export type Handlers = { [C in CallName]: (input: ParsedInput<C>) => CallOutput<C> | Promise<CallOutput<C>> };

/**
 * The composition root of the core (ARCHITECTURE.md "Parts and what each may import"): opens the store in `dataDir`, wires sync, and returns the
 * contract's handlers behind one validating `invoke`. Throws StoreOpenError when the database cannot be used.
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
  const store = new DeviceStore(db, clock, (error) =>
    log.error(`a commit listener failed: ${(error as Error).stack ?? String(error)}`),
  );
  const repo = new SyncStateRepo(db);
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
    settings: () => settings.get(),
    clock,
    timing: { ...PRODUCTION_SYNC_TIMING, ...options.sync },
    random: options.random ?? Math.random,
    logger: loggerFor('sync'),
    onStatus: (status) => hub.emit('sync.status', status),
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
    devices: () => store.listActive(),
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

  const handlers: Handlers = {
    'devices.list': () => store.list(),
    'devices.get': ({ id }) => store.get(id),
    'devices.create': (input) => store.create(input),
    'devices.update': ({ id, patch, baseUpdatedAt }) => store.update(id, patch, baseUpdatedAt),
    'devices.delete': ({ id }) => store.delete(id),
    'devices.bulk': ({ ids, action }) => store.bulk(ids, action),
    'devices.export': ({ format }) => exportDevices(store.list(), format, new Date(clock.now())),
    'devices.import': (input) => importDevices(store, input),
    'config.preview': (): ConfigPreview => {
      engine.flushRecompute();
      const config = buildBridgeConfig(engine.desiredConfig(), {
        revision: engine.status().desiredRevision,
        timestamp: new Date(clock.now()).toISOString(),
      });
      const acked = engine.acknowledgedDevices();
      return {
        config,
        pending: engine.isPending(),
        acknowledgedRevision: acked.revision,
        diff: diffBridgeDevices(acked.devices, config.devices),
      };
    },
    'settings.get': () => settings.get(),
    'settings.update': (patch) => {
      const before = settings.get();
      const after = settings.set(patch);
      engine.onSettingsChanged(before, after);
      live.onSettingsChanged(after);
      hub.emit('settings.changed', after);
      return after;
    },
    'sync.status': () => {
      engine.flushRecompute();
      return engine.status();
    },
    'sync.push': () => engine.pushNow(),
    'sync.history': (input) => repo.history(input?.limit ?? 100),
    'sync.pushDetail': ({ id }): PushDetail => {
      const entry = repo.entry(id);
      if (!entry)
        throw new AppFailure('not_found', `push ${id} is not in the log (only the newest 500 are kept)`);
      const devices = repo.pushedDevices(id);
      const previousId = repo.previousWithPayload(id);
      const before = previousId === null ? [] : (repo.pushedDevices(previousId) ?? []);
      return { entry, previousId, diff: devices ? diffBridgeDevices(before, devices) : null };
    },
    'bridge.test': (input) => {
      const { bridgeUrl, bridgeToken } = settings.get();
      const url = input?.url?.trim().replace(/\/+$/, '') || bridgeUrl;
      // The token goes only to the bridge it belongs to, never to a URL someone is merely trying out.
      return testBridge(url, {
        timeoutMs: policy.timeoutMs,
        ...(url === bridgeUrl ? { token: bridgeToken } : {}),
      });
    },
    'traces.list': (input) => traces.list(input?.deviceId),
    'traces.save': ({ name, deviceId, endAt, trace }) =>
      traces.save({ name, deviceId, endAt, trace, source: 'live' }),
    'traces.get': ({ id }) => traces.get(id),
    'traces.delete': ({ id }) => traces.delete(id),
    'traces.import': ({ name, deviceId, csv }) => {
      const trace = traceFromCsv(csv);
      return traces.save({ name, deviceId, trace, source: 'import', endAt: trace.samples.at(-1)!.at });
    },
    'traces.export': ({ id }) => {
      const saved = traces.get(id);
      const slug = saved.name.replace(/[^\p{L}\p{N}_-]+/gu, '-').replace(/^-+|-+$/g, '') || 'trace';
      return { fileName: `${saved.deviceId}-${slug}.csv`, content: traceToCsv(saved.trace) };
    },
    'broker.status': () => live.brokerStatus(),
    'broker.test': (input) => {
      const stored = settings.get();
      const url = input?.url?.trim() || stored.brokerUrl;
      // The stored login goes only to the broker it belongs to, never to a URL someone is merely trying out.
      const same = url === stored.brokerUrl;
      return testBroker(
        {
          url,
          username: input?.username ?? (same ? stored.brokerUsername : ''),
          password: input?.password ?? (same ? stored.brokerPassword : ''),
        },
        BROKER_TEST_TIMEOUT_MS,
        clock,
      );
    },
    'live.overview': () => live.overview(),
    'live.history': ({ id }) => live.history(id),
    ...discovery.handlers,
  };

  engine.start();
  live.start();
  let closing: Promise<void> | null = null;

  return {
    async invoke(channel: string, raw: unknown): Promise<Result<unknown>> {
      if (closing)
        return fail('unavailable', 'Workshop Manager is shutting down; try again after it restarts.');
      const parsed = parseCallInput(channel, raw);
      if (!parsed.ok) return parsed;
      const handler = handlers[channel as CallName] as (input: unknown) => unknown;
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
        db.$client.close();
        lock.release();
      })();
      return closing;
    },
  };
}
