import type { BridgeConfig, ConfigDiff } from './bridge-config';

/** Why a push happened. */
export type PushTrigger = 'auto' | 'manual' | 'retry' | 'startup';

/** How a failed push failed: `rejected` is a 4xx (retrying will not help); the rest are retried. */
export type PushFailureKind = 'unreachable' | 'timeout' | 'server_error' | 'rejected' | 'storage';

/** The result of one push (one POST with its retries). */
export type PushOutcome =
  | { ok: true; status: number; attempts: number; durationMs: number; revision: number; configHash: string }
  | {
      ok: false;
      kind: PushFailureKind;
      status?: number;
      /** The bridge's own words (a FastAPI `{"detail": …}` included), or the network error. */
      message: string;
      /** A 429/503 said when to come back (Retry-After), in ms (at most 60 s): the background retry waits that long. */
      retryAfterMs?: number;
      attempts: number;
      durationMs: number;
      revision: number;
      configHash: string;
    };

/**
 * in_sync: the bridge acknowledged the desired config (and, where it reports one, runs it). pending: it has not
 * (yet). pushing: a POST is in flight. offline: the last push failed unreachable/timeout/5xx and is retried at
 * nextRetryAt (also while that retry runs: the failure stays in view, with `attempt`). rejected: the bridge's latest word on the desired config was a 4xx. foreign: the bridge
 * acknowledged our config but keeps running another (bridgeRunsHash) after our re-pushes. storage_error: the
 * last push could not be recorded (disk full, …); the bridge state is not judged by it. held: the preferences
 * were unreadable and set aside (unreadablePreferences), so the bridge URL is a default nobody chose: nothing is
 * pushed until a person saves a bridge URL in Preferences (lastBridgeUrl names where pushes went before).
 */
export type SyncState =
  | 'in_sync'
  | 'pending'
  | 'pushing'
  | 'offline'
  | 'rejected'
  | 'foreign'
  | 'storage_error'
  | 'held';

export interface SyncStatus {
  state: SyncState;
  desiredRevision: number;
  desiredHash: string;
  acknowledgedRevision: number | null;
  acknowledgedHash: string | null;
  /** ISO time since when desired ≠ acknowledged; null when in sync. */
  pendingSince: string | null;
  /** ISO time of the next background attempt, when one is scheduled. */
  nextRetryAt: string | null;
  lastOutcome: PushOutcome | null;
  bridgeUrl: string;
  autoPush: boolean;
  /** In state foreign: the config hash the bridge reports running (null: none). */
  bridgeRunsHash: string | null;
  /** While a push is in flight: which of its attempts runs (1 = the first request, then the quick retries). */
  attempt: { number: number; of: number } | null;
  /** The bridge URL pushes last went to (kept in SQLite, so it outlives lost preferences), or null. */
  lastBridgeUrl: string | null;
  /** In state held: where the unreadable preferences file was set aside. */
  unreadablePreferences: string | null;
}

/** One row of the push log. */
export interface PushLogEntry {
  id: number;
  startedAt: string;
  trigger: PushTrigger;
  revision: number;
  configHash: string;
  bridgeUrl: string;
  attempts: number;
  durationMs: number;
  /** `success` or the failure kind. */
  outcome: 'success' | PushFailureKind;
  status: number | null;
  message: string | null;
}

/**
 * One push as the history shows it: the first POST of a config to a bridge and the background retries of that
 * same config to the same bridge, oldest first (src-shared/push-history.ts). `id` is the first attempt's log id
 * (what `sync.pushDetail` takes); the outcome, status and message are the newest attempt's.
 */
export interface PushHistoryEntry extends Omit<PushLogEntry, 'attempts' | 'durationMs'> {
  /** Every logged POST of this push, oldest first; each counts its own quick retries in `attempts`. */
  attempts: PushLogEntry[];
}

/** `config.preview`: what would be pushed now and what changed against the last acknowledged config. */
export interface ConfigPreview {
  config: BridgeConfig;
  pending: boolean;
  acknowledgedRevision: number | null;
  /** Against the last acknowledged config; when nothing was acknowledged yet, every device counts as added. */
  diff: ConfigDiff;
}

/**
 * `config.unpushed`: the device IDs whose config the bridge has not acknowledged — config.preview's diff without
 * the config itself, so the window can keep it fresh after every change at little cost.
 */
export interface UnpushedChanges {
  acknowledgedRevision: number | null;
  added: string[];
  /** Switched on again since the acknowledged config. */
  turnedOn: string[];
  changed: string[];
  /** Switched off (still stored, inactive) since the acknowledged config. */
  turnedOff: string[];
  /** Deleted (or given another device ID) since the acknowledged config: no row shows them. */
  removed: string[];
}

/** `bridge.test`: one GET to `{bridgeUrl}/health`. */
export interface BridgeTestResult {
  url: string;
  /** Something answered over HTTP (any status). */
  reachable: boolean;
  /** The bridge answered its /health with a 2xx: the URL is right. */
  ok: boolean;
  status: number | null;
  latencyMs: number;
  /** One sentence saying what happened, the time included once. */
  message: string;
  /** The URL to write instead, when the one given ends in /config or /health (the app adds those itself). */
  suggestedUrl: string | null;
}

/** What the core tells the host to notify about; the host decides how (toast, native) per the preference. */
export interface PushNotice {
  kind: 'success' | 'failure' | 'recovered';
  trigger: PushTrigger;
  title: string;
  message: string;
  outcome: PushOutcome;
}

/** One push of the log with what it changed against the push before it. */
export interface PushDetail {
  entry: PushLogEntry;
  /** The push this one is compared with (the one before it whose payload is kept), or null for the first. */
  previousId: number | null;
  /** null when this push's payload is no longer kept (only the newest 100 are). */
  diff: ConfigDiff | null;
}
