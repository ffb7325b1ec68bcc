/**
 * Pure derivation of where sync stands, from the persisted record, the preferences and what the engine is
 * doing right now. No clock, no I/O: the same inputs always give the same status.
 */
import type { Settings, SyncState, SyncStatus } from '../../../src-shared';
import type { SyncRecord } from '../sync-state-repo';

/** What the engine is doing at this moment (memory only, never persisted). */
export interface EngineMoment {
  /** A push loop is in flight. */
  pushing: boolean;
  /** Consecutive retryable failures against the current bridge. */
  failureStreak: number;
  /** Epoch ms of the next background attempt, or null. */
  nextRetryAt: number | null;
  /** The attempt of the push in flight, or null. */
  attempt: { number: number; of: number } | null;
}

/** Desired ≠ acknowledged for this bridge URL (another URL has acknowledged nothing). */
export function isPending(record: SyncRecord, bridgeUrl: string): boolean {
  return record.ackedUrl !== bridgeUrl || record.ackedHash !== record.desiredHash;
}

/** The current desired config was refused by the current bridge: wait for a change or a manual push. */
export function isRejectedNow(record: SyncRecord, bridgeUrl: string): boolean {
  return record.rejectedHash === record.desiredHash && record.rejectedUrl === bridgeUrl;
}

/** The preferences were unreadable and nobody has confirmed the bridge URL since: nothing is pushed. */
export function isHeld(record: SyncRecord): boolean {
  return record.unreadablePreferences !== null;
}

/** The bridge acknowledged our config but keeps running another. */
export function isForeign(record: SyncRecord, bridgeUrl: string): boolean {
  return record.foreignUrl === bridgeUrl;
}

/**
 * Whether an automatic push (start-up, debounce, background retry) may run. Never before the first device change:
 * a fresh install has nothing to say yet, and pushing its empty list would wipe a bridge that another system (or
 * another PC) had configured. Never while held: the URL is nobody's choice. A manual push may run unless held.
 */
export function autoPushAllowed(record: SyncRecord, settings: Settings): boolean {
  if (!settings.autoPush || record.desiredRevision === 0 || isHeld(record)) return false;
  return isPending(record, settings.bridgeUrl) && !isRejectedNow(record, settings.bridgeUrl);
}

export function deriveState(record: SyncRecord, bridgeUrl: string, moment: EngineMoment): SyncState {
  const last = record.lastOutcome;
  const failing =
    last !== null &&
    !last.ok &&
    last.kind !== 'rejected' &&
    last.kind !== 'storage' &&
    moment.failureStreak > 0;
  // Trying again after a failure is not news: the failure stays in view, with the attempt under way.
  if (moment.pushing) return failing ? 'offline' : 'pushing';
  if (isHeld(record)) return 'held';
  // The bridge's latest word wins, also over an earlier acknowledgement of the same config.
  // Saving failed: say so, and judge the bridge by nothing that came of it.
  if (last?.ok === false && last.kind === 'storage') return 'storage_error';
  if (isRejectedNow(record, bridgeUrl)) return 'rejected';
  // The latest push did not reach the bridge: that is its latest news, also when it had acknowledged this config.
  if (failing) return 'offline';
  if (!isPending(record, bridgeUrl)) return isForeign(record, bridgeUrl) ? 'foreign' : 'in_sync';
  return 'pending';
}

export function toSyncStatus(record: SyncRecord, settings: Settings, moment: EngineMoment): SyncStatus {
  const current = record.ackedUrl === settings.bridgeUrl;
  return {
    state: deriveState(record, settings.bridgeUrl, moment),
    desiredRevision: record.desiredRevision,
    desiredHash: record.desiredHash,
    acknowledgedRevision: current ? record.ackedRevision : null,
    acknowledgedHash: current ? record.ackedHash : null,
    pendingSince: isPending(record, settings.bridgeUrl) ? record.pendingSince : null,
    nextRetryAt: moment.nextRetryAt === null ? null : new Date(moment.nextRetryAt).toISOString(),
    lastOutcome: record.lastOutcome,
    bridgeUrl: settings.bridgeUrl,
    autoPush: settings.autoPush,
    bridgeRunsHash: isForeign(record, settings.bridgeUrl) ? record.foreignHash : null,
    attempt: moment.pushing ? moment.attempt : null,
    lastBridgeUrl: record.lastBridgeUrl,
    unreadablePreferences: record.unreadablePreferences,
  };
}

/** Passes a status on only when it differs from the one passed on before. */
export function changesOnly(emit: (status: SyncStatus) => void): (status: SyncStatus) => void {
  let last = '';
  return (status) => {
    const json = JSON.stringify(status);
    if (json === last) return;
    last = json;
    emit(status);
  };
}
