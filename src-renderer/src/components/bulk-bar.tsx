import { useShallow } from 'zustand/react/shallow';
import type { BulkAction } from '../stores/devices-store';
import { useDevices, useStores } from '../stores/stores-context';

export interface BulkBarProps {
  /** The rows the search shows, to say how many selected ones it hides. */
  shownIds: readonly number[];
  onSetValues(): void;
  onDelete(): void;
}

export const devicesWord = (n: number) => `${n.toLocaleString()} device${n === 1 ? '' : 's'}`;

/** What to do with the selected devices: one call, one transaction, one push. Shown while ≥ 1 is selected. */
export function BulkBar({ shownIds, onSetValues, onDelete }: BulkBarProps) {
  const { devices: store, notifications } = useStores();
  const { selected, busy } = useDevices(
    useShallow((s) => ({ selected: s.selection.selected, busy: s.bulkBusy })),
  );
  const shownSelected = shownIds.filter((id) => selected.has(id)).length;
  const hidden = selected.size - shownSelected;

  async function setActive(kind: Extract<BulkAction['kind'], 'activate' | 'deactivate'>) {
    const n = selected.size;
    const result = await store.getState().bulk({ kind });
    const verb = kind === 'activate' ? 'Activated' : 'Deactivated';
    if (result.ok) {
      const same = n - result.value.changed;
      notifications.getState().show({
        tone: 'success',
        title: `${verb} ${devicesWord(result.value.changed)}`,
        message:
          same > 0
            ? `${devicesWord(same)} ${same === 1 ? 'was' : 'were'} already ${kind === 'activate' ? 'active' : 'inactive'}.`
            : `All ${n.toLocaleString()} selected changed in one step.`,
      });
    } else {
      notifications.getState().show({
        tone: 'error',
        title: `Could not ${kind} ${devicesWord(n)}`,
        message: result.error.message,
      });
    }
  }

  return (
    <section className="bulk-bar" aria-label="Bulk actions">
      <p className="bulk-count" aria-live="polite">
        <strong>{selected.size.toLocaleString()} selected</strong>
        {hidden > 0 ? <span className="muted"> ({hidden.toLocaleString()} hidden by the search)</span> : null}
      </p>
      <div className="bulk-actions">
        <button type="button" className="button" disabled={busy} onClick={() => void setActive('activate')}>
          Activate
        </button>
        <button type="button" className="button" disabled={busy} onClick={() => void setActive('deactivate')}>
          Deactivate
        </button>
        <button type="button" className="button" disabled={busy} onClick={onSetValues}>
          Set values…
        </button>
        <button type="button" className="button button-quiet-danger" disabled={busy} onClick={onDelete}>
          Delete selected
        </button>
        <button
          type="button"
          className="button button-ghost"
          disabled={busy}
          onClick={() => store.getState().clearSelection()}
        >
          Clear selection
        </button>
      </div>
    </section>
  );
}
