import type { PushOutcome, PushTrigger, Settings, SyncStatus } from '../../../src-shared';
import { buildBridgeConfig, type DesiredConfig } from '../build-bridge-config';
import { AutoPushSchedule } from './auto-push-schedule';
import type { BridgeWatch } from './bridge-watch';
import {
  autoPushAllowed,
  changesOnly,
  type EngineMoment,
  isHeld,
  isPending,
  toSyncStatus,
} from './derive-sync-state';
import { DesiredConfigCache } from './desired-config-cache';
import { PushLoop } from './push-loop';
import { heldPushFailure, pushNotice } from './push-notices';
import { payloadSoon, recordOwnFailure, recordPush } from './record-push';
import { settlesWithin } from './settle';
import { SyncLedger } from './sync-ledger';
import { type SyncEngineDeps, sameTarget, type Target } from './sync-types';
import { watchBridge } from './watch-reactions';

/**
 * Desired vs acknowledged, level-triggered (ARCHITECTURE.md): every decision is taken from the persisted
 * record plus the preferences, so a crash or restart at any moment loses nothing: pending stays pending. The
 * engine runs one push and the reaction to changes; when to push lives in AutoPushSchedule, one push at a time
 * in PushLoop, the look at the bridge in BridgeWatch and the reactions to it in watch-reactions.ts, the record
 * in SyncLedger, the status in derive-sync-state.ts.
 */
export class SyncEngine {
  private readonly ledger: SyncLedger;
  private readonly schedule: AutoPushSchedule;
  private readonly watch: BridgeWatch;
  /** Built once per change of the store, reused by pushes and the preview. */
  private readonly desired: DesiredConfigCache;
  private readonly pushes: PushLoop;
  /** What the push in flight carries and where it goes; 'preparing' while it waits for a rebuild in slices. */
  private pushing: { hash: string; target: Target } | 'preparing' | null = null;
  private attempt: EngineMoment['attempt'] = null;
  /** Consecutive retryable failures against the current target (reset when the target changes). */
  private failureStreak = 0;
  /** Tells the hosts each status that differs from the one before. */
  private readonly emitStatus: (status: SyncStatus) => void;
  private closed = false;
  private abandoned = false;

  constructor(private readonly deps: SyncEngineDeps) {
    this.emitStatus = changesOnly(deps.onStatus);
    this.desired = new DesiredConfigCache(deps, () => this.recomputeDesired());
    this.ledger = new SyncLedger(deps.repo, deps.clock, this.desired.current.hash);
    this.schedule = new AutoPushSchedule(deps.clock, deps.timing, deps.random, (t) => this.onDue(t));
    this.pushes = new PushLoop({
      pushOnce: (trigger) => this.pushOnceSafely(trigger),
      // An automatic follow-up waits for auto push, and after a refusal for a new change or a manual push.
      mayFollowUp: (trigger) => trigger === 'manual' || this.mayAutoPush(),
      closed: () => this.closed,
      onStart: () => this.publish(),
      onEnd: () => this.afterLoop(),
    });
    this.watch = watchBridge(deps, {
      ledger: this.ledger,
      pushes: this.pushes,
      target: () => this.target(),
      closed: () => this.closed,
      mayAutoPush: () => this.mayAutoPush(),
      failureStreak: () => this.failureStreak,
      forgetFailures: () => {
        this.failureStreak = 0;
      },
      publish: () => this.publish(),
    });
    this.ledger.reconcile(this.desired.current.hash, this.target().url);
    this.ledger.holdPushes(deps.preferencesSetAside ?? null, deps.bridgeUrlGiven ?? false);
    // The URL may have changed while the app was closed (a hand-edited file, --bridge-url).
    this.ledger.markPendingSince(this.target().url);
  }

  /** Start-up: one push when pending (auto push on), and the look at the bridge. */
  start(): void {
    this.publish();
    if (this.mayAutoPush()) void this.pushes.run('startup');
    this.watch.start(0);
  }

  /** A committed device change: the desired config is rebuilt on the next tick (DesiredConfigCache). */
  onDevicesCommitted(): void {
    if (!this.closed) this.desired.markStale();
  }

  /**
   * Preferences changed: a new URL or token has acknowledged nothing; auto push turned on pushes what waits.
   * Saving a bridge URL (the same one too) is a person choosing it: pushes held since unreadable preferences go.
   */
  onSettingsChanged(before: Settings, after: Settings, bridgeUrlSaved = false): void {
    if (this.closed) return;
    const confirmed = bridgeUrlSaved && this.ledger.confirmBridgeUrl();
    if (!after.autoPush) this.schedule.cancelAll();
    if (before.bridgeUrl !== after.bridgeUrl || before.bridgeToken !== after.bridgeToken) {
      this.ledger.forgetBridge(after.bridgeUrl);
      this.schedule.cancelRetry();
      this.failureStreak = 0;
      this.watch.targetChanged(before.bridgeUrl !== after.bridgeUrl);
      this.pushSoon();
    } else if (
      (confirmed || (!before.autoPush && after.autoPush)) &&
      !this.pushes.running &&
      this.mayAutoPush()
    ) {
      this.schedule.debounce();
    }
    this.publish();
  }

  /**
   * Manual push: the desired state now, even when in sync. While a push is in flight no second request starts:
   * the answer is the outcome of the push that ends with the latest state (and the current bridge).
   */
  pushNow(): Promise<PushOutcome> {
    if (isHeld(this.ledger.record)) throw heldPushFailure(this.ledger.record.lastBridgeUrl);
    void this.flushRecompute();
    this.schedule.cancelAll();
    const running = this.pushes.current;
    if (!running) return this.pushes.run('manual');
    const inFlight = this.pushing;
    // A push still preparing takes the latest config and target anyway.
    const stale =
      inFlight !== 'preparing' &&
      (!inFlight ||
        inFlight.hash !== this.desired.current.hash ||
        !sameTarget(inFlight.target, this.target()));
    if (stale) this.pushes.askFollowUp('manual');
    return running;
  }

  /** Where sync stands; a pure read (flushRecompute first for an answer that includes the latest commit). */
  status(): SyncStatus {
    return toSyncStatus(this.ledger.record, this.deps.settings(), this.moment());
  }

  /** The desired config as last built. */
  desiredConfig(): DesiredConfig {
    return this.desired.current;
  }

  /** The devices the current bridge last acknowledged ([] when none). */
  acknowledgedDevices(): { revision: number | null; devices: DesiredConfig['devices'] } {
    return this.ledger.acknowledgedDevices(this.target().url);
  }

  /** Runs a recompute that waits for its tick now; resolves once a rebuild in slices has ended too. */
  flushRecompute(): Promise<void> {
    if (this.desired.refreshIfStale()) this.recomputeDesired();
    return this.desired.whenBuilt();
  }

  isPending(): boolean {
    return isPending(this.ledger.record, this.target().url);
  }

  /**
   * Stops every timer and starts nothing new; a push in flight may finish and be recorded (no further retries),
   * or is abandoned after timeoutMs.
   */
  async close(timeoutMs: number): Promise<void> {
    this.closed = true;
    this.desired.stop();
    this.schedule.cancelAll();
    this.watch.stop();
    const running = this.pushes.current;
    if (running && !(await settlesWithin(running, this.deps.clock, timeoutMs))) this.abandoned = true;
  }

  private moment(): EngineMoment {
    const { failureStreak, attempt } = this;
    return { pushing: this.pushes.running, failureStreak, nextRetryAt: this.schedule.nextRetryAt, attempt };
  }

  private target(): Target {
    const { bridgeUrl, bridgeToken } = this.deps.settings();
    return { url: bridgeUrl, token: bridgeToken };
  }

  /** Whether an automatic push (start-up, debounce, background retry) may run now (autoPushAllowed). */
  private mayAutoPush(): boolean {
    return !this.closed && autoPushAllowed(this.ledger.record, this.deps.settings());
  }

  /** Something new to push: after the push in flight, or after the coalescing window. */
  private pushSoon(): void {
    if (this.pushes.running) this.pushes.askFollowUp('auto');
    else if (this.mayAutoPush()) this.schedule.debounce();
  }

  private onDue(trigger: 'auto' | 'retry'): void {
    if (!this.pushes.running && this.mayAutoPush()) void this.pushes.run(trigger);
    else if (trigger === 'retry') this.publish();
  }

  /** The desired config was rebuilt: a new hash is a new revision to push. */
  private recomputeDesired(): void {
    if (this.closed) return;
    let changed = this.ledger.record.desiredHash !== this.desired.current.hash;
    try {
      changed = this.ledger.reconcile(this.desired.current.hash, this.target().url);
    } catch (error) {
      // Not saved (disk full…): the record in memory moved on, and the push that follows says what failed.
      this.deps.logger.error(`sync: could not save the new desired revision: ${(error as Error).message}`);
    }
    // A push waiting for this rebuild carries it: no follow-up for it.
    if (changed && this.pushing !== 'preparing') this.pushSoon();
    this.publish();
  }

  /** The loop ended: a retryable failure schedules the background retry. */
  private afterLoop(): void {
    this.pushing = null;
    if (this.closed) return;
    const last = this.ledger.record.lastOutcome;
    if (last && !last.ok && last.kind !== 'rejected' && this.mayAutoPush())
      this.schedule.retry(this.failureStreak, last.retryAfterMs);
    this.publish();
  }

  /** One push; an unexpected error (SQLite full, a bug) becomes a retryable failure instead of a stuck state. */
  private async pushOnceSafely(trigger: PushTrigger): Promise<PushOutcome> {
    try {
      return await this.pushOnce(trigger);
    } catch (error) {
      const outcome = recordOwnFailure({ ledger: this.ledger, logger: this.deps.logger }, error);
      if (outcome.kind !== 'storage') this.failureStreak++;
      return outcome;
    }
  }

  private async pushOnce(trigger: PushTrigger): Promise<PushOutcome> {
    this.schedule.cancelAll();
    // A change committed a moment ago may still wait for its tick or its rebuild in slices: the store is the truth.
    this.pushing = 'preparing';
    if (this.desired.refreshIfStale()) this.ledger.reconcile(this.desired.current.hash, this.target().url);
    else if (this.desired.busy) await this.desired.whenBuilt();
    const target = this.target();
    const desired = this.desired.current;
    const revision = this.ledger.record.desiredRevision;
    const startedAt = new Date(this.deps.clock.now()).toISOString();
    const config = buildBridgeConfig(desired, { revision, timestamp: startedAt });
    this.pushing = { hash: desired.hash, target };
    this.publish();
    const payload = payloadSoon(this.deps.repo, desired);
    const outcome = await this.deps.transport.push({
      bridgeUrl: target.url,
      token: target.token,
      config,
      // A new URL or token ends the retries to the old bridge, and a shutdown ends them too.
      stillWanted: () => !this.closed && sameTarget(target, this.target()),
      onAttempt: (number, of) => {
        this.attempt = { number, of };
        if (!this.closed) this.publish();
      },
    });
    this.attempt = null;
    // After close() stopped waiting, SQLite is closed: the outcome can no longer be recorded.
    if (this.abandoned) return outcome;
    const current = sameTarget(target, this.target());
    const answered = { trigger, startedAt, url: target.url, revision, desired, outcome, current, payload };
    const log = {
      repo: this.deps.repo,
      ledger: this.ledger,
      logger: this.deps.logger,
      ...(this.deps.writable ? { writable: this.deps.writable } : {}),
    };
    const recorded = await recordPush(log, { ...answered, failureStreak: this.failureStreak });
    if (!recorded) return outcome;
    this.failureStreak = recorded.failureStreak;
    this.watch.observePush(outcome.ok || outcome.kind === 'rejected', outcome.ok);
    const willRetry = !outcome.ok && outcome.kind !== 'rejected' && this.mayAutoPush();
    const notice = pushNotice({ ...recorded, trigger, outcome, bridgeUrl: target.url, willRetry });
    if (notice) this.deps.onNotice(notice);
    return outcome;
  }

  private publish(): void {
    this.emitStatus(this.status());
  }
}
