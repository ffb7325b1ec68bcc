import { Fragment, useEffect, useRef } from 'react';
import type { PushHistoryEntry, PushLogEntry, PushTrigger } from '../../../src-shared';
import { formatDateTime, formatDuration } from '../lib/format-time';
import { useCall } from '../lib/use-call';
import { ConfigDiffList, isEmptyDiff } from './config-diff-list';

const OUTCOME_LABELS: Record<PushLogEntry['outcome'], string> = {
  success: 'Success',
  unreachable: 'Unreachable',
  timeout: 'Timed out',
  server_error: 'Bridge error',
  rejected: 'Rejected',
  storage: 'Not saved',
};

const TRIGGER_LABELS: Record<PushTrigger, string> = {
  auto: 'Automatic',
  manual: 'Push button',
  retry: 'Retry',
  startup: 'At start-up',
};

export const HISTORY_COLUMNS = 7;

const attemptsWord = (n: number) => `${n} attempt${n === 1 ? '' : 's'}`;

function outcomeText(entry: { outcome: PushLogEntry['outcome']; status: number | null }): string {
  return `${OUTCOME_LABELS[entry.outcome]}${entry.status ? ` (${entry.status})` : ''}`;
}

/** One push of the history: a row, and when opened its attempts and what it changed. */
export function PushHistoryRow(props: {
  entry: PushHistoryEntry;
  history: readonly PushHistoryEntry[];
  expanded: boolean;
  onToggle(): void;
}) {
  const { entry, history, expanded, onToggle } = props;
  const detailId = `push-detail-${entry.id}`;
  return (
    <Fragment>
      <tr className={expanded ? 'row-expanded' : undefined}>
        <td>
          <WrappableDateTime iso={entry.startedAt} />
        </td>
        <td>{TRIGGER_LABELS[entry.trigger]}</td>
        <td className="cell-number">{entry.revision}</td>
        <td className="nowrap">{attemptsWord(entry.attempts.length)}</td>
        <td>
          <span className={`pill ${entry.outcome === 'success' ? 'pill-ok' : 'pill-bad'}`}>
            {outcomeText(entry)}
          </span>
        </td>
        <td className="cell-message">{entry.message ?? ''}</td>
        <td className="nowrap">
          <button
            type="button"
            className="button button-small"
            aria-expanded={expanded}
            aria-controls={expanded ? detailId : undefined}
            onClick={onToggle}
          >
            Details
          </button>
        </td>
      </tr>
      {expanded ? (
        <tr className="detail-row" id={detailId}>
          <td colSpan={HISTORY_COLUMNS}>
            <AttemptList entry={entry} />
            <PushDetailView entry={entry} history={history} />
          </td>
        </tr>
      ) : null}
    </Fragment>
  );
}

/** Date and time, each kept whole, so a narrow table puts the time under the date and the message keeps room. */
function WrappableDateTime({ iso }: { iso: string }) {
  const [date, time] = formatDateTime(iso).split(' ');
  return (
    <>
      <span className="nowrap">{date}</span> <span className="nowrap">{time}</span>
    </>
  );
}

/** Each POST of the push: when, how it ended, its quick retries (requests) and how long it took. */
function AttemptList({ entry }: { entry: PushHistoryEntry }) {
  return (
    <ol className="attempt-list" aria-label={`Attempts of revision ${entry.revision}`}>
      {entry.attempts.map((attempt, index) => (
        <li key={attempt.id}>
          Attempt {index + 1} at {formatDateTime(attempt.startedAt)}: {outcomeText(attempt)},{' '}
          {attempt.attempts} request{attempt.attempts === 1 ? '' : 's'} in{' '}
          {formatDuration(attempt.durationMs)}
          {attempt.message ? <span className="cell-message"> — {attempt.message}</span> : null}
        </li>
      ))}
    </ol>
  );
}

/** What one push changed against the push before it whose payload is kept (sync.pushDetail). */
function PushDetailView({
  entry,
  history,
}: {
  entry: PushHistoryEntry;
  history: readonly PushHistoryEntry[];
}) {
  const result = useCall('sync.pushDetail', { id: entry.id });
  const ref = useRef<HTMLDivElement>(null);

  // Once loaded, the opened detail is brought into view (it may open below the fold of a long log).
  useEffect(() => {
    if (result) ref.current?.scrollIntoView?.({ block: 'nearest' });
  }, [result]);

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
  const previous =
    previousId === null ? undefined : history.find((e) => e.attempts.some((a) => a.id === previousId));
  const against =
    previousId === null
      ? 'The first push whose payload is kept: every device it sent counts as added.'
      : previous
        ? `Against the push before it: revision ${previous.revision} at ${formatDateTime(previous.startedAt)}.`
        : `Against the push before it (log entry ${previousId}).`;
  return (
    <div ref={ref}>
      <p className="muted">{against}</p>
      {isEmptyDiff(diff) ? (
        <p className="empty-note">Nothing changed: it sent the same devices as the push before it.</p>
      ) : (
        <ConfigDiffList diff={diff} label={label} />
      )}
    </div>
  );
}
