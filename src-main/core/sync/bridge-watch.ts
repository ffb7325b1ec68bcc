/**
 * The periodic look at the bridge (docs/bridge-config.md "GET /config"): at least every check period it asks
 * which config the bridge runs (GET /config), or, where there is no such endpoint, only whether it answers
 * (GET /health). It owns its timer and counters and tells the engine what it learnt:
 * - the bridge runs another config than it acknowledged, runs none, or lost it (404 from a URL that answered a
 *   hash before) → onDrift, at most MAX_DRIFT_REPUSHES times in a row; after that → onForeign (shown, not pushed);
 * - the bridge answers again after being unreachable (it may have restarted) → onBack.
 */
import type { BridgeConfigReport } from '../bridge-probe';
import type { Clock, Logger } from '../ports';

/** Re-pushes in a row after which a bridge that still reports another config is shown as running another. */
export const MAX_DRIFT_REPUSHES = 2;

/** The part of the engine's state a check depends on; an answer is stale when any of it moved meanwhile. */
export interface WatchedState {
  url: string;
  token: string;
  ackedHash: string | null;
  ackedUrl: string | null;
  ackedRevision: number | null;
  hashAnsweredUrls: readonly string[];
}

export interface BridgeWatchDeps {
  clock: Clock;
  intervalMs: number;
  logger: Logger;
  fetchConfig(url: string, token: string): Promise<BridgeConfigReport>;
  probeHealth(url: string, token: string): Promise<boolean>;
  snapshot(): WatchedState;
  /** A push is in flight (its answer is the news, a check would only race it), or the engine is closing. */
  busy(): boolean;
  /** The URL answered GET /config with a hash: remember it (a later 404 there means the config was lost). */
  onHashAnswered(url: string): void;
  /** The bridge does not run what it acknowledged (another hash, or none): push again. */
  onDrift(reportedHash: string | null): void;
  /** It still does not after the re-pushes: say so, stop pushing. */
  onForeign(reportedHash: string | null): void;
  /** It runs what it acknowledged. */
  onMatch(): void;
  /** It answers again after being unreachable: it may have restarted empty, push once. */
  onBack(): void;
}

export class BridgeWatch {
  private timer: unknown = null;
  private stopped = false;
  /** Whether the current URL answered last time (null: not known yet). */
  private reachable: boolean | null = null;
  /** The URL found without a GET /config endpoint: watched through GET /health. */
  private noEndpointUrl: string | null = null;
  private repushes = 0;

  constructor(private readonly deps: BridgeWatchDeps) {}

  /** Checks after `delayMs`, then every intervalMs. */
  start(delayMs = 0): void {
    if (this.stopped) return;
    this.timer = this.deps.clock.setTimeout(() => {
      this.timer = null;
      void this.check()
        .catch((error: unknown) => this.deps.logger.error(`watch: check failed: ${(error as Error).message}`))
        .finally(() => this.start(this.deps.intervalMs));
    }, delayMs);
  }

  stop(): void {
    this.stopped = true;
    if (this.timer !== null) this.deps.clock.clearTimeout(this.timer);
    this.timer = null;
  }

  /** A new URL or token: nothing is known about it yet. */
  targetChanged(urlChanged: boolean): void {
    this.repushes = 0;
    this.reachable = null;
    if (urlChanged) this.noEndpointUrl = null;
  }

  /** What a push learnt: the bridge answered (2xx/4xx) or not (network, timeout, 5xx), and whether it took it. */
  observePush(answered: boolean, acknowledged: boolean): void {
    this.reachable = answered;
    // A bridge keeping its config in memory answers GET /config 404 until its first config: once it took one,
    // ask GET /config again rather than concluding from that first 404 that it has no such endpoint.
    if (acknowledged) this.noEndpointUrl = null;
  }

  private async check(): Promise<void> {
    const asked = this.deps.snapshot();
    if (this.deps.busy()) return;
    const viaHealth = this.noEndpointUrl === asked.url;
    const report: BridgeConfigReport = viaHealth
      ? (await this.deps.probeHealth(asked.url, asked.token))
        ? { kind: 'answered', status: 200, message: '' }
        : { kind: 'unreachable', message: 'GET /health failed' }
      : await this.deps.fetchConfig(asked.url, asked.token);
    if (this.stopped || this.deps.busy() || this.moved(asked, this.deps.snapshot())) return;
    switch (report.kind) {
      case 'unreachable':
        this.reachable = false;
        // What comes back may be another bridge (an upgrade with GET /config): ask it again.
        this.noEndpointUrl = null;
        return;
      case 'answered':
        return this.answered();
      case 'no_endpoint':
        return this.withoutEndpoint(asked.url, `answers GET /config with HTTP ${report.status}`);
      case 'missing':
        if (!asked.hashAnsweredUrls.includes(asked.url))
          return this.withoutEndpoint(asked.url, 'has no GET /config');
        this.deps.logger.warn(
          `watch: ${asked.url} has no config any more (GET /config 404); it may have restarted`,
        );
        return this.reported(asked, null);
      case 'runs':
        if (!asked.hashAnsweredUrls.includes(asked.url)) this.deps.onHashAnswered(asked.url);
        return this.reported(asked, report.hash);
      default: {
        const never: never = report;
        return never;
      }
    }
  }

  /** Anything that moved while the GET was out (a push, a new URL or token) makes its answer stale. */
  private moved(asked: WatchedState, now: WatchedState): boolean {
    return (
      now.url !== asked.url ||
      now.token !== asked.token ||
      now.ackedHash !== asked.ackedHash ||
      now.ackedUrl !== asked.ackedUrl ||
      now.ackedRevision !== asked.ackedRevision
    );
  }

  /** The bridge answered; after being unreachable that may be a restart. */
  private answered(): void {
    const wasDown = this.reachable === false;
    this.reachable = true;
    if (wasDown) this.deps.onBack();
  }

  private withoutEndpoint(url: string, why: string): void {
    this.noEndpointUrl = url;
    this.deps.logger.info(`watch: ${url} ${why}; watching GET /health instead`);
    this.answered();
  }

  /** The bridge said which config it runs (null: none). */
  private reported(asked: WatchedState, hash: string | null): void {
    if (asked.ackedUrl !== asked.url || asked.ackedHash === null) {
      this.answered();
      return;
    }
    this.reachable = true;
    if (hash === asked.ackedHash) {
      this.repushes = 0;
      this.deps.onMatch();
      return;
    }
    const running = hash ?? 'no config';
    if (this.repushes >= MAX_DRIFT_REPUSHES) {
      // It acknowledges our config but keeps reporting another (it hashes differently, or another writer keeps
      // overwriting): pushing every minute would not help. Show it, keep watching.
      this.deps.logger.warn(
        `watch: ${asked.url} still runs ${running} after ${this.repushes} re-pushes of ${asked.ackedHash}`,
      );
      this.deps.onForeign(hash);
      return;
    }
    this.repushes++;
    this.deps.logger.warn(
      `watch: ${asked.url} runs ${running}, acknowledged ${asked.ackedHash}; pushing again`,
    );
    this.deps.onDrift(hash);
  }
}
