/**
 * The periodic look at the bridge: asks which config it runs (GET /config) and compares it with what it
 * acknowledged. It owns its timer and its counters; the engine hears of a drift through onDrift.
 */
import type { Clock, Logger } from '../ports';
import type { BridgeTransport } from './sync-types';

/** After this many drift re-pushes in a row that the bridge still reports as foreign, drift checks stop for the URL. */
export const MAX_DRIFT_REPUSHES = 2;

/** The part of the engine's state a check depends on; an answer is stale when any of it moved meanwhile. */
export interface WatchedState {
  url: string;
  token: string;
  ackedHash: string | null;
  ackedUrl: string | null;
  ackedRevision: number | null;
}

export interface BridgeWatchDeps {
  clock: Clock;
  intervalMs: number;
  logger: Logger;
  fetchConfigHash: BridgeTransport['fetchConfigHash'];
  snapshot(): WatchedState;
  /** A push is in flight: its answer is the news, a check would only race it. */
  busy(): boolean;
  /** The bridge runs another config than the one it acknowledged: push again. */
  onDrift(reportedHash: string): void;
}

export class BridgeWatch {
  private timer: unknown = null;
  private stopped = false;
  private offForUrl: string | null = null;
  private repushes = 0;

  constructor(private readonly deps: BridgeWatchDeps) {}

  /** Checks after `delayMs`, then every intervalMs. */
  start(delayMs = 0): void {
    if (this.stopped) return;
    this.timer = this.deps.clock.setTimeout(() => {
      this.timer = null;
      void this.check()
        .catch((error: unknown) => this.deps.logger.error(`drift: check failed: ${(error as Error).message}`))
        .finally(() => this.start(this.deps.intervalMs));
    }, delayMs);
  }

  stop(): void {
    this.stopped = true;
    if (this.timer !== null) this.deps.clock.clearTimeout(this.timer);
    this.timer = null;
  }

  /** A new URL or token: the counters start again (a new URL may support drift checks). */
  targetChanged(urlChanged: boolean): void {
    this.repushes = 0;
    if (urlChanged) this.offForUrl = null;
  }

  private async check(): Promise<void> {
    const asked = this.deps.snapshot();
    if (this.deps.busy() || this.offForUrl === asked.url) return;
    if (asked.ackedUrl !== asked.url || asked.ackedHash === null) return;
    const answer = await this.deps.fetchConfigHash(asked.url, asked.token);
    // Anything that moved while the GET was out (a push, a new URL) makes its answer stale.
    const now = this.deps.snapshot();
    if (this.stopped || this.deps.busy() || now.url !== asked.url) return;
    if (
      now.ackedHash !== asked.ackedHash ||
      now.ackedUrl !== asked.ackedUrl ||
      now.ackedRevision !== asked.ackedRevision
    ) {
      return;
    }
    if (answer.kind === 'unsupported') {
      this.offForUrl = asked.url;
      this.deps.logger.info(`drift: ${asked.url} does not report its config hash; checks off for this URL`);
      return;
    }
    if (answer.kind === 'error') return;
    if (answer.hash === asked.ackedHash) {
      this.repushes = 0;
      return;
    }
    if (this.repushes >= MAX_DRIFT_REPUSHES) {
      // The bridge acknowledges our config but keeps reporting another hash (it hashes differently, or another
      // writer keeps overwriting): pushing every minute would not help. Stop checking this URL and say so.
      this.offForUrl = asked.url;
      this.deps.logger.warn(
        `drift: ${asked.url} still reports ${answer.hash} after ${this.repushes} re-pushes of ${asked.ackedHash}; drift checks off for this URL`,
      );
      return;
    }
    this.repushes++;
    this.deps.logger.warn(
      `drift: ${asked.url} runs ${answer.hash}, acknowledged ${asked.ackedHash}; pushing again`,
    );
    this.deps.onDrift(answer.hash);
  }
}
