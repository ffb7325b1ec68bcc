import { Fragment, useEffect, useRef, useState } from 'react';
import type { ConfigPreview, PushDetail, PushLogEntry, Result } from '../../../src-shared';
import { formatDateTime, formatDuration } from '../lib/format-time';
import { useStores, useSync } from '../stores/stores-context';
import { ConfigDiffList, isEmptyDiff } from './config-diff-list';
import { CloseActions } from './dialog-actions';
import { Modal } from './modal';

const OUTCOME_LABELS: Record<PushLogEntry['outcome'], string> = {
  success: 'Success',
  unreachable: 'Unreachable',
  timeout: 'Timed out',
  server_error: 'Bridge error',
  rejected: 'Rejected',
  storage: 'Not saved',
};

/** The push log, newest first, each push openable to what it changed; follows new pushes while open. */
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
                  <th scope="col">Duration</th>
                  <th scope="col">Outcome</th>
                  <th scope="col">Message</th>
                  <th scope="col">
                    <span className="visually-hidden">What changed</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {history.map((entry) => {
                  const expanded = open.has(entry.id);
                  const detailId = `push-detail-${entry.id}`;
                  return (
                    <Fragment key={entry.id}>
                      <tr className={expanded ? 'row-expanded' : undefined}>
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
                        <td className="nowrap">
                          <button
                            type="button"
                            className="button button-small"
                            aria-expanded={expanded}
                            aria-controls={expanded ? detailId : undefined}
                            onClick={() => toggle(entry.id)}
                          >
                            Details
                          </button>
                        </td>
                      </tr>
                      {expanded ? (
                        <tr className="detail-row" id={detailId}>
                          <td colSpan={8}>
                            <PushDetailView entry={entry} history={history} />
                          </td>
                        </tr>
                      ) : null}
                    </Fragment>
                  );
                })}
              </tbody>
            </table>
          )}
        </section>
      </div>
      <CloseActions onClose={onClose} />
    </Modal>
  );
}

/** What one push changed against the push before it whose payload is kept (sync.pushDetail). */
function PushDetailView({ entry, history }: { entry: PushLogEntry; history: readonly PushLogEntry[] }) {
  const { api } = useStores();
  const [result, setResult] = useState<Result<PushDetail> | null>(null);
  const ref = useRef<HTMLDivElement>(null);

  // Once loaded, the opened detail is brought into view (it may open below the fold of a long log).
  useEffect(() => {
    if (result) ref.current?.scrollIntoView?.({ block: 'nearest' });
  }, [result]);

  useEffect(() => {
    let live = true;
    void api.invoke('sync.pushDetail', { id: entry.id }).then((r) => {
      if (live) setResult(r);
    });
    return () => {
      live = false;
    };
  }, [api, entry.id]);

  const label = `Changes of revision ${entry.revision}`;
  if (!result) return <p className="muted">Loading what this push changed…</p>;
  if (!result.ok) {
    return (
      <p className="form-error" role="alert">
        Could not load what push {entry.id} changed: {result.error.message}
      </p>
    );
  }
  const { diff, previousId } = result.value;
  if (diff === null) {
    return (
      <p className="empty-note">
        Payload no longer kept: only the newest 100 pushes keep what they sent, so what this one changed
        cannot be shown.
      </p>
    );
  }
  const previous = previousId === null ? undefined : history.find((e) => e.id === previousId);
  const against =
    previousId === null
      ? 'The first push whose payload is kept: every device it sent counts as added.'
      : previous
        ? `Against the push before it: revision ${previous.revision} at ${formatDateTime(previous.startedAt)}.`
        : `Against the push before it (log entry ${previousId}).`;
  return (
    <>
      <p className="muted">{against}</p>
      {isEmptyDiff(diff) ? (
        <p className="empty-note">Nothing changed: it sent the same devices as the push before it.</p>
      ) : (
        <ConfigDiffList diff={diff} label={label} />
      )}
    </>
  );
}

/** The unpushed changes: the config now against the last one the bridge acknowledged (config.preview). */
function NotYetPushed() {
  const { api } = useStores();
  const desiredHash = useSync((s) => s.status?.desiredHash);
  const acknowledgedHash = useSync((s) => s.status?.acknowledgedHash);
  const [result, setResult] = useState<Result<ConfigPreview> | null>(null);

  // Refetched whenever the desired or acknowledged config changes (an edit, a push).
  useEffect(() => {
    let live = true;
    void desiredHash;
    void acknowledgedHash;
    void api.invoke('config.preview', null).then((r) => {
      if (live) setResult(r);
    });
    return () => {
      live = false;
    };
  }, [api, desiredHash, acknowledgedHash]);

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
