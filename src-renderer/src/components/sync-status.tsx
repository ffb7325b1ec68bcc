import { useEffect, useState } from 'react';
import { describeSyncStatus } from '../lib/describe-sync-status';
import { useSync } from '../stores/stores-context';

/** Where sync stands, in words and a colour, live from main's sync.status events. */
export function SyncStatusBadge() {
  const status = useSync((s) => s.status);
  const error = useSync((s) => s.statusError);
  const now = useSecondsWhile(Boolean(status?.nextRetryAt));
  const described = status
    ? describeSyncStatus(status, now)
    : error
      ? { tone: 'error' as const, label: 'Sync status unknown', detail: error }
      : { tone: 'idle' as const, label: 'Loading sync status…', detail: '' };
  return (
    <div
      className={`sync-status tone-${described.tone}`}
      role="status"
      aria-label="Sync status"
      title={described.detail ? `${described.label} — ${described.detail}` : described.label}
    >
      <span className="sync-dot" aria-hidden="true" />
      <span className="sync-text">
        {'spoken' in described && described.spoken ? (
          <>
            <span className="sync-label" aria-hidden="true">
              {described.label}
            </span>
            <span className="visually-hidden">{described.spoken}</span>
          </>
        ) : (
          <span className="sync-label">{described.label}</span>
        )}
        {described.detail ? <span className="sync-detail">{described.detail}</span> : null}
      </span>
    </div>
  );
}

/** The time now, moving on every second while `ticking` (for "next try in 40 s"). */
function useSecondsWhile(ticking: boolean): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!ticking) return;
    setNow(Date.now());
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [ticking]);
  return now;
}
