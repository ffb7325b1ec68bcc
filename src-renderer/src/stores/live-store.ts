import { createStore } from 'zustand/vanilla';
import type { BrokerStatus, LiveDevice, LiveOverviewUpdate, WorkshopApi } from '../../../src-shared';

export interface LiveState {
  broker: BrokerStatus | null;
  /** Live rows by store id. */
  rows: ReadonlyMap<number, LiveDevice>;
  loadError: string | null;
  /** The renderer's clock for "2 s ago", ticking once a second while a broker is set. */
  now: number;
  load(): Promise<void>;
  receiveBroker(status: BrokerStatus): void;
  receiveUpdate(update: LiveOverviewUpdate): void;
  tick(now: number): void;
}

export type LiveStore = ReturnType<typeof createLiveStore>;

/** The live view's broker status and per-device rows, kept current by main's coalesced live events. */
export function createLiveStore(api: WorkshopApi, now: () => number = Date.now) {
  return createStore<LiveState>()((set, get) => ({
    broker: null,
    rows: new Map(),
    loadError: null,
    now: now(),
    async load() {
      const result = await api.invoke('live.overview', null);
      if (!result.ok) {
        set({ loadError: result.error.message });
        return;
      }
      set({
        broker: result.value.broker,
        rows: new Map(result.value.devices.map((d) => [d.id, d])),
        loadError: null,
        now: now(),
      });
    },
    receiveBroker: (broker) => set({ broker }),
    receiveUpdate(update) {
      const rows = new Map(get().rows);
      for (const id of update.removed) rows.delete(id);
      for (const row of update.devices) rows.set(row.id, row);
      set({ rows });
    },
    tick: (at) => set({ now: at }),
  }));
}
