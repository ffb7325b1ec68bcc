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

/** Where a push goes: a new URL or token has acknowledged nothing. */
interface Target {
  url: string;
  token: string;
}

const sameTarget = (a: Target | null, b: Target) => a !== null && a.url === b.url && a.token === b.token;

/** After this many drift re-pushes in a row that the bridge still reports as foreign, drift checks stop for the URL. */
const MAX_DRIFT_REPUSHES = 2;

/**
 * Desired vs acknowledged, level-triggered (ARCHITECTURE.md "Sync"). Every decision is taken from the persisted
 * record plus the settings, so a crash or restart at any moment loses nothing: pending stays pending.
 */
export class SyncEngine {
  private record: SyncRecord;
  private loop: Promise<PushOutcome> | null = null;
  /** What the push in flight carries and where it goes. */
  private pushing: { hash: string; target: Target } | null = null;
  private followUp: PushTrigger | null = null;
  private debounceTimer: unknown = null;
  private recomputeTimer: unknown = null;
  private firstChangeAt: number | null = null;
  private retryTimer: unknown = null;
  private nextRetryAt: number | null = null;
  /** Consecutive retryable failures against the current target (reset when the target changes). */
  private failureStreak = 0;
  private driftTimer: unknown = null;
  private driftOffForUrl: string | null = null;
  private driftRepushes = 0;
  private lastStatusJson = '';
  private closed = false;
  private abandoned = false;

  constructor(private readonly deps: SyncEngineDeps) {
    const desired = deps.desired();
    this.record = deps.repo.load(desired.hash);
    this.reconcileDesired(desired.hash);
    // The URL may have changed while the app was closed (a hand-edited file, --bridge-url).
    this.markPendingSince();
  }

  /** Start-up: one push when pending (auto push on), and the drift checks. */
  start(): void {
    this.publish();
    if (this.mayAutoPush()) void this.pushLoop('startup');
    this.scheduleDriftCheck(0);
  }

  /**
   * A committed device change. Rebuilding the desired config costs time in proportion to the devices, so it
   * runs once on the next tick for a whole burst of writes, never inside the write that the user waits for.
   * Nothing is lost if the app dies before that tick: start-up reconciles desired from the store again.
   */
  onDevicesCommitted(): void {
    if (this.closed || this.recomputeTimer !== null) return;
    this.recomputeTimer = this.deps.clock.setTimeout(() => {
      this.recomputeTimer = null;
      this.recomputeDesired();
    }, 0);
  }

  private recomputeDesired(): void {
    if (this.closed) return;
    const changed = this.reconcileDesired(this.deps.desired().hash);
    if (changed) {
      if (this.loop) this.followUp ??= 'auto';
      else if (this.mayAutoPush()) this.scheduleAuto();
    }
    this.publish();
  }

  /** Preferences changed: a new URL or token has acknowledged nothing; auto push turned on pushes what waits. */
  onSettingsChanged(before: Settings, after: Settings): void {
    if (this.closed) return;
    if (!after.autoPush) {
      this.cancelDebounce();
      this.cancelRetry();
    }
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
      this.driftRepushes = 0;
      if (before.bridgeUrl !== after.bridgeUrl) this.driftOffForUrl = null;
      if (this.loop) this.followUp ??= 'auto';
      else if (this.mayAutoPush()) this.scheduleAuto();
    } else if (!before.autoPush && after.autoPush && !this.loop && this.mayAutoPush()) {
      this.scheduleAuto();
    }
    this.publish();
  }

  /**
   * Manual push: the desired state now, even when in sync. While a push is in flight no second request starts:
   * the answer is the outcome of the push that ends with the latest state (and the current bridge).
   */
  pushNow(): Promise<PushOutcome> {
    this.flushRecompute();
    this.cancelDebounce();
    this.cancelRetry();
    if (this.loop) {
      const inFlight = this.pushing;
      if (
        !inFlight ||
        inFlight.hash !== this.record.desiredHash ||
        !sameTarget(inFlight.target, this.target())
      ) {
        this.followUp = 'manual';
      }
      return this.loop;
    }
    return this.pushLoop('manual');
  }

  status(): SyncStatus {
    this.flushRecompute();
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

  /** Runs a recompute that is waiting for its tick now, so answers never lag behind a committed write. */
  flushRecompute(): void {
    if (this.recomputeTimer === null) return;
    this.deps.clock.clearTimeout(this.recomputeTimer);
    this.recomputeTimer = null;
    this.recomputeDesired();
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
    if (this.recomputeTimer !== null) this.deps.clock.clearTimeout(this.recomputeTimer);
    this.recomputeTimer = null;
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

  private target(): Target {
    const { bridgeUrl, bridgeToken } = this.deps.settings();
    return { url: bridgeUrl, token: bridgeToken };
  }

  /**
   * Whether an automatic push (start-up, debounce, background retry) may run now. Never before the first device
   * change: a fresh install has nothing to say yet, and pushing its empty list would wipe a bridge that another
   * system (or another PC) had configured. A manual push may always run.
   */
  private mayAutoPush(): boolean {
    return (
      !this.closed &&
      this.deps.settings().autoPush &&
      this.record.desiredRevision > 0 &&
      this.isPending() &&
      !this.isRejectedNow()
    );
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
      if (this.loop || !this.mayAutoPush()) return;
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
    const cap = Math.max(...backoffMs);
    const base = backoffMs[Math.min(this.failureStreak - 1, backoffMs.length - 1)] ?? cap;
    // ±20 % jitter keeps many workshop PCs from hammering a bridge that just came back, all at once;
    // the cap holds after the jitter.
    const delay = Math.min(cap, Math.round(base * (0.8 + 0.4 * this.deps.random())));
    this.nextRetryAt = this.deps.clock.now() + delay;
    this.retryTimer = this.deps.clock.setTimeout(() => {
      this.retryTimer = null;
      this.nextRetryAt = null;
      if (this.loop || !this.mayAutoPush()) return this.publish();
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
        const outcome = await this.pushOnceSafely(current);
        const next = this.followUp as PushTrigger | null;
        // Decide and leave in the same step, so a change arriving now cannot fall between two loops.
        if (this.closed || next === null) return this.leave(outcome);
        // An automatic follow-up waits for auto push, and after a refusal for a new change or a manual push.
        if (next !== 'manual' && !this.mayAutoPush()) return this.leave(outcome);
        current = next;
      }
    };
    this.loop = run();
    this.publish();
    return this.loop;
  }

  private leave(outcome: PushOutcome): PushOutcome {
    this.loop = null;
    this.pushing = null;
    this.followUp = null;
    if (!this.closed) {
      const last = this.record.lastOutcome;
      if (this.isPending() && last && !last.ok && last.kind !== 'rejected' && this.mayAutoPush()) {
        this.scheduleRetry();
      }
      this.publish();
    }
    return outcome;
  }

  /** One push; an unexpected error (SQLite full, a bug) becomes a retryable failure instead of a stuck state. */
  private async pushOnceSafely(trigger: PushTrigger): Promise<PushOutcome> {
    try {
      return await this.pushOnce(trigger);
    } catch (error) {
      const message = `internal error while pushing: ${(error as Error).message}`;
      this.deps.logger.error(`push: ${(error as Error).stack ?? message}`);
      const outcome: PushOutcome = {
        ok: false,
        kind: 'unreachable',
        message,
        attempts: 0,
        durationMs: 0,
        revision: this.record.desiredRevision,
        configHash: this.record.desiredHash,
      };
      this.failureStreak++;
      try {
        this.update({ lastOutcome: outcome });
      } catch {
        // The store itself is failing; the in-memory record still drives the retry.
      }
      return outcome;
    }
  }

  private async pushOnce(trigger: PushTrigger): Promise<PushOutcome> {
    this.cancelDebounce();
    this.cancelRetry();
    const target = this.target();
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
    this.pushing = { hash: desired.hash, target };
    this.publish();
    const outcome = await this.deps.transport.push({
      bridgeUrl: target.url,
      token: target.token,
      config,
      // A new URL or token ends the retries to the old bridge, and a shutdown ends them too.
      stillWanted: () => !this.closed && sameTarget(target, this.target()),
    });
    // After close() stopped waiting, SQLite is closed: the outcome can no longer be recorded.
    if (this.abandoned) return outcome;
    this.deps.repo.logPush({ startedAt, trigger, bridgeUrl: target.url, outcome, devices: desired.devices });
    if (!sameTarget(target, this.target())) {
      // The bridge was replaced meanwhile: this answer says nothing about the current one.
      this.deps.logger.info(
        `push: revision ${revision} to the former bridge ${target.url} ended (${outcome.ok ? 'ok' : outcome.kind})`,
      );
      return outcome;
    }
    const recovered = this.failureStreak > 0;
    if (outcome.ok) {
      this.failureStreak = 0;
      this.update({
        ackedRevision: revision,
        ackedHash: desired.hash,
        ackedUrl: target.url,
        ackedDevices: desired.devices,
        rejectedHash: null,
        rejectedUrl: null,
        lastOutcome: outcome,
      });
      this.markPendingSince();
      this.deps.logger.info(`push: revision ${revision} acknowledged by ${target.url} (${trigger})`);
    } else {
      if (outcome.kind === 'rejected') {
        this.failureStreak = 0;
        this.update({ rejectedHash: desired.hash, rejectedUrl: target.url, lastOutcome: outcome });
      } else {
        this.failureStreak++;
        this.update({ lastOutcome: outcome });
      }
      this.deps.logger.warn(
        `push: revision ${revision} failed after ${outcome.attempts} attempt(s): ${outcome.kind} ${outcome.message} (${target.url})`,
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
    const retried = this.mayAutoPush() && outcome.kind !== 'rejected';
    this.deps.onNotice({
      kind: 'failure',
      trigger,
      title: failureTitle(outcome),
      message:
        outcome.kind === 'rejected'
          ? `Revision ${outcome.revision}: ${outcome.message}${rejectionHint(outcome.status)}`
          : `Revision ${outcome.revision} not pushed (${outcome.message}).${retried ? ' It will be retried automatically.' : ' Press Push to try again.'}`,
      outcome,
    });
  }

  private scheduleDriftCheck(delay: number): void {
    if (this.closed) return;
    this.driftTimer = this.deps.clock.setTimeout(() => {
      this.driftTimer = null;
      void this.checkDrift()
        .catch((error: unknown) => this.deps.logger.error(`drift: check failed: ${(error as Error).message}`))
        .finally(() => this.scheduleDriftCheck(this.deps.timing.driftCheckMs));
    }, delay);
  }

  /** Compares the bridge's running config hash with the acknowledged one; a mismatch makes the state pending. */
  private async checkDrift(): Promise<void> {
    const settings = this.deps.settings();
    const asked = {
      hash: this.record.ackedHash,
      url: this.record.ackedUrl,
      revision: this.record.ackedRevision,
    };
    if (this.loop || this.driftOffForUrl === settings.bridgeUrl) return;
    if (asked.url !== settings.bridgeUrl || asked.hash === null) return;
    const answer = await this.deps.transport.fetchConfigHash(settings.bridgeUrl, settings.bridgeToken);
    // Anything that moved while the GET was out (a push, a new URL) makes its answer stale.
    const r = this.record;
    if (this.closed || this.loop || this.deps.settings().bridgeUrl !== settings.bridgeUrl) return;
    if (r.ackedHash !== asked.hash || r.ackedUrl !== asked.url || r.ackedRevision !== asked.revision) return;
    if (answer.kind === 'unsupported') {
      this.driftOffForUrl = settings.bridgeUrl;
      this.deps.logger.info(
        `drift: ${settings.bridgeUrl} does not report its config hash; checks off for this URL`,
      );
      return;
    }
    if (answer.kind === 'error') return;
    if (answer.hash === asked.hash) {
      this.driftRepushes = 0;
      return;
    }
    if (this.driftRepushes >= MAX_DRIFT_REPUSHES) {
      // The bridge acknowledges our config but keeps reporting another hash (it hashes differently, or another
      // writer keeps overwriting): pushing every minute would not help. Stop checking this URL and say so.
      this.driftOffForUrl = settings.bridgeUrl;
      this.deps.logger.warn(
        `drift: ${settings.bridgeUrl} still reports ${answer.hash} after ${this.driftRepushes} re-pushes of ${asked.hash}; drift checks off for this URL`,
      );
      return;
    }
    this.driftRepushes++;
    this.deps.logger.warn(
      `drift: ${settings.bridgeUrl} runs ${answer.hash}, acknowledged ${asked.hash}; pushing again`,
    );
    // A new revision, so the Idempotency-Key differs: a bridge honouring keys must not replay its old answer.
    this.update({
      ackedHash: null,
      ackedRevision: null,
      ackedUrl: null,
      desiredRevision: this.record.desiredRevision + 1,
    });
    this.markPendingSince();
    this.publish();
    if (this.mayAutoPush()) void this.pushLoop('auto');
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

function failureTitle(outcome: Extract<PushOutcome, { ok: false }>): string {
  switch (outcome.kind) {
    case 'rejected':
      return 'Bridge rejected the config';
    case 'server_error':
      return `Bridge error${outcome.status ? ` (HTTP ${outcome.status})` : ''}`;
    case 'timeout':
      return 'Bridge did not answer in time';
    case 'unreachable':
      return 'Bridge unreachable';
    default: {
      const never: never = outcome.kind;
      return never;
    }
  }
}

/** What staff can do about a refusal, where the status says more than the bridge did. */
function rejectionHint(status: number | undefined): string {
  if (status === 401 || status === 403) return ' Check the bridge token in Preferences.';
  if (status === 404) return ' Check the bridge URL (and its path prefix) in Preferences.';
  return '';
}
