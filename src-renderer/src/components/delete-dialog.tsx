import { useId, useRef, useState } from 'react';
import type { Device } from '../../../src-shared';
import { useStores } from '../stores/stores-context';
import { Modal } from './modal';

/** Asks before deleting, naming the device; focus starts on Cancel so a stray Enter deletes nothing. */
export function DeleteDialog({ device, onClose }: { device: Device; onClose(): void }) {
  const { devices } = useStores();
  const [deleting, setDeleting] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const cancelRef = useRef<HTMLButtonElement>(null);
  const textId = useId();

  async function confirm() {
    setDeleting(true);
    const result = await devices.getState().remove(device.id);
    setDeleting(false);
    if (result.ok) onClose();
    else setError(result.error.message);
  }

  return (
    <Modal
      title="Delete device?"
      role="alertdialog"
      describedBy={textId}
      onCancel={onClose}
      initialFocus={cancelRef}
      fallbackFocusId="device-search"
    >
      <p id={textId}>
        Delete <strong>{device.name}</strong> (<code>{device.deviceId}</code>)?
        {device.active ? ' The bridge stops watching it with the next push.' : ''} This cannot be undone.
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
        <button type="button" className="button button-danger" onClick={confirm} disabled={deleting}>
          Delete
        </button>
      </div>
    </Modal>
  );
}
