import { type ChangeEvent, useRef, useState } from 'react';
import { IMPORT_MAX_CHARS, type ImportReport } from '../../../src-shared';
import { fileRows, importButtonLabel, importSummary, sharedTopicLines } from '../lib/import-report';
import { useStores } from '../stores/stores-context';
import { devicesWord } from './bulk-bar';
import { type Choice, ChoiceGroup } from './choice-group';
import { Field } from './form-field';
import { ImportPreview } from './import-preview';
import { ImportSharedTopics } from './import-shared-topics';
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

type Check =
  | { state: 'idle' }
  | { state: 'checking' }
  | { state: 'failed'; message: string }
  | { state: 'ready'; report: ImportReport };

/**
 * Imports a JSON or CSV file: every choice (file, mode) first runs a dry run whose preview says what would be
 * created, updated, left alone, deleted and refused; the import itself runs only when no row is refused, as
 * one transaction in main.
 */
export function ImportDialog({ onClose }: { onClose(): void }) {
  const { notifications, devices } = useStores();
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
    const result = await devices.getState().importFile({
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
    const result = await devices.getState().importFile({
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
      message: [importSummary(report), ...sharedTopicLines(report)].join(' '),
    });
    // The list follows by itself: the import's commit sends devices.changed.
    onClose();
  }

  const report = check.state === 'ready' ? check.report : null;
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
          <>
            <ImportSharedTopics report={check.report} />
            <ImportPreview report={check.report} />
          </>
        )}
      </div>
      {refused > 0 ? (
        <p className="form-error" role="alert">
          {refused.toLocaleString()} row{refused === 1 ? ' is' : 's are'} refused. Nothing will be written
          until the refused rows are fixed in the file; then choose it again.
        </p>
      ) : nothingToDo ? (
        <p className="muted">Nothing to change: every device in the file is already stored as it is.</p>
      ) : report && report.counts.unchanged > 0 ? (
        <p className="muted">
          {report.counts.unchanged.toLocaleString()} of {fileRows(report).toLocaleString()} rows{' '}
          {report.counts.unchanged === 1 ? 'is' : 'are'} unchanged: stored exactly like this, left as they
          are.
        </p>
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
          {importing ? 'Importing…' : report ? importButtonLabel(report) : 'Import'}
        </button>
      </div>
    </Modal>
  );
}
