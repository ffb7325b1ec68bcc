import type { PushOutcome, PushTrigger } from '../../../src-shared';

export interface PushLoopSteps {
  /** One push; never rejects (the engine turns its own failures into outcomes). */
  pushOnce(trigger: PushTrigger): Promise<PushOutcome>;
  /** Whether a follow-up with this trigger may run now (an automatic one needs auto push on and allowed). */
  mayFollowUp(trigger: PushTrigger): boolean;
  /** Whether the engine has closed: no follow-up starts then. */
  closed(): boolean;
  /** Told when a loop starts and when it has ended (after `running` turned false). */
  onStart(): void;
  onEnd(): void;
}

/**
 * One push at a time (ARCHITECTURE.md "Sync"): a change that arrives during a push asks for a follow-up, and the
 * loop then pushes once more, the then-latest state, until a push ends with no follow-up asked for.
 */
export class PushLoop {
  private loop: Promise<PushOutcome> | null = null;
  private followUp: PushTrigger | null = null;

  constructor(private readonly steps: PushLoopSteps) {}

  get running(): boolean {
    return this.loop !== null;
  }

  /** The loop in flight: it resolves with the outcome of its last push. */
  get current(): Promise<PushOutcome> | null {
    return this.loop;
  }

  /** Starts a loop; the caller checks `running` first. */
  run(trigger: PushTrigger): Promise<PushOutcome> {
    const steps = this.steps;
    const run = async (): Promise<PushOutcome> => {
      let current: PushTrigger = trigger;
      for (;;) {
        this.followUp = null;
        const outcome = await steps.pushOnce(current);
        const next = this.followUp as PushTrigger | null;
        // Decide and leave in the same step, so a change arriving now cannot fall between two loops.
        if (steps.closed() || next === null || !steps.mayFollowUp(next)) return this.leave(outcome);
        current = next;
      }
    };
    this.loop = run();
    steps.onStart();
    return this.loop;
  }

  /** Asks for one more push after the one in flight; a manual request outranks an automatic one. */
  askFollowUp(trigger: PushTrigger): void {
    if (trigger === 'manual') this.followUp = 'manual';
    else this.followUp ??= trigger;
  }

  private leave(outcome: PushOutcome): PushOutcome {
    this.loop = null;
    this.followUp = null;
    this.steps.onEnd();
    return outcome;
  }
}
