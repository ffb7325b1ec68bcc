import { useId, useRef, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { useDevices, useStores } from '../stores/stores-context';
import { devicesWord } from './bulk-bar';
import { Modal } from './modal';

const NAMES_SHOWN = 5;

/** One confirmation naming the count (and the first few names); focus starts on Cancel. */
export function BulkDeleteDialog({ onClose }: { onClose(): void }) {
  const { devices: store, notifications } = useStores();
  const { selected, devices } = useDevices(
    useShallow((s) => ({ selected: s.selection.selected, devices: s.devices })),
  );
  const [count] = useState(selected.size);
  const [error, setError] = useState<string | null>(null);
  const [deleting, setDeleting] = useState(false);
  const cancelRef = useRef<HTMLButtonElement>(null);
  const textId = useId();
  const chosen = devices.filter((d) => selected.has(d.id));
  const named = chosen.slice(0, NAMES_SHOWN);
  const more = chosen.length - named.length;
  const active = chosen.filter((d) => d.active).length;

  async function confirm() {
    setDeleting(true);
    const result = await store.getState().bulk({ kind: 'delete' });
    setDeleting(false);
    if (!result.ok) {
      setError(result.error.message);
      return;
    }
    notifications.getState().show({
      tone: 'success',
      title: `Deleted ${devicesWord(result.value.deleted)}`,
      message:
        active > 0
          ? `The bridge stops watching the ${active.toLocaleString()} active one${active === 1 ? '' : 's'} with the next push.`
          : 'None of them was active, so the bridge config does not change.',
    });
    onClose();
  }

  return (
    <Modal
      title={`Delete ${devicesWord(count)}?`}
      role="alertdialog"
      describedBy={textId}
      onCancel={onClose}
      initialFocus={cancelRef}
      fallbackFocusId="device-search"
    >
      <p id={textId}>
        Delete{' '}
        {named.map((d, i) => (
          <span key={d.id}>
            {i > 0 ? ', ' : ''}
            <strong>{d.name}</strong>
          </span>
        ))}
        {more > 0 ? ` and ${more.toLocaleString()} more` : ''}?
        {active > 0
          ? ` ${active.toLocaleString()} of them ${active === 1 ? 'is' : 'are'} active: the bridge stops watching ${active === 1 ? 'it' : 'them'}.`
          : ''}{' '}
        This cannot be undone.
      </p>
      {error ? (
        <div className="form-error" role="alert">
          {error}
        </div>
      ) : null}
      <div className="modal-actions">
        <button ref={cancelRef} type="button" className="button" onClick={onClose}>
          Cancel
        </button>
        <button
          type="button"
          className="button button-danger"
          onClick={confirm}
          disabled={deleting || selected.size === 0}
        >
          Delete
        </button>
      </div>
    </Modal>
  );
}
