import { type ReactNode, useRef, useState } from 'react';
import { Modal } from './modal';

/**
 * Closing a dialog that holds typed changes asks first (Escape, Cancel and a click on the backdrop alike):
 * `requestClose` closes at once when nothing was typed, else it shows `confirm`, which the dialog renders
 * beside itself.
 */
export function useDiscardGuard(
  dirty: boolean,
  onClose: () => void,
): { requestClose(): void; confirm: ReactNode } {
  const [asking, setAsking] = useState(false);
  const keepRef = useRef<HTMLButtonElement>(null);
  const requestClose = () => (dirty ? setAsking(true) : onClose());
  const confirm = asking ? (
    <Modal
      title="Discard your changes?"
      role="alertdialog"
      onCancel={() => setAsking(false)}
      initialFocus={keepRef}
    >
      <p>What you typed has not been saved. Discarding throws it away.</p>
      <div className="modal-actions">
        <button ref={keepRef} type="button" className="button" onClick={() => setAsking(false)}>
          Keep editing
        </button>
        <button type="button" className="button button-danger" onClick={onClose}>
          Discard changes
        </button>
      </div>
    </Modal>
  ) : null;
  return { requestClose, confirm };
}
