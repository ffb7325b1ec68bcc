import type { CallName, CallOutput, EventName, EventPayload, Result } from '../../src-shared';
import type { DataDirLock } from './db/data-dir-lock';
import type { StartWorker } from './db/off-thread-transaction';
import type { DiscoveryTiming } from './discovery/discovery-session';
import type { LiveTiming } from './live/live-service';
import type { Clock, Logger, Notifier, SettingsPort } from './ports';

/** Timings of one push (ARCHITECTURE.md "Sync": 3 retries at 1 s / 2 s / 4 s, 10 s per attempt). Tests shrink them. */
export interface PushPolicy {
  retries: number;
  /** Delay before retry n (1-based) is delaysMs[n-1]. */
  delaysMs: readonly number[];
  timeoutMs: number;
}

/** Timings of the sync engine. Tests shrink them. */
export interface SyncTiming {
  /** Quiet time after the last change before an automatic push. */
  debounceMs: number;
  /** Longest an automatic push waits under continuous edits. */
  maxWaitMs: number;
  /** Background retry delays while pending (jittered ±20 %, the last one repeats). */
  backoffMs: readonly number[];
  /** How often the bridge's GET /config is compared with the acknowledged hash. */
  driftCheckMs: number;
}

export interface WorkshopCoreOptions {
  /** Folder for the SQLite file (created if missing). */
  dataDir: string;
  settings: SettingsPort;
  notifier?: Notifier;
  clock?: Clock;
  logger?: (scope: string) => Logger;
  push?: Partial<PushPolicy>;
  sync?: Partial<SyncTiming>;
  /** Live view timings (coalescing window, reconnect backoff). Tests shrink them. */
  live?: Partial<LiveTiming>;
  /** Discover meters timings (coalescing, identify listening, connect timeout). Tests shrink them. */
  discovery?: Partial<DiscoveryTiming>;
  /** Random source for backoff jitter, injectable for tests. */
  random?: () => number;
  /**
   * The data directory's one-writer lock, when the host took it before touching anything else there (the web host
   * does, before its preferences). Otherwise the core takes it. The core releases it when it closes.
   */
  dataDirLock?: DataDirLock;
  /**
   * Where the host set an unreadable preferences file aside at start (set-aside-unreadable-json.ts), else null:
   * the bridge URL is then a default nobody chose, and pushes are held until a person confirms one (kept in
   * SQLite, so a restart does not release them).
   */
  preferencesSetAside?: string | null;
  /** The host was handed the bridge URL at start (the web host's --bridge-url): a person chose it. */
  bridgeUrlGiven?: boolean;
  /** Who this is, as a refused second start names the holder ("web host", "desktop app"). */
  appLabel?: string;
  /**
   * Starts the worker process of a large device write (src-main/core/db/off-thread-transaction.ts); Node's `fork`
   * unless given. The desktop app gives Electron's utility process.
   */
  startWorker?: StartWorker;
}

/** The app's behaviour, served by both hosts (Electron IPC and the web host's HTTP API). */
export interface WorkshopCore {
  /**
   * Validates the raw input with the contract's schema (the one place input is checked: hosts pass what they
   * received), then runs the call. Typed by channel, so callers get the call's output without casting. A channel
   * the contract does not name (a host's bug, a fuzz test) is answered `unknown_channel`. Never throws: errors are
   * values.
   */
  invoke<C extends CallName>(channel: C, input: unknown): Promise<Result<CallOutput<C>>>;
  /** Subscribes to a contract event; returns the unsubscribe. */
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void;
  /** Stops timers, lets a push in flight finish (or abandons it after timeoutMs), closes SQLite. */
  close(options?: { timeoutMs?: number }): Promise<void>;
}
