import type {
  BridgeConfig,
  BridgeDevice,
  PushNotice,
  PushOutcome,
  PushTrigger,
  Settings,
  SyncState,
  SyncStatus,
} from '../../src-shared';
import { BRIDGE_CONFIG_VERSION } from '../../src-shared';
import type { Clock, Logger } from './ports';
import type { SyncRecord, SyncStateRepo } from './sync-state-repo';
import type { SyncTiming } from './workshop-core-types';

/** What the engine needs to reach a bridge (src-main/core/push-client.ts in production). */
export interface BridgeTransport {
  push(request: {
    bridgeUrl: string;
    token: string;
    config: BridgeConfig;
    stillWanted: () => boolean;
  }): Promise<PushOutcome>;
  fetchConfigHash(
    bridgeUrl: string,
    token: string,
  ): Promise<{ kind: 'hash'; hash: string } | { kind: 'unsupported' } | { kind: 'error'; message: string }>;
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
  desired: () => { devices: BridgeDevice[]; hash: string };
  settings: () => Settings;
  clock: Clock;
  timing: SyncTiming;
  random: () => number;
  logger: Logger;
  onStatus: (status: SyncStatus) => void;
  onNotice: (notice: PushNotice) => void;
}

/**
 * Desired vs acknowledged, level-triggered (DESIGN.md "Sync"). Every decision is taken from the persisted
 * record plus the settings, so a crash or restart at any moment loses nothing: pending stays pending.
 */
export class SyncEngine {
  private record: SyncRecord;
  private loop: Promise<PushOutcome> | null = null;
  private pushingHash: string | null = null;
  private followUp: PushTrigger | null = null;
  private debounceTimer: unknown = null;
  private firstChangeAt: number | null = null;
  private retryTimer: unknown = null;
  private nextRetryAt: number | null = null;
  private failureStreak = 0;
  private driftTimer: unknown = null;
  private driftOffForUrl: string | null = null;
  private lastStatusJson = '';
  private closed = false;
  private abandoned = false;

  constructor(private readonly deps: SyncEngineDeps) {
    const desired = deps.desired();
    this.record = deps.repo.load(desired.hash);
    this.reconcileDesired(desired.hash);
  }

  /** Start-up: one push when pending (auto push on), and the drift checks. */
  start(): void {
    this.publish();
    if (this.isPending() && this.deps.settings().autoPush && !this.isRejectedNow()) {
      void this.pushLoop('startup');
    }
    this.scheduleDriftCheck(0);
  }

  /** A committed device change: recompute the desired hash; a real change schedules an automatic push. */
  onDevicesCommitted(): void {
    if (this.closed) return;
    const changed = this.reconcileDesired(this.deps.desired().hash);
    if (changed) {
      if (this.loop) this.followUp ??= 'auto';
      else if (this.deps.settings().autoPush && this.isPending()) this.scheduleAuto();
    }
    this.publish();
  }

  /** Preferences changed: a new URL or token has acknowledged nothing; auto push turned on pushes what waits. */
  onSettingsChanged(before: Settings, after: Settings): void {
    if (this.closed) return;
    if (before.bridgeUrl !== after.bridgeUrl || before.bridgeToken !== after.bridgeToken) {
      this.update({
        ackedRevision: null,
        ackedHash: null,
        ackedUrl: null,
        rejectedHash: null,
        rejectedUrl: null,
      });
      this.markPendingSince();
      this.cancelRetry();
      this.failureStreak = 0;
      if (before.bridgeUrl !== after.bridgeUrl) this.driftOffForUrl = null;
      if (this.loop) this.followUp ??= 'auto';
      else if (after.autoPush) this.scheduleAuto();
    } else if (
      !before.autoPush &&
      after.autoPush &&
      this.isPending() &&
      !this.isRejectedNow() &&
      !this.loop
    ) {
      this.scheduleAuto();
    } else if (before.autoPush && !after.autoPush) {
      this.cancelDebounce();
      this.cancelRetry();
    }
    this.publish();
  }

  /**
   * Manual push: the desired state now, even when in sync. While a push is in flight no second request starts:
   * the answer is the outcome of the push that ends with the latest state.
   */
  pushNow(): Promise<PushOutcome> {
    this.cancelDebounce();
    this.cancelRetry();
    if (this.loop) {
      if (this.pushingHash !== this.record.desiredHash) this.followUp = 'manual';
      return this.loop;
    }
    return this.pushLoop('manual');
  }

  status(): SyncStatus {
    const settings = this.deps.settings();
    const r = this.record;
    return {
      state: this.state(),
      desiredRevision: r.desiredRevision,
      desiredHash: r.desiredHash,
      acknowledgedRevision: r.ackedUrl === settings.bridgeUrl ? r.ackedRevision : null,
      acknowledgedHash: r.ackedUrl === settings.bridgeUrl ? r.ackedHash : null,
      pendingSince: this.isPending() ? r.pendingSince : null,
      nextRetryAt: this.nextRetryAt === null ? null : new Date(this.nextRetryAt).toISOString(),
      lastOutcome: r.lastOutcome,
      bridgeUrl: settings.bridgeUrl,
      autoPush: settings.autoPush,
    };
  }

  /** The devices the current bridge last acknowledged ([] when none). */
  acknowledgedDevices(): { revision: number | null; devices: BridgeDevice[] } {
    const r = this.record;
    const current = r.ackedUrl === this.deps.settings().bridgeUrl;
    return { revision: current ? r.ackedRevision : null, devices: current ? (r.ackedDevices ?? []) : [] };
  }

  isPending(): boolean {
    const r = this.record;
    return r.ackedUrl !== this.deps.settings().bridgeUrl || r.ackedHash !== r.desiredHash;
  }

  /**
   * Stops every timer and starts nothing new; a push in flight may finish and be recorded (no further retries),
   * or is abandoned after timeoutMs.
   */
  async close(timeoutMs: number): Promise<void> {
    this.closed = true;
    this.cancelDebounce();
    this.cancelRetry();
    if (this.driftTimer !== null) this.deps.clock.clearTimeout(this.driftTimer);
    this.driftTimer = null;
    if (this.loop) {
      let timer: unknown = null;
      const finished = await Promise.race([
        this.loop.then(
          () => true,
          () => true,
        ),
        new Promise<false>((resolve) => {
          timer = this.deps.clock.setTimeout(() => resolve(false), timeoutMs);
        }),
      ]);
      this.deps.clock.clearTimeout(timer);
      if (!finished) this.abandoned = true;
    }
  }

  private state(): SyncState {
    if (this.loop) return 'pushing';
    if (!this.isPending()) return 'in_sync';
    if (this.isRejectedNow()) return 'rejected';
    const last = this.record.lastOutcome;
    if (last && !last.ok && last.kind !== 'rejected' && this.failureStreak > 0) return 'offline';
    return 'pending';
  }

  /** The current desired config was refused by the current bridge: wait for a change or a manual push. */
  private isRejectedNow(): boolean {
    const r = this.record;
    return r.rejectedHash === r.desiredHash && r.rejectedUrl === this.deps.settings().bridgeUrl;
  }

  /** Records a new desired hash (revision + 1). Returns whether it changed. */
  private reconcileDesired(hash: string): boolean {
    if (hash === this.record.desiredHash) return false;
    this.update({ desiredRevision: this.record.desiredRevision + 1, desiredHash: hash });
    this.markPendingSince();
    return true;
  }

  private markPendingSince(): void {
    if (this.isPending() && this.record.pendingSince === null) {
      this.update({ pendingSince: new Date(this.deps.clock.now()).toISOString() });
    } else if (!this.isPending() && this.record.pendingSince !== null) {
      this.update({ pendingSince: null });
    }
  }

  private scheduleAuto(): void {
    const now = this.deps.clock.now();
    this.firstChangeAt ??= now;
    const { debounceMs, maxWaitMs } = this.deps.timing;
    const wait = Math.max(0, Math.min(debounceMs, this.firstChangeAt + maxWaitMs - now));
    if (this.debounceTimer !== null) this.deps.clock.clearTimeout(this.debounceTimer);
    this.debounceTimer = this.deps.clock.setTimeout(() => {
      this.debounceTimer = null;
      this.firstChangeAt = null;
      if (this.closed || this.loop || !this.isPending()) return;
      void this.pushLoop('auto');
    }, wait);
  }

  private cancelDebounce(): void {
    if (this.debounceTimer !== null) this.deps.clock.clearTimeout(this.debounceTimer);
    this.debounceTimer = null;
    this.firstChangeAt = null;
  }

  private scheduleRetry(): void {
    this.cancelRetry();
    const { backoffMs } = this.deps.timing;
    const base = backoffMs[Math.min(this.failureStreak - 1, backoffMs.length - 1)] ?? 60000;
    // ±20 % jitter keeps many workshop PCs from hammering a bridge that just came back, all at once.
    const delay = Math.round(base * (0.8 + 0.4 * this.deps.random()));
    this.nextRetryAt = this.deps.clock.now() + delay;
    this.retryTimer = this.deps.clock.setTimeout(() => {
      this.retryTimer = null;
      this.nextRetryAt = null;
      if (this.closed || this.loop || !this.isPending() || this.isRejectedNow()) return this.publish();
      void this.pushLoop('retry');
    }, delay);
  }

  private cancelRetry(): void {
    if (this.retryTimer !== null) this.deps.clock.clearTimeout(this.retryTimer);
    this.retryTimer = null;
    this.nextRetryAt = null;
  }

  /** Pushes until no change arrived during the last push; resolves with the last outcome. */
  private pushLoop(trigger: PushTrigger): Promise<PushOutcome> {
    const run = async (): Promise<PushOutcome> => {
      let current: PushTrigger = trigger;
      for (;;) {
        this.followUp = null;
        const outcome = await this.pushOnce(current);
        const next = this.followUp as PushTrigger | null;
        if (this.closed || next === null) return outcome;
        // An automatic follow-up after a refusal waits for a new change or a manual push.
        if (
          next !== 'manual' &&
          (!this.deps.settings().autoPush || !this.isPending() || this.isRejectedNow())
        ) {
          return outcome;
        }
        current = next;
      }
    };
    this.loop = run().finally(() => {
      this.loop = null;
      this.pushingHash = null;
      if (!this.closed) this.afterLoop();
    });
    this.publish();
    return this.loop;
  }

  private afterLoop(): void {
    const last = this.record.lastOutcome;
    if (this.isPending() && last && !last.ok && last.kind !== 'rejected' && this.deps.settings().autoPush) {
      this.scheduleRetry();
    }
    this.publish();
  }

  private async pushOnce(trigger: PushTrigger): Promise<PushOutcome> {
    this.cancelDebounce();
    this.cancelRetry();
    const settings = this.deps.settings();
    const desired = this.deps.desired();
    // The store is the truth; the hash in the record follows it (a change may have landed a moment ago).
    this.reconcileDesired(desired.hash);
    const { desiredRevision: revision } = this.record;
    const startedAt = new Date(this.deps.clock.now()).toISOString();
    const config: BridgeConfig = {
      version: BRIDGE_CONFIG_VERSION,
      timestamp: startedAt,
      revision,
      config_hash: desired.hash,
      devices: desired.devices,
    };
    this.pushingHash = desired.hash;
    this.publish();
    const outcome = await this.deps.transport.push({
      bridgeUrl: settings.bridgeUrl,
      token: settings.bridgeToken,
      config,
      // A new URL or token ends the retries to the old bridge, and a shutdown ends them too.
      stillWanted: () => {
        const now = this.deps.settings();
        return (
          !this.closed && now.bridgeUrl === settings.bridgeUrl && now.bridgeToken === settings.bridgeToken
        );
      },
    });
    // After close() stopped waiting, SQLite is closed: the outcome can no longer be recorded.
    if (this.abandoned) return outcome;
    const urlStillCurrent = this.deps.settings().bridgeUrl === settings.bridgeUrl;
    this.deps.repo.logPush({
      startedAt,
      trigger,
      bridgeUrl: settings.bridgeUrl,
      outcome,
      devices: desired.devices,
    });
    const recovered = this.failureStreak > 0;
    if (outcome.ok) {
      this.failureStreak = 0;
      if (urlStillCurrent && this.deps.settings().bridgeToken === settings.bridgeToken) {
        this.update({
          ackedRevision: revision,
          ackedHash: desired.hash,
          ackedUrl: settings.bridgeUrl,
          ackedDevices: desired.devices,
          rejectedHash: null,
          rejectedUrl: null,
          lastOutcome: outcome,
        });
      } else {
        this.update({ lastOutcome: outcome });
      }
      this.markPendingSince();
      this.deps.logger.info(`push: revision ${revision} acknowledged by ${settings.bridgeUrl} (${trigger})`);
    } else {
      if (outcome.kind === 'rejected') {
        this.failureStreak = 0;
        this.update({ rejectedHash: desired.hash, rejectedUrl: settings.bridgeUrl, lastOutcome: outcome });
      } else {
        this.failureStreak++;
        this.update({ lastOutcome: outcome });
      }
      this.deps.logger.warn(
        `push: revision ${revision} failed after ${outcome.attempts} attempt(s): ${outcome.kind} ${outcome.message} (${settings.bridgeUrl})`,
      );
    }
    this.notice(trigger, outcome, recovered);
    return outcome;
  }

  private notice(trigger: PushTrigger, outcome: PushOutcome, recovered: boolean): void {
    const url = this.deps.settings().bridgeUrl;
    if (outcome.ok) {
      this.deps.onNotice({
        kind: recovered ? 'recovered' : 'success',
        trigger,
        title: recovered ? 'Bridge reachable again' : 'Config pushed',
        message: `Revision ${outcome.revision} reached ${url}.`,
        outcome,
      });
      return;
    }
    // Background retries of the same failure would repeat the same news: tell the first failure of a streak.
    if (trigger !== 'manual' && outcome.kind !== 'rejected' && this.failureStreak > 1) return;
    this.deps.onNotice({
      kind: 'failure',
      trigger,
      title: outcome.kind === 'rejected' ? 'Bridge rejected the config' : 'Bridge unreachable',
      message:
        outcome.kind === 'rejected'
          ? `Revision ${outcome.revision}: ${outcome.message}`
          : `Revision ${outcome.revision} not pushed (${outcome.message}); it will be retried automatically.`,
      outcome,
    });
  }

  private scheduleDriftCheck(delay: number): void {
    if (this.closed) return;
    this.driftTimer = this.deps.clock.setTimeout(() => {
      this.driftTimer = null;
      void this.checkDrift().finally(() => this.scheduleDriftCheck(this.deps.timing.driftCheckMs));
    }, delay);
  }

  /** Compares the bridge's running config hash with the acknowledged one; a mismatch makes the state pending. */
  private async checkDrift(): Promise<void> {
    const settings = this.deps.settings();
    const r = this.record;
    if (this.loop || this.driftOffForUrl === settings.bridgeUrl) return;
    if (r.ackedUrl !== settings.bridgeUrl || r.ackedHash === null) return;
    const answer = await this.deps.transport.fetchConfigHash(settings.bridgeUrl, settings.bridgeToken);
    if (this.closed || this.deps.settings().bridgeUrl !== settings.bridgeUrl || this.loop) return;
    if (answer.kind === 'unsupported') {
      this.driftOffForUrl = settings.bridgeUrl;
      this.deps.logger.info(
        `drift: ${settings.bridgeUrl} does not report its config hash; checks off for this URL`,
      );
      return;
    }
    if (answer.kind === 'error' || answer.hash === this.record.ackedHash) return;
    this.deps.logger.warn(
      `drift: ${settings.bridgeUrl} runs ${answer.hash}, acknowledged ${this.record.ackedHash}; pushing again`,
    );
    this.update({ ackedHash: null, ackedRevision: null, ackedUrl: null });
    this.markPendingSince();
    this.publish();
    if (settings.autoPush) void this.pushLoop('auto');
  }

  private update(patch: Partial<SyncRecord>): void {
    this.record = { ...this.record, ...patch };
    this.deps.repo.save(this.record);
  }

  private publish(): void {
    const status = this.status();
    const json = JSON.stringify(status);
    if (json === this.lastStatusJson) return;
    this.lastStatusJson = json;
    this.deps.onStatus(status);
  }
}
