import type { ImportAction, ImportReport, ImportRow } from '../../../src-shared';
import { fieldErrorLines, importChangeText } from '../lib/import-report';

/** Preview rows drawn at most; a 10,000-row file stays quick to show. */
export const PREVIEW_ROWS = 200;

const ACTION_LABELS: Record<ImportAction, string> = {
  create: 'Create',
  update: 'Update',
  unchanged: 'Unchanged',
  delete: 'Delete',
  refuse: 'Refused',
};

const COUNT_ORDER: Array<{ action: ImportAction; label: string }> = [
  { action: 'create', label: 'Created' },
  { action: 'update', label: 'Updated' },
  { action: 'unchanged', label: 'Unchanged' },
  { action: 'delete', label: 'Deleted' },
  { action: 'refuse', label: 'Refused' },
];

/** The dry run's counts, then its rows (refused ones first, at most PREVIEW_ROWS). */
export function ImportPreview({ report }: { report: ImportReport }) {
  const refused = report.rows.filter((r) => r.action === 'refuse');
  const ordered =
    refused.length > 0 ? [...refused, ...report.rows.filter((r) => r.action !== 'refuse')] : report.rows;
  const shown = ordered.slice(0, PREVIEW_ROWS);
  const more = ordered.length - shown.length;
  return (
    <>
      <p className="muted">
        Preview of a {report.format.toUpperCase()} file
        {report.mode === 'replace' ? ', replacing all devices' : ', adding new and updating existing devices'}
        : nothing is written yet.
      </p>
      <dl className="import-counts" aria-label="Import counts">
        {COUNT_ORDER.map(({ action, label }) => (
          <div
            key={action}
            className={`import-count count-${action}${report.counts[action] > 0 ? '' : ' is-zero'}`}
          >
            <dt>{label}</dt>
            <dd>{report.counts[action].toLocaleString()}</dd>
          </div>
        ))}
      </dl>
      {report.rows.length === 0 ? (
        <p className="empty-note">The file holds no devices.</p>
      ) : (
        <table className="data-table import-table" aria-label="Import preview">
          <colgroup>
            <col className="col-line" />
            <col className="col-device-id" />
            <col className="col-device-name" />
            <col className="col-action" />
            <col />
          </colgroup>
          <thead>
            <tr>
              <th scope="col">Line</th>
              <th scope="col">Device ID</th>
              <th scope="col">Name</th>
              <th scope="col">Action</th>
              <th scope="col">Changes or errors</th>
            </tr>
          </thead>
          <tbody>
            {shown.map((row) => (
              <PreviewRow key={row.line === null ? `delete-${row.deviceId}` : `line-${row.line}`} row={row} />
            ))}
          </tbody>
        </table>
      )}
      {more > 0 ? (
        <p className="muted">
          …and {more.toLocaleString()} more row{more === 1 ? '' : 's'} (the first {PREVIEW_ROWS} are shown
          {refused.length > 0 ? ', refused rows first' : ''}).
        </p>
      ) : null}
    </>
  );
}

function PreviewRow({ row }: { row: ImportRow }) {
  return (
    <tr className={row.action === 'refuse' ? 'row-refused' : undefined}>
      <td className="cell-number">{row.line ?? '—'}</td>
      <td>{row.deviceId ? <code>{row.deviceId}</code> : <span className="muted">(none)</span>}</td>
      <td>{row.name || <span className="muted">(none)</span>}</td>
      <td>
        <span className={`pill pill-${row.action}`}>{ACTION_LABELS[row.action]}</span>
      </td>
      <td>
        {row.fieldErrors ? (
          <ul className="row-errors">
            {fieldErrorLines(row.fieldErrors).map((line) => (
              <li key={line}>{line}</li>
            ))}
          </ul>
        ) : row.changes && row.changes.length > 0 ? (
          <ul className="field-changes">
            {row.changes.map((change) => (
              <li key={change.field}>{importChangeText(change)}</li>
            ))}
          </ul>
        ) : row.action === 'delete' ? (
          <span className="muted">not in the file</span>
        ) : row.action === 'unchanged' ? (
          <span className="muted">already stored like this</span>
        ) : row.action === 'create' ? (
          <span className="muted">new device</span>
        ) : null}
      </td>
    </tr>
  );
}
