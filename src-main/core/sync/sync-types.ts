/** What the sync engine needs from the rest of the core, and its production timings. */
import type { BridgeConfig, PushNotice, PushOutcome, Settings, SyncStatus } from '../../../src-shared';
import type { BridgeConfigReport } from '../bridge-probe';
import type { DesiredConfig } from '../build-bridge-config';
import type { Clock, Logger } from '../ports';
import type { SyncStateRepo } from '../sync-state-repo';
import type { SyncTiming } from '../workshop-core-types';

/** What the engine needs to reach a bridge (src-main/core/push-client.ts and bridge-probe.ts in production). */
export interface BridgeTransport {
  push(request: {
    bridgeUrl: string;
    token: string;
    config: BridgeConfig;
    stillWanted: () => boolean;
    /** Told before each attempt (1-based) of this push. */
    onAttempt?: (attempt: number, of: number) => void;
  }): Promise<PushOutcome>;
  /** GET /config: which config the bridge runs (bridge-probe.ts fetchBridgeConfigHash). */
  fetchConfigHash(bridgeUrl: string, token: string): Promise<BridgeConfigReport>;
  /** GET /health: whether the bridge answers at all (below 500). */
  probeHealth(bridgeUrl: string, token: string): Promise<boolean>;
}

export const PRODUCTION_SYNC_TIMING: SyncTiming = {
  debounceMs: 300,
  maxWaitMs: 2000,
  backoffMs: [5000, 10000, 20000, 40000, 60000],
  driftCheckMs: 60000,
};

export interface SyncEngineDeps {
  repo: SyncStateRepo;
  transport: BridgeTransport;
  /** The desired devices and hash, built from the store now. */
  desired: () => DesiredConfig;
  /** The same after a commit, for a large store in slices (desiredDevicesInSlices); `desired` when absent. */
  desiredInSlices?: () => DesiredConfig | Promise<DesiredConfig>;
  settings: () => Settings;
  clock: Clock;
  timing: SyncTiming;
  random: () => number;
  logger: Logger;
  onStatus: (status: SyncStatus) => void;
  onNotice: (notice: PushNotice) => void;
  /** Where the host set unreadable preferences aside at start, or null (WorkshopCoreOptions). */
  preferencesSetAside?: string | null;
  /** The host was handed the bridge URL at start (WorkshopCoreOptions). */
  bridgeUrlGiven?: boolean;
  /**
   * Resolves once no large device write holds the database (DeviceStore.writable): a push's answer is recorded
   * after it, so its writes never wait for the lock on the host's thread.
   */
  writable?: () => Promise<void>;
}

/** Where a push goes: a new URL or token has acknowledged nothing. */
export interface Target {
  url: string;
  token: string;
}

export const sameTarget = (a: Target | null, b: Target) =>
  a !== null && a.url === b.url && a.token === b.token;
