import {
  AppFailure,
  type BridgeDevice,
  type ConfigDiff,
  type ConfigPreview,
  diffBridgeDevices,
  groupPushLog,
  type PushDetail,
  type UnpushedChanges,
} from '../../../src-shared';
import { buildBridgeConfig } from '../build-bridge-config';
import type { Clock } from '../ports';
import type { SyncEngine } from '../sync/sync-engine';
import { PUSH_LOG_LIMIT, type SyncStateRepo } from '../sync-state-repo';
import type { DomainHandlers, Handlers } from './handler-types';

/** Where sync stands, the next push's preview, pushing now, and the push log (ARCHITECTURE.md "Sync"). */
export function syncHandlers(deps: {
  engine: SyncEngine;
  repo: SyncStateRepo;
  clock: Clock;
  /** The device IDs stored but switched off now. */
  switchedOff: () => string[];
}): DomainHandlers<'sync'> & Pick<Handlers, 'config.preview' | 'config.unpushed'> {
  const { engine, repo, clock, switchedOff } = deps;

  /** The desired devices against the acknowledged ones; a device switched off is told apart from a deleted one. */
  function unpushedDiff(devices: BridgeDevice[]): { acknowledgedRevision: number | null; diff: ConfigDiff } {
    const acked = engine.acknowledgedDevices();
    const status = engine.status();
    // What was switched off when the bridge acknowledged: kept with that push in the log (while kept).
    const ackedPayload =
      acked.revision !== null && status.acknowledgedHash
        ? repo.acknowledgedPayload(status.acknowledgedHash, status.bridgeUrl)
        : null;
    const diff = diffBridgeDevices(acked.devices, devices, {
      before: ackedPayload?.switchedOff,
      after: switchedOff(),
    });
    return { acknowledgedRevision: acked.revision, diff };
  }

  return {
    'config.preview': async (): Promise<ConfigPreview> => {
      await engine.flushRecompute();
      const config = buildBridgeConfig(engine.desiredConfig(), {
        revision: engine.status().desiredRevision,
        timestamp: new Date(clock.now()).toISOString(),
      });
      return { config, pending: engine.isPending(), ...unpushedDiff(config.devices) };
    },
    'config.unpushed': async (): Promise<UnpushedChanges> => {
      await engine.flushRecompute();
      const { acknowledgedRevision, diff } = unpushedDiff(engine.desiredConfig().devices);
      const ids = (devices: readonly BridgeDevice[]) => devices.map((d) => d.device_id);
      return {
        acknowledgedRevision,
        added: ids(diff.added),
        turnedOn: ids(diff.turnedOn),
        changed: diff.changed.map((c) => c.device_id),
        turnedOff: ids(diff.turnedOff),
        removed: ids(diff.removed),
      };
    },
    'sync.status': () => {
      // A pure read: while a large store's config is rebuilt in slices it tells the state before that commit.
      void engine.flushRecompute();
      return engine.status();
    },
    'sync.push': () => engine.pushNow(),
    // Grouped from the whole kept log, so a push's oldest attempts are never cut off by the limit.
    'sync.history': (input) => groupPushLog(repo.history(PUSH_LOG_LIMIT), input?.limit ?? 100),
    'sync.pushDetail': ({ id }): PushDetail => {
      const entry = repo.entry(id);
      if (!entry)
        throw new AppFailure('not_found', `push ${id} is not in the log (only the newest 500 are kept)`);
      const pushed = repo.pushedPayload(id);
      const previousId = repo.previousWithPayload(id);
      const before = previousId === null ? null : repo.pushedPayload(previousId);
      const diff = pushed
        ? diffBridgeDevices(before?.devices ?? [], pushed.devices, {
            before: before?.switchedOff,
            after: pushed.switchedOff,
          })
        : null;
      return { entry, previousId, diff };
    },
  };
}
