/**
 * When automatic pushes happen: the coalescing window after a change (debounce, capped by max-wait under
 * continuous edits) and the background retry after a failure (capped, jittered backoff). It owns both timers;
 * the engine decides, when one falls due, whether a push may run.
 */
import { RETRY_AFTER_CAP_MS } from '../bridge-http';
import type { Clock } from '../ports';
import type { SyncTiming } from '../workshop-core-types';

/**
 * The wait before background retry number `streak` (1-based): backoffMs[streak-1], the last one repeating,
 * jittered by ±20 % so many workshop PCs do not hammer a bridge that just came back all at once; the largest
 * backoff caps it after the jitter.
 */
export function backoffDelay(streak: number, backoffMs: readonly number[], random: () => number): number {
  const cap = Math.max(...backoffMs);
  const base = backoffMs[Math.min(Math.max(streak, 1) - 1, backoffMs.length - 1)] ?? cap;
  return Math.min(cap, Math.round(base * (0.8 + 0.4 * random())));
}

export class AutoPushSchedule {
  private debounceTimer: unknown = null;
  private firstChangeAt: number | null = null;
  private retryTimer: unknown = null;
  private retryAt: number | null = null;

  constructor(
    private readonly clock: Clock,
    private readonly timing: SyncTiming,
    private readonly random: () => number,
    /** Called when the coalescing window ends ('auto') or a background retry falls due ('retry'). */
    private readonly onDue: (trigger: 'auto' | 'retry') => void,
  ) {}

  /** Epoch ms of the scheduled background retry, or null. */
  get nextRetryAt(): number | null {
    return this.retryAt;
  }

  /** A change to push: waits debounceMs after the last one, at most maxWaitMs after the first. */
  debounce(): void {
    const now = this.clock.now();
    this.firstChangeAt ??= now;
    const { debounceMs, maxWaitMs } = this.timing;
    const wait = Math.max(0, Math.min(debounceMs, this.firstChangeAt + maxWaitMs - now));
    if (this.debounceTimer !== null) this.clock.clearTimeout(this.debounceTimer);
    this.debounceTimer = this.clock.setTimeout(() => {
      this.debounceTimer = null;
      this.firstChangeAt = null;
      this.onDue('auto');
    }, wait);
  }

  cancelDebounce(): void {
    if (this.debounceTimer !== null) this.clock.clearTimeout(this.debounceTimer);
    this.debounceTimer = null;
    this.firstChangeAt = null;
  }

  /**
   * Schedules the background retry after `streak` failures in a row; not before `atLeastMs` when the bridge
   * asked for that (Retry-After on a 429/503), which is honoured up to RETRY_AFTER_CAP_MS.
   */
  retry(streak: number, atLeastMs = 0): void {
    this.cancelRetry();
    const asked = Math.min(Math.max(0, atLeastMs), RETRY_AFTER_CAP_MS);
    const delay = Math.max(backoffDelay(streak, this.timing.backoffMs, this.random), asked);
    this.retryAt = this.clock.now() + delay;
    this.retryTimer = this.clock.setTimeout(() => {
      this.retryTimer = null;
      this.retryAt = null;
      this.onDue('retry');
    }, delay);
  }

  cancelRetry(): void {
    if (this.retryTimer !== null) this.clock.clearTimeout(this.retryTimer);
    this.retryTimer = null;
    this.retryAt = null;
  }

  cancelAll(): void {
    this.cancelDebounce();
    this.cancelRetry();
  }
}
