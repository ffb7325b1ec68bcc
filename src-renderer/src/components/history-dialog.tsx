import { useEffect, useState } from 'react';
import { useCall } from '../lib/use-call';
import { useStores, useSync } from '../stores/stores-context';
import { ConfigDiffList, isEmptyDiff } from './config-diff-list';
import { CloseActions } from './dialog-actions';
import { Modal } from './modal';
import { PushHistoryRow } from './push-history-row';

/**
 * The pushes, newest first, each with its background retries inside it and openable to its attempts and what it
 * changed; follows new pushes while open.
 */
export function HistoryDialog({ onClose }: { onClose(): void }) {
  const { sync } = useStores();
  const history = useSync((s) => s.history);
  const error = useSync((s) => s.historyError);
  const [open, setOpen] = useState<ReadonlySet<number>>(new Set());

  useEffect(() => {
    void sync.getState().loadHistory();
    return () => sync.getState().closeHistory();
  }, [sync]);

  function toggle(id: number) {
    setOpen((was) => {
      const next = new Set(was);
      if (!next.delete(id)) next.add(id);
      return next;
    });
  }

  return (
    <Modal title="Push history" onCancel={onClose} size="wide">
      <div className="dialog-scroll">
        <NotYetPushed />
        <section aria-labelledby="pushes-title" className="preview-section">
          <h3 id="pushes-title">Pushes</h3>
          {error ? (
            <p className="form-error" role="alert">
              Could not load the push history: {error}
            </p>
          ) : !history ? (
            <p className="muted">Loading push history…</p>
          ) : history.length === 0 ? (
            <p className="empty-note">No pushes yet. The first change to an active device will be pushed.</p>
          ) : (
            <table className="data-table history-table">
              <thead>
                <tr>
                  <th scope="col">Time</th>
                  <th scope="col">Trigger</th>
                  <th scope="col">Revision</th>
                  <th scope="col">Attempts</th>
                  <th scope="col">Outcome</th>
                  <th scope="col">Message</th>
                  <th scope="col">
                    <span className="visually-hidden">What changed</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {history.map((entry) => (
                  <PushHistoryRow
                    key={entry.id}
                    entry={entry}
                    history={history}
                    expanded={open.has(entry.id)}
                    onToggle={() => toggle(entry.id)}
                  />
                ))}
              </tbody>
            </table>
          )}
        </section>
      </div>
      <CloseActions onClose={onClose} />
    </Modal>
  );
}

/** The unpushed changes: the config now against the last one the bridge acknowledged (config.preview). */
function NotYetPushed() {
  const desiredHash = useSync((s) => s.status?.desiredHash);
  const acknowledgedHash = useSync((s) => s.status?.acknowledgedHash);
  // Refetched whenever the desired or acknowledged config changes (an edit, a push).
  const result = useCall('config.preview', null, [desiredHash, acknowledgedHash]);

  let body: React.ReactNode;
  if (!result) body = <p className="muted">Comparing with the bridge…</p>;
  else if (!result.ok)
    body = (
      <p className="form-error" role="alert">
        Could not build the unpushed changes: {result.error.message}
      </p>
    );
  else {
    const { diff, acknowledgedRevision } = result.value;
    body = (
      <>
        <p className="muted">
          {acknowledgedRevision === null
            ? 'The bridge has acknowledged nothing yet: every active device counts as added.'
            : `Against revision ${acknowledgedRevision}, the last one the bridge acknowledged.`}
        </p>
        {isEmptyDiff(diff) ? (
          <p className="empty-note">Nothing: the bridge has the current config.</p>
        ) : (
          <ConfigDiffList diff={diff} label="Unpushed changes" />
        )}
      </>
    );
  }
  return (
    <section aria-labelledby="unpushed-title" className="preview-section">
      <h3 id="unpushed-title">Not yet pushed</h3>
      {body}
    </section>
  );
}
