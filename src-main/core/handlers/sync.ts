import { AppFailure, type ConfigPreview, diffBridgeDevices, type PushDetail } from '../../../src-shared';
import { buildBridgeConfig } from '../build-bridge-config';
import type { Clock } from '../ports';
import type { SyncEngine } from '../sync/sync-engine';
import type { SyncStateRepo } from '../sync-state-repo';
import type { DomainHandlers, Handlers } from './handler-types';

/** Where sync stands, the next push's preview, pushing now, and the push log (ARCHITECTURE.md "Sync"). */
export function syncHandlers(deps: {
  engine: SyncEngine;
  repo: SyncStateRepo;
  clock: Clock;
}): DomainHandlers<'sync'> & Pick<Handlers, 'config.preview'> {
  const { engine, repo, clock } = deps;
  return {
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
  };
}
