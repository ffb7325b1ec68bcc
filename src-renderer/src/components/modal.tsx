/**
 * An accessible modal: focus moves in on open (to `initialFocus` or the first field), Tab stays inside,
 * Escape cancels, and focus returns to the opener on close (or to `fallbackFocusId` when the opener is gone,
 * e.g. the row of a deleted device). A hand-made dialog because jsdom has no showModal(), and the same code
 * must behave alike in the tests and the app.
 */
import { type ReactNode, type RefObject, useEffect, useId, useRef } from 'react';

const FOCUSABLE =
  'a[href], button:not([disabled]), input:not([disabled]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])';

export interface ModalProps {
  title: string;
  onCancel(): void;
  children: ReactNode;
  initialFocus?: RefObject<HTMLElement | null>;
  fallbackFocusId?: string;
  size?: 'narrow' | 'wide';
  /** `alertdialog` for confirmations. */
  role?: 'dialog' | 'alertdialog';
  describedBy?: string;
}

export function Modal({
  title,
  onCancel,
  children,
  initialFocus,
  fallbackFocusId,
  size = 'narrow',
  role = 'dialog',
  describedBy,
}: ModalProps) {
  const titleId = useId();
  const ref = useRef<HTMLDivElement>(null);
  const cancelRef = useRef(onCancel);
  cancelRef.current = onCancel;

  useEffect(() => {
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    const first = initialFocus?.current ?? ref.current?.querySelector<HTMLElement>(FOCUSABLE);
    (first ?? ref.current)?.focus();
    return () => {
      const target =
        opener?.isConnected && opener !== document.body
          ? opener
          : fallbackFocusId
            ? document.getElementById(fallbackFocusId)
            : null;
      // After React has removed the dialog, so the opener is focusable again (no longer inert).
      queueMicrotask(() => target?.focus());
    };
  }, [initialFocus, fallbackFocusId]);

  function onKeyDown(event: React.KeyboardEvent<HTMLDivElement>) {
    if (event.key === 'Escape') {
      event.stopPropagation();
      event.preventDefault();
      cancelRef.current();
      return;
    }
    if (event.key !== 'Tab' || !ref.current) return;
    const items = [...ref.current.querySelectorAll<HTMLElement>(FOCUSABLE)];
    const first = items[0];
    const last = items.at(-1);
    if (!first || !last) return;
    if (event.shiftKey && document.activeElement === first) {
      event.preventDefault();
      last.focus();
    } else if (!event.shiftKey && document.activeElement === last) {
      event.preventDefault();
      first.focus();
    }
  }

  return (
    <div className="modal-backdrop">
      {/* biome-ignore lint/a11y/noStaticElementInteractions: role is dialog or alertdialog (a prop); Tab and Escape belong to the dialog as a whole */}
      {/* biome-ignore lint/a11y/useAriaPropsSupportedByRole: same: aria-modal is right for both dialog roles */}
      <div
        ref={ref}
        className={`modal modal-${size}`}
        role={role}
        aria-modal="true"
        aria-labelledby={titleId}
        aria-describedby={describedBy}
        tabIndex={-1}
        onKeyDown={onKeyDown}
      >
        <h2 id={titleId} className="modal-title">
          {title}
        </h2>
        {children}
      </div>
    </div>
  );
}
