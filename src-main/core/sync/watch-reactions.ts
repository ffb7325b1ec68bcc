/**
 * How the sync engine reacts to what the bridge watch learns (bridge-watch.ts): a drift or a restart makes the
 * acknowledged config doubtful and pushes once; a bridge that keeps running another config is shown, not pushed.
 */
import { BridgeWatch } from './bridge-watch';
import { isHeld, isPending } from './derive-sync-state';
import type { PushLoop } from './push-loop';
import type { SyncLedger } from './sync-ledger';
import type { SyncEngineDeps, Target } from './sync-types';

/** The part of the engine the reactions read and move. */
export interface WatchedEngine {
  ledger: SyncLedger;
  pushes: PushLoop;
  target(): Target;
  closed(): boolean;
  mayAutoPush(): boolean;
  failureStreak(): number;
  /** It runs what it acknowledged: an earlier failure to reach it is old news. */
  forgetFailures(): void;
  publish(): void;
}

export function watchBridge(deps: SyncEngineDeps, engine: WatchedEngine): BridgeWatch {
  const { ledger, pushes } = engine;
  const foreign = (url: string | null, hash: string | null) => {
    ledger.foreign(url, hash);
    engine.publish();
  };
  /**
   * The bridge may not run what it acknowledged (it reports another config or none, or answers again after
   * being unreachable): pending again, and one push. A drift is a new revision, so a bridge that honours the
   * Idempotency-Key does not replay its earlier answer.
   */
  const pushAgain = (newRevision: boolean) => {
    if (engine.closed()) return;
    ledger.doubtAcknowledged(engine.target().url, newRevision);
    engine.publish();
    if (!pushes.running && engine.mayAutoPush())
      void pushes.run(engine.failureStreak() > 0 ? 'retry' : 'auto');
  };
  return new BridgeWatch({
    clock: deps.clock,
    intervalMs: deps.timing.driftCheckMs,
    logger: deps.logger,
    fetchConfig: (url, token) => deps.transport.fetchConfigHash(url, token),
    probeHealth: (url, token) => deps.transport.probeHealth(url, token),
    snapshot: () => ({ ...engine.target(), ...ledger.record }),
    // While held, not even a GET goes to a URL nobody chose.
    busy: () => engine.closed() || pushes.running || isHeld(ledger.record),
    onHashAnswered: (url) => ledger.hashAnswered(url),
    onDrift: () => pushAgain(true),
    onBack: () => pushAgain(false),
    onForeign: (hash) => foreign(engine.target().url, hash),
    onMatch: () => {
      if (!isPending(ledger.record, engine.target().url)) engine.forgetFailures();
      foreign(null, null);
    },
  });
}
