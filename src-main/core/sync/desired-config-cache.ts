/**
 * The desired config, built once per change of the store. Building it costs time in proportion to the devices,
 * so a commit only marks it stale and the rebuild runs on the next tick, once for a whole burst of writes and
 * never inside the write the user waits for. Nothing is lost if the app dies before that tick: start-up builds
 * it from the store again.
 */
import type { DesiredConfig } from '../build-bridge-config';
import type { Clock } from '../ports';

export class DesiredConfigCache {
  private built: DesiredConfig;
  private timer: unknown = null;

  constructor(
    private readonly build: () => DesiredConfig,
    private readonly clock: Clock,
    /** Called on the tick after a commit with the rebuilt config. */
    private readonly onRebuilt: () => void,
  ) {
    this.built = build();
  }

  get current(): DesiredConfig {
    return this.built;
  }

  get stale(): boolean {
    return this.timer !== null;
  }

  /** A commit changed the store: rebuild on the next tick. */
  markStale(): void {
    if (this.timer !== null) return;
    this.timer = this.clock.setTimeout(() => {
      this.timer = null;
      this.built = this.build();
      this.onRebuilt();
    }, 0);
  }

  /** Rebuilds now if a commit is waiting for its tick (without calling onRebuilt); true when it did. */
  refreshIfStale(): boolean {
    if (this.timer === null) return false;
    this.stop();
    this.built = this.build();
    return true;
  }

  stop(): void {
    if (this.timer !== null) this.clock.clearTimeout(this.timer);
    this.timer = null;
  }
}
