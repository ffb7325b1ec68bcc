/** The foot of a form dialog: Cancel, and the submit button that is disabled (and busy) while main works. */
export function DialogActions({
  onCancel,
  submitLabel,
  busy,
  disabled = false,
}: {
  onCancel(): void;
  submitLabel: string;
  busy: boolean;
  disabled?: boolean;
}) {
  return (
    <div className="modal-actions">
      <button type="button" className="button" onClick={onCancel}>
        Cancel
      </button>
      <button type="submit" className="button button-primary" disabled={busy || disabled} aria-busy={busy}>
        {submitLabel}
      </button>
    </div>
  );
}

/** The foot of a dialog that only shows things: one Close button. */
export function CloseActions({ onClose }: { onClose(): void }) {
  return (
    <div className="modal-actions">
      <button type="button" className="button" onClick={onClose}>
        Close
      </button>
    </div>
  );
}
