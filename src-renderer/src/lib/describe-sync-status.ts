import type { SyncStatus } from '../../../src-shared';
import { formatHm, formatHms } from './format-time';

export type SyncTone = 'ok' | 'pending' | 'busy' | 'warning' | 'error';

export interface SyncDescription {
  tone: SyncTone;
  /** The words the issue names: In sync · Pending · Pushing… · Bridge unreachable · Rejected by bridge. */
  label: string;
  detail: string;
}

/** What the header says about sync; only what main reported, never a guess. */
export function describeSyncStatus(status: SyncStatus): SyncDescription {
  const last = status.lastOutcome;
  switch (status.state) {
    case 'in_sync':
      return {
        tone: 'ok',
        label: `In sync (revision ${status.acknowledgedRevision ?? status.desiredRevision})`,
        detail: status.bridgeUrl,
      };
    case 'pending':
      return {
        tone: 'pending',
        label: status.pendingSince ? `Pending (since ${formatHm(status.pendingSince)})` : 'Pending',
        detail:
          status.desiredRevision === 0
            ? // A fresh install pushes nothing by itself, so it never wipes a bridge configured elsewhere.
              `Nothing pushed yet: your first change sends the config to ${status.bridgeUrl}`
            : status.autoPush
              ? `Revision ${status.desiredRevision} waits to be pushed to ${status.bridgeUrl}`
              : `Auto push is off: press Push config to bridge to send revision ${status.desiredRevision}`,
      };
    case 'pushing':
      return {
        tone: 'busy',
        label: 'Pushing…',
        detail: `Revision ${status.desiredRevision} to ${status.bridgeUrl}`,
      };
    case 'offline':
      return {
        tone: 'warning',
        label: status.nextRetryAt
          ? `Bridge unreachable (retrying at ${formatHms(status.nextRetryAt)})`
          : 'Bridge unreachable',
        detail: last && !last.ok ? last.message : status.bridgeUrl,
      };
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
        detail: `${status.bridgeUrl} acknowledged ${ours} but ${runs}. Another system may be writing to it: check the bridge, then press Push config to bridge.`,
      };
    }
    default: {
      const never: never = status.state;
      return { tone: 'error', label: `Unknown state ${String(never)}`, detail: '' };
    }
  }
}

/** `sha256:1a2b3c4d…`: enough of a hash to tell two apart. */
function shortHash(hash: string): string {
  const [algo, hex] = hash.includes(':') ? hash.split(':', 2) : ['', hash];
  return `${algo ? `${algo}:` : ''}${(hex ?? '').slice(0, 8)}…`;
}
