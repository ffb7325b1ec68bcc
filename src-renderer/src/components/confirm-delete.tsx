import { type ReactNode, useId, useRef, useState } from 'react';
import { Modal } from './modal';

/**
 * The one way a deletion is confirmed: an alert dialog saying what goes, focus on Cancel so a stray Enter
 * deletes nothing, the Delete button waiting while main works, and main's refusal shown in the dialog.
 * `onConfirm` answers null when it is done (the dialog then closes) or the message to show.
 */
export function ConfirmDelete({
  title,
  children,
  onConfirm,
  onClose,
  canConfirm = true,
}: {
  title: string;
  /** The sentence that names what is deleted. */
  children: ReactNode;
  onConfirm(): Promise<string | null>;
  onClose(): void;
  canConfirm?: boolean;
}) {
  const [deleting, setDeleting] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const cancelRef = useRef<HTMLButtonElement>(null);
  const textId = useId();

  async function confirm() {
    setDeleting(true);
    const refused = await onConfirm();
    setDeleting(false);
    if (refused === null) onClose();
    else setError(refused);
  }

  return (
    <Modal
      title={title}
      role="alertdialog"
      describedBy={textId}
      onCancel={onClose}
      initialFocus={cancelRef}
      fallbackFocusId="device-search"
    >
      <p id={textId}>{children}</p>
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
          disabled={deleting || !canConfirm}
        >
          Delete
        </button>
      </div>
    </Modal>
  );
}
