import { describeSyncStatus } from '../lib/describe-sync-status';
import { useSync } from '../stores/stores-context';

/** Where sync stands, in words and a colour, live from main's sync.status events. */
export function SyncStatusBadge() {
  const status = useSync((s) => s.status);
  const error = useSync((s) => s.statusError);
  const described = status
    ? describeSyncStatus(status)
    : error
      ? { tone: 'error' as const, label: 'Sync status unknown', detail: error }
      : { tone: 'pending' as const, label: 'Loading sync status…', detail: '' };
  return (
    <div
      className={`sync-status tone-${described.tone}`}
      role="status"
      aria-label="Sync status"
      title={described.detail ? `${described.label} — ${described.detail}` : described.label}
    >
      <span className="sync-dot" aria-hidden="true" />
      <span className="sync-text">
        <span className="sync-label">{described.label}</span>
        {described.detail ? <span className="sync-detail">{described.detail}</span> : null}
      </span>
    </div>
  );
}
