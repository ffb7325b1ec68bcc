import { useMemo } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { Device } from '../../../src-shared';
import { filterDevices, sortDevices } from '../lib/device-query';
import { useDevices, useStores } from '../stores/stores-context';
import { BulkBar } from './bulk-bar';
import { DeviceTable } from './device-table';
import { DiscoverButton } from './discover-button';

export interface DeviceListProps {
  onAdd(): void;
  /** Opens the Discover meters panel. */
  onDiscover(): void;
  onEdit(device: Device): void;
  onDelete(device: Device): void;
  onLive(device: Device): void;
  onImport(): void;
  onExport(): void;
  /** Opens the "Set values…" dialog for the selected devices. */
  onBulkSet(): void;
  /** Opens the confirmation for deleting the selected devices. */
  onBulkDelete(): void;
}

/** The main screen: search, count, Add device, and the table (or why it is empty). */
export function DeviceList({
  onAdd,
  onDiscover,
  onEdit,
  onDelete,
  onLive,
  onImport,
  onExport,
  onBulkSet,
  onBulkDelete,
}: DeviceListProps) {
  const { devices: store, notifications } = useStores();
  const { devices, loaded, loadError, query, sort, busyIds, selection } = useDevices(
    useShallow((s) => ({
      devices: s.devices,
      loaded: s.loaded,
      loadError: s.loadError,
      query: s.query,
      sort: s.sort,
      busyIds: s.busyIds,
      selection: s.selection,
    })),
  );
  const shown = useMemo(() => sortDevices(filterDevices(devices, query), sort), [devices, query, sort]);
  const shownIds = useMemo(() => shown.map((d) => d.id), [shown]);

  async function toggleActive(device: Device, active: boolean) {
    const result = await store.getState().setActive(device.id, active);
    if (!result.ok) {
      notifications.getState().show({
        tone: 'error',
        title: `Could not ${active ? 'activate' : 'deactivate'} ${device.name}`,
        message: result.error.message,
      });
    }
  }

  const count =
    shown.length === devices.length
      ? `${devices.length.toLocaleString()} device${devices.length === 1 ? '' : 's'}`
      : `${shown.length.toLocaleString()} of ${devices.length.toLocaleString()} devices`;

  return (
    <main className="device-list">
      <div className="toolbar">
        <input
          id="device-search"
          type="search"
          className="search"
          aria-label="Search devices"
          placeholder="Search name, ID or topic"
          value={query}
          onChange={(e) => store.getState().setQuery(e.target.value)}
        />
        <span className="count" aria-live="polite">
          {loaded ? count : ''}
        </span>
        <div className="toolbar-actions">
          <button type="button" className="button" onClick={onImport}>
            Import devices
          </button>
          <button type="button" className="button" onClick={onExport} disabled={!loaded}>
            Export devices
          </button>
          <DiscoverButton onDiscover={onDiscover} />
          <button type="button" className="button button-primary" onClick={onAdd}>
            Add device
          </button>
        </div>
      </div>
      {loadError && !loaded ? (
        <div className="notice notice-error" role="alert">
          <p>Could not load the devices: {loadError}</p>
          <button type="button" className="button" onClick={() => void store.getState().refresh()}>
            Try again
          </button>
        </div>
      ) : !loaded ? (
        <p className="notice muted">Loading devices…</p>
      ) : devices.length === 0 ? (
        <div className="notice empty-state">
          <h2>No devices yet</h2>
          <p>
            Press <strong>Add device</strong> to add the first machine. You need its name, a device ID such as{' '}
            <code>laser-01</code>, and the MQTT topic its power meter publishes on, such as{' '}
            <code>shellypmmini-laser/#</code>. To bring in many at once, press <strong>Import devices</strong>{' '}
            and choose a JSON or CSV file.
          </p>
        </div>
      ) : shown.length === 0 ? (
        <div className="notice empty-state">
          <p>No device matches “{query}”. Search looks at the name, the device ID and the topic.</p>
        </div>
      ) : (
        <DeviceTable
          devices={shown}
          sort={sort}
          busyIds={busyIds}
          onSort={(key) => store.getState().toggleSort(key)}
          onEdit={onEdit}
          onDelete={onDelete}
          onLive={onLive}
          onToggleActive={toggleActive}
          selected={selection.selected}
          onSelect={(device, checked, range) =>
            store.getState().clickRow(shownIds, device.id, checked, range)
          }
          onSelectShown={(checked) => store.getState().setShownSelected(shownIds, checked)}
        />
      )}
      {selection.selected.size > 0 ? (
        <BulkBar shownIds={shownIds} onSetValues={onBulkSet} onDelete={onBulkDelete} />
      ) : null}
    </main>
  );
}
