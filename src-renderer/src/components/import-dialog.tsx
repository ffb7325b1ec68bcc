import { type ChangeEvent, useRef, useState } from 'react';
import {
  type FieldErrors,
  IMPORT_MAX_CHARS,
  type ImportAction,
  type ImportReport,
  type ImportRow,
} from '../../../src-shared';
import { errorSentence, FIELD_LABELS, fieldForPath } from '../lib/device-form';
import { useStores } from '../stores/stores-context';
import { devicesWord } from './bulk-bar';
import { type Choice, ChoiceGroup } from './choice-group';
import { Field } from './form-field';
import { Modal } from './modal';

type Mode = 'merge' | 'replace';

const MODES: Array<Choice<Mode>> = [
  {
    value: 'merge',
    label: 'Add new and update existing',
    hint: 'Devices are matched by device ID; devices not in the file stay as they are.',
  },
  {
    value: 'replace',
    label: 'Replace all devices',
    hint: 'The file becomes the whole list: devices not in the file are deleted.',
  },
];

/** Preview rows drawn at most; a 10,000-row file stays quick to show. */
export const PREVIEW_ROWS = 200;

const ACTION_LABELS: Record<ImportAction, string> = {
  create: 'Create',
  update: 'Update',
  unchanged: 'Unchanged',
  delete: 'Delete',
  refuse: 'Refused',
};

type Check =
  | { state: 'idle' }
  | { state: 'checking' }
  | { state: 'failed'; message: string }
  | { state: 'ready'; report: ImportReport };

/** A field path as the editor labels it (`strategyConfig.workingThresholdW` → `Working threshold (W)`). */
function fieldLabel(path: string): string {
  const field = fieldForPath(path);
  return field ? FIELD_LABELS[field] : path;
}

function fieldErrorLines(fieldErrors: FieldErrors): string[] {
  // Each line names its field: "Device ID must be …", or "Device ID: use lowercase letters …".
  return Object.entries(fieldErrors).map(([path, why]) => {
    if (path === '_') return `Row ${why}`;
    const label = fieldLabel(path);
    return /^(is|must|are) /.test(why) ? errorSentence(label, why) : `${label}: ${why}`;
  });
}

/**
 * Imports a JSON or CSV file: every choice (file, mode) first runs a dry run whose preview says what would be
 * created, updated, left alone, deleted and refused; the import itself runs only when no row is refused, as
 * one transaction in main.
 */
export function ImportDialog({ onClose }: { onClose(): void }) {
  const { api, notifications, devices } = useStores();
  const [file, setFile] = useState<{ name: string; content: string } | null>(null);
  const [mode, setMode] = useState<Mode>('merge');
  const [check, setCheck] = useState<Check>({ state: 'idle' });
  const [importing, setImporting] = useState(false);
  const [importError, setImportError] = useState<string | null>(null);
  const [fileError, setFileError] = useState<string | null>(null);
  // Only the answer to the latest dry run counts (a quick change of file or mode makes older ones stale).
  const latest = useRef(0);

  async function dryRun(next: { name: string; content: string }, nextMode: Mode) {
    const ticket = ++latest.current;
    setCheck({ state: 'checking' });
    setImportError(null);
    const result = await api.invoke('devices.import', {
      content: next.content,
      format: 'auto',
      mode: nextMode,
      dryRun: true,
    });
    if (ticket !== latest.current) return;
    setCheck(
      result.ok
        ? { state: 'ready', report: result.value }
        : { state: 'failed', message: `Could not read “${next.name}”: ${result.error.message}` },
    );
  }

  async function chooseFile(event: ChangeEvent<HTMLInputElement>) {
    const chosen = event.target.files?.[0];
    setFileError(null);
    latest.current++;
    setCheck({ state: 'idle' });
    setFile(null);
    if (!chosen) return;
    // A byte count above four times the limit cannot fit, whatever the characters: refuse before reading it.
    const limitText = `${IMPORT_MAX_CHARS / 1_000_000} MB`;
    if (chosen.size > IMPORT_MAX_CHARS * 4) {
      setFileError(`“${chosen.name}” is larger than ${limitText}: split it into smaller files.`);
      return;
    }
    const content = await chosen.text();
    if (content.length > IMPORT_MAX_CHARS) {
      setFileError(`“${chosen.name}” is larger than ${limitText}: split it into smaller files.`);
      return;
    }
    if (content.trim() === '') {
      setFileError(`“${chosen.name}” is empty: choose a file with devices.`);
      return;
    }
    const next = { name: chosen.name, content };
    setFile(next);
    await dryRun(next, mode);
  }

  function chooseMode(next: Mode) {
    setMode(next);
    if (file) void dryRun(file, next);
  }

  async function runImport() {
    if (!file || check.state !== 'ready') return;
    setImporting(true);
    setImportError(null);
    const result = await api.invoke('devices.import', {
      content: file.content,
      format: 'auto',
      mode,
      dryRun: false,
    });
    setImporting(false);
    if (!result.ok) {
      setImportError(`Nothing was imported: ${result.error.message}`);
      notifications.getState().show({
        tone: 'error',
        title: 'Import failed',
        message: `${file.name}: ${result.error.message}`,
      });
      return;
    }
    const report = result.value;
    if (!report.applied) {
      // The stored devices changed since the preview and now some row is refused: show the new preview.
      setCheck({ state: 'ready', report });
      setImportError(
        `Nothing was imported: ${report.counts.refuse.toLocaleString()} row${report.counts.refuse === 1 ? '' : 's'} ${report.counts.refuse === 1 ? 'is' : 'are'} refused now (the devices changed since the preview).`,
      );
      return;
    }
    notifications.getState().show({
      tone: 'success',
      title: `Imported ${devicesWord(fileRows(report))} from ${file.name}`,
      message: summary(report, false),
    });
    void devices.getState().refresh();
    onClose();
  }

  const report = check.state === 'ready' ? check.report : null;
  const n = report ? fileRows(report) : 0;
  const refused = report ? report.counts.refuse : 0;
  const nothingToDo =
    report !== null && report.counts.create + report.counts.update + report.counts.delete === 0;
  const canImport = report !== null && refused === 0 && !nothingToDo && !importing;

  return (
    <Modal title="Import devices" onCancel={onClose} size="wide">
      <div className="import-form">
        <Field
          label="File"
          error={fileError ?? undefined}
          hint="JSON or CSV: the app's own export, or a CSV exported from the Odoo mqtt.device list. The format is recognised from the content."
        >
          {(p) => (
            <input
              {...p}
              type="file"
              className="file-input"
              accept=".json,.csv,application/json,text/csv"
              onChange={(e) => void chooseFile(e)}
            />
          )}
        </Field>
        <ChoiceGroup<Mode>
          legend="Mode"
          choices={MODES}
          value={mode}
          onChange={chooseMode}
          disabled={importing}
        />
      </div>
      <div className="dialog-scroll import-preview" aria-live="polite" aria-busy={check.state === 'checking'}>
        {check.state === 'idle' ? (
          <p className="muted">
            Choose a file: a preview shows what would change before anything is written.
          </p>
        ) : check.state === 'checking' ? (
          <p className="muted">Checking {file?.name}…</p>
        ) : check.state === 'failed' ? (
          <p className="form-error" role="alert">
            {check.message}
          </p>
        ) : (
          <ImportPreview report={check.report} />
        )}
      </div>
      {refused > 0 ? (
        <p className="form-error" role="alert">
          {refused.toLocaleString()} row{refused === 1 ? ' is' : 's are'} refused. Nothing will be written
          until the refused rows are fixed in the file; then choose it again.
        </p>
      ) : nothingToDo ? (
        <p className="muted">Nothing to change: every device in the file is already stored as it is.</p>
      ) : null}
      {importError ? (
        <p className="form-error" role="alert">
          {importError}
        </p>
      ) : null}
      <div className="modal-actions">
        <button type="button" className="button" onClick={onClose}>
          Cancel
        </button>
        <button
          type="button"
          className="button button-primary"
          disabled={!canImport}
          onClick={() => void runImport()}
        >
          {importing ? 'Importing…' : report ? `Import ${devicesWord(n)}` : 'Import'}
        </button>
      </div>
    </Modal>
  );
}

/** The devices the file names (deletions of devices it does not name are not rows of the file). */
/** The file's rows that can be imported (refused ones are not counted: they would not be written). */
function fileRows(report: ImportReport): number {
  const { create, update, unchanged } = report.counts;
  return create + update + unchanged;
}

function summary(report: ImportReport, future: boolean): string {
  const c = report.counts;
  const parts = [
    c.create > 0 ? `${c.create.toLocaleString()} ${future ? 'to create' : 'created'}` : '',
    c.update > 0 ? `${c.update.toLocaleString()} ${future ? 'to update' : 'updated'}` : '',
    c.unchanged > 0 ? `${c.unchanged.toLocaleString()} unchanged` : '',
    c.delete > 0 ? `${c.delete.toLocaleString()} ${future ? 'to delete' : 'deleted'}` : '',
  ].filter(Boolean);
  return parts.length > 0 ? `${parts.join(', ')}.` : 'No devices.';
}

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
          <span>{row.changes.map(fieldLabel).join(', ')}</span>
        ) : row.action === 'delete' ? (
          <span className="muted">not in the file</span>
        ) : null}
      </td>
    </tr>
  );
}
