import { HELD_PUSH_LABEL, heldPushAdvice, pushFailureTitle, type SyncStatus } from '../../../src-shared';
import { formatHm, formatHms } from './format-time';

/** idle: nothing is wrong and nothing waits (a fresh install); neutral grey. */
export type SyncTone = 'ok' | 'idle' | 'pending' | 'busy' | 'warning' | 'error';

export interface SyncDescription {
  tone: SyncTone;
  /** In sync · Nothing pushed yet · Pending · Pushing… · Bridge unreachable · Rejected by bridge · Bridge runs another config · Preferences were unreadable. */
  label: string;
  detail: string;
  /**
   * The same label for screen readers where the visible one ticks every second ("next try in 40 s"): it names
   * the time instead, so a live region is not read out anew each second.
   */
  spoken?: string;
}

/** What the header says about sync; only what main reported, never a guess. `now` counts down the next try. */
export function describeSyncStatus(status: SyncStatus, now: number = Date.now()): SyncDescription {
  const last = status.lastOutcome;
  switch (status.state) {
    case 'in_sync':
      return {
        tone: 'ok',
        label: `In sync (revision ${status.acknowledgedRevision ?? status.desiredRevision})`,
        detail: status.bridgeUrl,
      };
    case 'pending':
      if (status.desiredRevision === 0) {
        // A fresh install pushes nothing by itself, so it never wipes a bridge configured elsewhere: nothing is wrong.
        return {
          tone: 'idle',
          label: 'Nothing pushed yet',
          detail: `Your first change sends the config to ${status.bridgeUrl}`,
        };
      }
      return {
        tone: 'pending',
        label: status.pendingSince ? `Pending (since ${formatHm(status.pendingSince)})` : 'Pending',
        detail: status.autoPush
          ? `Revision ${status.desiredRevision} waits to be pushed to ${status.bridgeUrl}`
          : `Auto push is off: press the Push button to send revision ${status.desiredRevision}`,
      };
    case 'pushing':
      return {
        tone: 'busy',
        label: 'Pushing…',
        detail: `Revision ${status.desiredRevision} to ${status.bridgeUrl}`,
      };
    case 'offline': {
      const what = last && !last.ok ? pushFailureTitle(last) : 'Bridge unreachable';
      const counting = !status.attempt && status.nextRetryAt !== null;
      return {
        tone: 'warning',
        label: `${what} — ${tryingWords(status, now)}`,
        detail: last && !last.ok ? last.message : status.bridgeUrl,
        ...(counting && status.nextRetryAt
          ? { spoken: `${what} — next try at ${formatHms(status.nextRetryAt)}` }
          : {}),
      };
    }
    case 'rejected': {
      const why = last && !last.ok ? last.message : 'no reason given';
      const code = last && !last.ok && last.status ? ` (HTTP ${last.status})` : '';
      return { tone: 'error', label: `Rejected by bridge${code}: ${why}`, detail: status.bridgeUrl };
    }
    case 'foreign': {
      const runs = status.bridgeRunsHash ? `runs ${shortHash(status.bridgeRunsHash)}` : 'runs no config';
      const ours = `revision ${status.desiredRevision} (${shortHash(status.desiredHash)})`;
      return {
        tone: 'error',
        label: 'Bridge runs another config',
        detail: `${status.bridgeUrl} acknowledged ${ours} but ${runs}. Another system may be writing to it: check the bridge, then press the Push button.`,
      };
    }
    case 'storage_error':
      return {
        tone: 'error',
        label: `Could not save the sync state: ${last && !last.ok ? last.message : 'storage error'}`,
        detail:
          'The bridge state is unchanged. Free disk space or make the data folder writable; the app tries again.',
      };
    case 'held':
      return { tone: 'error', label: HELD_PUSH_LABEL, detail: heldPushAdvice(status.lastBridgeUrl) };
    default: {
      const never: never = status.state;
      return { tone: 'error', label: `Unknown state ${String(never)}`, detail: '' };
    }
  }
}

/** What is being tried about a failure: the attempt under way, or when the next one comes. */
function tryingWords(status: SyncStatus, now: number): string {
  const attempt = status.attempt;
  if (attempt)
    return attempt.number <= 1 ? 'trying again' : `retry ${attempt.number - 1} of ${attempt.of - 1}`;
  if (!status.nextRetryAt)
    return status.autoPush ? 'pushed again when it answers' : 'press the Push button to try again';
  const seconds = Math.max(0, Math.ceil((Date.parse(status.nextRetryAt) - now) / 1000));
  if (seconds <= 0) return 'trying again';
  return seconds < 90 ? `next try in ${seconds} s` : `next try in ${Math.round(seconds / 60)} min`;
}

/** `sha256:1a2b3c4d…`: enough of a hash to tell two apart. */
function shortHash(hash: string): string {
  const [algo, hex] = hash.includes(':') ? hash.split(':', 2) : ['', hash];
  return `${algo ? `${algo}:` : ''}${(hex ?? '').slice(0, 8)}…`;
}
