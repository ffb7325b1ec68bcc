import { useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { useDevices, useStores } from '../stores/stores-context';
import { devicesWord } from './bulk-bar';
import { ConfirmDelete } from './confirm-delete';

const NAMES_SHOWN = 5;

/** One confirmation naming the count (and the first few names). */
export function BulkDeleteDialog({ onClose }: { onClose(): void }) {
  const { devices: store, notifications } = useStores();
  const { selected, devices } = useDevices(
    useShallow((s) => ({ selected: s.selection.selected, devices: s.devices })),
  );
  const [count] = useState(selected.size);
  const chosen = devices.filter((d) => selected.has(d.id));
  const named = chosen.slice(0, NAMES_SHOWN);
  const more = chosen.length - named.length;
  const active = chosen.filter((d) => d.active).length;

  async function remove(): Promise<string | null> {
    const result = await store.getState().bulk({ kind: 'delete' });
    if (!result.ok) return result.error.message;
    notifications.getState().show({
      tone: 'success',
      title: `Deleted ${devicesWord(result.value.deleted)}`,
      message:
        active > 0
          ? `The bridge stops watching the ${active.toLocaleString()} active one${active === 1 ? '' : 's'} with the next push.`
          : 'None of them was active, so the bridge config does not change.',
    });
    return null;
  }

  return (
    <ConfirmDelete
      title={`Delete ${devicesWord(count)}?`}
      onConfirm={remove}
      onClose={onClose}
      canConfirm={selected.size > 0}
    >
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
    </ConfirmDelete>
  );
}
