import type { Device } from '../../../src-shared';
import { useStores } from '../stores/stores-context';
import { ConfirmDelete } from './confirm-delete';

/** Asks before deleting, naming the device. */
export function DeleteDialog({ device, onClose }: { device: Device; onClose(): void }) {
  const { devices } = useStores();

  async function remove(): Promise<string | null> {
    const result = await devices.getState().remove(device.id);
    return result.ok ? null : result.error.message;
  }

  return (
    <ConfirmDelete title="Delete device?" onConfirm={remove} onClose={onClose}>
      Delete <strong>{device.name}</strong> (<code>{device.deviceId}</code>)?
      {device.active ? ' The bridge stops watching it with the next push.' : ''} This cannot be undone.
    </ConfirmDelete>
  );
}
