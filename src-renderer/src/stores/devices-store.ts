import { createStore } from 'zustand/vanilla';
import type { Device, DeviceCreateInput, DevicePatch, Result, WorkshopApi } from '../../../src-shared';
import type { DeviceSort, SortKey } from '../lib/device-query';

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
  update(id: number, patch: DevicePatch): Promise<Result<Device>>;
  remove(id: number): Promise<Result<{ id: number }>>;
  setActive(id: number, active: boolean): Promise<Result<Device>>;
}

export type DevicesStore = ReturnType<typeof createDevicesStore>;

export function createDevicesStore(api: WorkshopApi) {
  // Refreshes coalesce: a burst of devices.changed events costs one list call in flight and at most one more.
  let inFlight: Promise<void> | null = null;
  let again = false;

  return createStore<DevicesState>()((set, get) => {
    async function load() {
      const result = await api.invoke('devices.list', null);
      if (result.ok) set({ devices: result.value, loaded: true, loadError: null });
      else set({ loadError: result.error.message });
    }

    async function withBusy<T>(id: number, run: () => Promise<Result<T>>): Promise<Result<T>> {
      set({ busyIds: new Set(get().busyIds).add(id) });
      try {
        const result = await run();
        if (result.ok) await get().refresh();
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
        if (result.ok) await get().refresh();
        return result;
      },
      update: (id, patch) => withBusy(id, () => api.invoke('devices.update', { id, patch })),
      remove: (id) => withBusy(id, () => api.invoke('devices.delete', { id })),
      setActive: (id, active) => withBusy(id, () => api.invoke('devices.update', { id, patch: { active } })),
    };
  });
}
