import type { ShownNotice } from '../stores/notifications-store';

/** The content of one toast. Errors are alerts (read out at once); successes are polite status messages. */
export function ToastCard({ notice, onDismiss }: { notice: ShownNotice; onDismiss(): void }) {
  return (
    <div className={`toast toast-${notice.tone}`} role={notice.tone === 'error' ? 'alert' : 'status'}>
      <span className="toast-icon" aria-hidden="true">
        {notice.tone === 'error' ? '!' : '✓'}
      </span>
      <div className="toast-body">
        <p className="toast-title">{notice.title}</p>
        <p className="toast-message">{notice.message}</p>
      </div>
      <button type="button" className="toast-close" aria-label="Dismiss" onClick={onDismiss}>
        ×
      </button>
    </div>
  );
}
