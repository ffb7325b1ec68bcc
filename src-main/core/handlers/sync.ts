import {
  AppFailure,
  type ConfigPreview,
  diffBridgeDevices,
  groupPushLog,
  type PushDetail,
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
}): DomainHandlers<'sync'> & Pick<Handlers, 'config.preview'> {
  const { engine, repo, clock, switchedOff } = deps;
  return {
    'config.preview': (): ConfigPreview => {
      engine.flushRecompute();
      const config = buildBridgeConfig(engine.desiredConfig(), {
        revision: engine.status().desiredRevision,
        timestamp: new Date(clock.now()).toISOString(),
      });
      const acked = engine.acknowledgedDevices();
      const status = engine.status();
      // What was switched off when the bridge acknowledged: kept with that push in the log (while kept).
      const ackedPayload =
        acked.revision !== null && status.acknowledgedHash
          ? repo.acknowledgedPayload(status.acknowledgedHash, status.bridgeUrl)
          : null;
      return {
        config,
        pending: engine.isPending(),
        acknowledgedRevision: acked.revision,
        diff: diffBridgeDevices(acked.devices, config.devices, {
          before: ackedPayload?.switchedOff,
          after: switchedOff(),
        }),
      };
    },
    'sync.status': () => {
      engine.flushRecompute();
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
