/**
 * The desired config, built once per change of the store. Building it costs time in proportion to the devices,
 * so a commit only marks it stale and the rebuild runs on the next tick, once for a whole burst of writes and
 * never inside the write the user waits for. Nothing is lost if the app dies before that tick: start-up builds
 * it from the store again.
 * A large store is rebuilt in slices (issue 9 §6): until the rebuild ends, `current` is the config built before,
 * whole; it never holds a half-built one. A commit during a rebuild makes one more rebuild follow.
 */
import type { DesiredConfig } from '../build-bridge-config';
import type { SyncEngineDeps } from './sync-types';

export class DesiredConfigCache {
  private built: DesiredConfig;
  private timer: unknown = null;
  /** The rebuild in slices under way. */
  private building: Promise<void> | null = null;
  /** A commit came during the rebuild in slices: rebuild again when it ends. */
  private again = false;
  private stopped = false;

  constructor(
    private readonly deps: Pick<SyncEngineDeps, 'desired' | 'desiredInSlices' | 'clock' | 'logger'>,
    /** Called with the rebuilt config: on the tick after a commit, or when a rebuild in slices ends. */
    private readonly onRebuilt: () => void,
  ) {
    this.built = deps.desired();
  }

  get current(): DesiredConfig {
    return this.built;
  }

  /** A rebuild in slices is under way. */
  get busy(): boolean {
    return this.building !== null;
  }

  /** A commit changed the store: rebuild on the next tick (or after the rebuild under way). */
  markStale(): void {
    if (this.building) this.again = true;
    if (this.building || this.timer !== null || this.stopped) return;
    this.timer = this.deps.clock.setTimeout(() => {
      this.timer = null;
      this.startNotifying();
    }, 0);
  }

  /**
   * Rebuilds now if a commit is waiting for its tick; true when it is done (onRebuilt is then not called). A
   * large store starts its rebuild in slices instead, which calls onRebuilt when it ends.
   */
  refreshIfStale(): boolean {
    if (this.timer === null) return false;
    this.clearTimer();
    return this.start(false);
  }

  /** Resolves when no rebuild is under way (the ones a commit meanwhile asked for included). */
  async whenBuilt(): Promise<void> {
    while (this.building) await this.building;
  }

  stop(): void {
    this.stopped = true;
    this.clearTimer();
  }

  private clearTimer(): void {
    if (this.timer !== null) this.deps.clock.clearTimeout(this.timer);
    this.timer = null;
  }

  /** Starts a rebuild; true when it finished at once. */
  private start(notify: boolean): boolean {
    this.again = false;
    const next = (this.deps.desiredInSlices ?? this.deps.desired)();
    if (!(next instanceof Promise)) {
      this.built = next;
      if (notify) this.onRebuilt();
      return true;
    }
    this.building = next.then(
      (config) => {
        this.building = null;
        if (this.stopped) return;
        this.built = config;
        this.onRebuilt();
        if (this.again) this.startNotifying();
      },
      (error: unknown) => {
        this.building = null;
        if (this.stopped) return;
        this.reportError(error);
        if (this.again) this.startNotifying();
      },
    );
    return false;
  }

  /** A rebuild nobody waits for: its failure is reported, not thrown into a timer. */
  private startNotifying(): void {
    try {
      this.start(true);
    } catch (error) {
      this.reportError(error);
    }
  }

  private reportError(error: unknown): void {
    this.deps.logger.error(`sync: could not rebuild the desired config: ${(error as Error).message}`);
  }
}
