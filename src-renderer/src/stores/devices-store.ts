import { createStore } from 'zustand/vanilla';
import type {
  BulkInput,
  BulkResult,
  Device,
  DeviceCreateInput,
  DevicePatch,
  ExportFormat,
  ExportResult,
  ImportInput,
  ImportReport,
  Result,
  WorkshopApi,
} from '../../../src-shared';
import type { DeviceSort, SortKey } from '../lib/device-query';
import { clickRow, EMPTY_SELECTION, pruneSelection, type Selection, setShown } from '../lib/selection';

export type BulkAction = BulkInput['action'];

export interface DevicesState {
  devices: Device[];
  loaded: boolean;
  loadError: string | null;
  query: string;
  sort: DeviceSort;
  /** Devices with a write in flight (their inline toggle waits for main's answer). */
  busyIds: ReadonlySet<number>;
  refresh(): Promise<void>;
  setQuery(query: string): void;
  /** Sorts by the column; the same column again flips the direction. */
  toggleSort(key: SortKey): void;
  create(input: DeviceCreateInput): Promise<Result<Device>>;
  /** `baseUpdatedAt`: the version the edit began from; a device saved since is refused with `conflict`. */
  update(id: number, patch: DevicePatch, baseUpdatedAt?: string): Promise<Result<Device>>;
  remove(id: number): Promise<Result<{ id: number }>>;
  setActive(id: number, active: boolean): Promise<Result<Device>>;
  /** Rows ticked for bulk edit; kept across refreshes for the ids that still exist. */
  selection: Selection;
  /** A bulk action in flight (the bar's buttons wait for main's answer). */
  bulkBusy: boolean;
  /** A row's checkbox changed; `range` (shift-click) extends from the last row clicked over `shownIds`. */
  clickRow(shownIds: readonly number[], id: number, checked: boolean, range: boolean): void;
  setShownSelected(shownIds: readonly number[], checked: boolean): void;
  clearSelection(): void;
  /** Runs one action over every selected device in one transaction (one push). */
  bulk(action: BulkAction): Promise<Result<BulkResult>>;
  /** Checks (dryRun) or runs an import of a device file; the list follows through devices.changed. */
  importFile(input: ImportInput): Promise<Result<ImportReport>>;
  /** Every device as a JSON or CSV file. */
  exportFile(format: ExportFormat): Promise<Result<ExportResult>>;
  /** One device as main stores it now (the list may lag behind by one event). */
  fetchOne(id: number): Promise<Result<Device>>;
}

export type DevicesStore = ReturnType<typeof createDevicesStore>;

/**
 * The device list. It is fetched (devices.list) on start and on every devices.changed event, and only then:
 * main announces each committed change once, our own saves included, so a save here puts its answer into the
 * list at once and leaves the one list call to that event (ARCHITECTURE.md "One edit, from a click to the
 * bridge"). The web client replays a devices.changed after its event stream reconnects, so none is missed.
 */
export function createDevicesStore(api: WorkshopApi) {
  // Refreshes coalesce: a burst of devices.changed events costs one list call in flight and at most one more.
  let inFlight: Promise<void> | null = null;
  let again = false;

  return createStore<DevicesState>()((set, get) => {
    async function load() {
      const result = await api.invoke('devices.list', null);
      if (result.ok) {
        const ids = new Set(result.value.map((d) => d.id));
        set({
          devices: result.value,
          loaded: true,
          loadError: null,
          selection: pruneSelection(get().selection, ids),
        });
      } else set({ loadError: result.error.message });
    }

    /** Our own save's answer, shown before the devices.changed refresh arrives. */
    function putSaved(device: Device) {
      const { devices } = get();
      const at = devices.findIndex((d) => d.id === device.id);
      set({ devices: at < 0 ? [...devices, device] : devices.with(at, device) });
    }

    function dropDeleted(id: number) {
      const devices = get().devices.filter((d) => d.id !== id);
      set({ devices, selection: pruneSelection(get().selection, new Set(devices.map((d) => d.id))) });
    }

    async function withBusy<T>(
      id: number,
      run: () => Promise<Result<T>>,
      apply: (value: T) => void,
    ): Promise<Result<T>> {
      set({ busyIds: new Set(get().busyIds).add(id) });
      try {
        const result = await run();
        if (result.ok) apply(result.value);
        return result;
      } finally {
        const busyIds = new Set(get().busyIds);
        busyIds.delete(id);
        set({ busyIds });
      }
    }

    return {
      devices: [],
      loaded: false,
      loadError: null,
      query: '',
      sort: { key: 'name', direction: 'asc' },
      busyIds: new Set(),
      refresh() {
        if (inFlight) {
          again = true;
          return inFlight;
        }
        inFlight = (async () => {
          do {
            again = false;
            await load();
          } while (again);
          inFlight = null;
        })();
        return inFlight;
      },
      setQuery: (query) => set({ query }),
      toggleSort: (key) =>
        set(({ sort }) => ({
          sort: { key, direction: sort.key === key && sort.direction === 'asc' ? 'desc' : 'asc' },
        })),
      async create(input) {
        const result = await api.invoke('devices.create', input);
        if (result.ok) putSaved(result.value);
        return result;
      },
      update: (id, patch, baseUpdatedAt) =>
        withBusy(
          id,
          () => api.invoke('devices.update', baseUpdatedAt ? { id, patch, baseUpdatedAt } : { id, patch }),
          putSaved,
        ),
      remove: (id) =>
        withBusy(
          id,
          () => api.invoke('devices.delete', { id }),
          () => dropDeleted(id),
        ),
      setActive: (id, active) =>
        withBusy(id, () => api.invoke('devices.update', { id, patch: { active } }), putSaved),
      selection: EMPTY_SELECTION,
      bulkBusy: false,
      clickRow: (shownIds, id, checked, range) =>
        set({ selection: clickRow(get().selection, shownIds, id, checked, range) }),
      setShownSelected: (shownIds, checked) =>
        set({ selection: setShown(get().selection, shownIds, checked) }),
      clearSelection: () => set({ selection: EMPTY_SELECTION }),
      async bulk(action) {
        const ids = [...get().selection.selected];
        set({ bulkBusy: true });
        try {
          // The changed rows arrive with the devices.changed refresh that this transaction announces.
          return await api.invoke('devices.bulk', { ids, action });
        } finally {
          set({ bulkBusy: false });
        }
      },
      importFile: (input) => api.invoke('devices.import', input),
      exportFile: (format) => api.invoke('devices.export', { format }),
      fetchOne: (id) => api.invoke('devices.get', { id }),
    };
  });
}
