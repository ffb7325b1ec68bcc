import { type FormEvent, useState } from 'react';
import type { ExportFormat } from '../../../src-shared';
import { MIME_TYPES, saveTextFile } from '../lib/save-text-file';
import { useStores } from '../stores/stores-context';
import { devicesWord } from './bulk-bar';
import { type Choice, ChoiceGroup } from './choice-group';
import { DialogActions } from './dialog-actions';
import { Modal } from './modal';

const FORMATS: Array<Choice<ExportFormat>> = [
  { value: 'json', label: 'JSON', hint: "The app's own format: imports back exactly." },
  { value: 'csv', label: 'CSV', hint: 'One row per device, a column per field: for spreadsheets.' },
];

/** Exports every device as JSON or CSV and saves it under the name main suggests. */
export function ExportDialog({ onClose }: { onClose(): void }) {
  const { devices, notifications } = useStores();
  const [format, setFormat] = useState<ExportFormat>('json');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    const result = await devices.getState().exportFile(format);
    setBusy(false);
    if (!result.ok) {
      setError(`Could not export the devices: ${result.error.message}`);
      return;
    }
    const { filename, content, count } = result.value;
    saveTextFile(filename, content, MIME_TYPES[result.value.format]);
    notifications.getState().show({
      tone: 'success',
      title: `Exported ${devicesWord(count)}`,
      message: `Saved as ${filename}.`,
    });
    onClose();
  }

  return (
    <Modal title="Export devices" onCancel={onClose}>
      <form className="editor" onSubmit={submit}>
        <ChoiceGroup<ExportFormat> legend="Format" choices={FORMATS} value={format} onChange={setFormat} />
        {error ? (
          <div className="form-error" role="alert">
            {error}
          </div>
        ) : null}
        <DialogActions onCancel={onClose} submitLabel="Save file" busy={busy} />
      </form>
    </Modal>
  );
}
