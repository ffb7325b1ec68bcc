/**
 * An accessible modal: focus moves in on open (to `initialFocus` or the first field), Tab stays inside,
 * Escape cancels (wherever focus is, also after a click on the dimmed backdrop), a click on the backdrop
 * cancels too, and focus returns to the opener on close (or to `fallbackFocusId` when the opener is gone,
 * e.g. the row of a deleted device). A hand-made dialog because jsdom has no showModal(), and the same code
 * must behave alike in the tests and the app.
 *
 * Layers: the backdrop, then the toasts, then the dialog box (styles.css "Dialogs"), so a toast shows over the
 * dimmed page but never over a dialog's buttons, nor takes their clicks. Dialogs opened from a dialog stack
 * above it; only the topmost one answers Escape.
 */
import { type ReactNode, type RefObject, useEffect, useId, useRef, useState } from 'react';

const FOCUSABLE =
  'a[href], button:not([disabled]), input:not([disabled]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])';

/** The open dialogs, innermost last. */
const openStack: symbol[] = [];

export interface ModalProps {
  title: string;
  /** Escape, a click on the backdrop, or the dialog's own Cancel. */
  onCancel(): void;
  children: ReactNode;
  initialFocus?: RefObject<HTMLElement | null>;
  fallbackFocusId?: string;
  /** `split`: wide enough for a form in two columns (the device editor). */
  size?: 'narrow' | 'wide' | 'split' | 'full';
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
  const [depth] = useState(() => openStack.length);

  useEffect(() => {
    const token = Symbol('dialog');
    openStack.push(token);
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    const first = initialFocus?.current ?? ref.current?.querySelector<HTMLElement>(FOCUSABLE);
    (first ?? ref.current)?.focus();
    // On the document, so Escape works whatever has focus (after a click on the backdrop, focus is on body).
    const onEscape = (event: KeyboardEvent) => {
      if (event.key !== 'Escape' || openStack.at(-1) !== token || event.defaultPrevented) return;
      event.preventDefault();
      event.stopPropagation();
      cancelRef.current();
    };
    document.addEventListener('keydown', onEscape);
    return () => {
      document.removeEventListener('keydown', onEscape);
      openStack.splice(openStack.indexOf(token), 1);
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

  // Each level sits above the one that opened it: backdrop, toasts (styles.css), then the box.
  const base = 100 + depth * 100;
  return (
    <>
      <div
        className="modal-backdrop"
        data-testid="modal-backdrop"
        style={{ zIndex: base }}
        aria-hidden="true"
        onMouseDown={(event) => {
          // The mouse press would move focus to body: keep it in the dialog, then cancel as Escape does.
          event.preventDefault();
          ref.current?.focus();
          cancelRef.current();
        }}
      />
      <div className="modal-frame" style={{ zIndex: base + 60 }}>
        {/* biome-ignore lint/a11y/noStaticElementInteractions: role is dialog or alertdialog (a prop); Tab belongs to the dialog as a whole */}
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
    </>
  );
}
