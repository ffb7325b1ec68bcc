import { useEffect } from 'react';
import type { PushLogEntry } from '../../../src-shared';
import { formatDateTime, formatDuration } from '../lib/format-time';
import { useStores, useSync } from '../stores/stores-context';
import { Modal } from './modal';

const OUTCOME_LABELS: Record<PushLogEntry['outcome'], string> = {
  success: 'Success',
  unreachable: 'Unreachable',
  timeout: 'Timed out',
  server_error: 'Bridge error',
  rejected: 'Rejected',
};

/** The push log, newest first; follows new pushes while open. */
export function HistoryDialog({ onClose }: { onClose(): void }) {
  const { sync } = useStores();
  const history = useSync((s) => s.history);
  const error = useSync((s) => s.historyError);

  useEffect(() => {
    void sync.getState().loadHistory();
    return () => sync.getState().closeHistory();
  }, [sync]);

  return (
    <Modal title="Push history" onCancel={onClose} size="wide">
      <div className="dialog-scroll">
        {error ? (
          <p className="form-error" role="alert">
            Could not load the push history: {error}
          </p>
        ) : !history ? (
          <p className="muted">Loading push history…</p>
        ) : history.length === 0 ? (
          <p className="empty-note">No pushes yet. The first change to an active device will be pushed.</p>
        ) : (
          <table className="data-table">
            <thead>
              <tr>
                <th scope="col">Time</th>
                <th scope="col">Trigger</th>
                <th scope="col">Revision</th>
                <th scope="col">Attempts</th>
                <th scope="col">Duration</th>
                <th scope="col">Outcome</th>
                <th scope="col">Message</th>
              </tr>
            </thead>
            <tbody>
              {history.map((entry) => (
                <tr key={entry.id}>
                  <td className="nowrap">{formatDateTime(entry.startedAt)}</td>
                  <td>{entry.trigger}</td>
                  <td className="cell-number">{entry.revision}</td>
                  <td className="cell-number">{entry.attempts}</td>
                  <td className="cell-number nowrap">{formatDuration(entry.durationMs)}</td>
                  <td>
                    <span className={`pill ${entry.outcome === 'success' ? 'pill-ok' : 'pill-bad'}`}>
                      {OUTCOME_LABELS[entry.outcome]}
                      {entry.status ? ` (${entry.status})` : ''}
                    </span>
                  </td>
                  <td className="cell-message">{entry.message ?? ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </div>
      <div className="modal-actions">
        <button type="button" className="button" onClick={onClose}>
          Close
        </button>
      </div>
    </Modal>
  );
}
