import { createStore } from 'zustand/vanilla';
import type { PushHistoryEntry, SyncStatus, WorkshopApi } from '../../../src-shared';
import type { NotificationsStore } from './notifications-store';

export interface SyncStoreState {
  status: SyncStatus | null;
  statusError: string | null;
  /** A manual push asked for by this window and not yet answered. */
  manualPush: boolean;
  history: PushHistoryEntry[] | null;
  historyError: string | null;
  loadStatus(): Promise<void>;
  receiveStatus(status: SyncStatus): void;
  /** Pushes now; does nothing while a push runs (main would only join it anyway). */
  push(): Promise<void>;
  loadHistory(): Promise<void>;
  /** Forgets the history when its dialog closes, so status events stop refetching it. */
  closeHistory(): void;
}

export type SyncStore = ReturnType<typeof createSyncStore>;

export const HISTORY_LIMIT = 200;

export function createSyncStore(api: WorkshopApi, notifications: NotificationsStore) {
  return createStore<SyncStoreState>()((set, get) => ({
    status: null,
    statusError: null,
    manualPush: false,
    history: null,
    historyError: null,
    async loadStatus() {
      const result = await api.invoke('sync.status', null);
      if (result.ok) {
        set({ status: result.value, statusError: null });
        notifications.getState().syncStatus(result.value);
      } else set({ statusError: result.error.message });
    },
    receiveStatus: (status) => set({ status, statusError: null }),
    async push() {
      if (get().manualPush || get().status?.state === 'pushing') return;
      set({ manualPush: true });
      try {
        const result = await api.invoke('sync.push', null);
        notifications.getState().manualPushResult(result);
        await get().loadStatus();
      } finally {
        set({ manualPush: false });
      }
    },
    async loadHistory() {
      const result = await api.invoke('sync.history', { limit: HISTORY_LIMIT });
      if (result.ok) set({ history: result.value, historyError: null });
      else set({ historyError: result.error.message });
    },
    closeHistory: () => set({ history: null, historyError: null }),
  }));
}
