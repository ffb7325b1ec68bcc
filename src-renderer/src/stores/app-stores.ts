import { noticeWanted, type WorkshopApi } from '../../../src-shared';
import type { BrowserNotices } from '../lib/browser-notices';
import { createDevicesStore } from './devices-store';
import { createLiveStore } from './live-store';
import { createNotificationsStore, type ToastPresenter } from './notifications-store';
import { createSettingsStore } from './settings-store';
import { createSyncStore } from './sync-store';
import { createUnpushedStore } from './unpushed-store';

export type AppStores = ReturnType<typeof createAppStores>;

/** One store per concern, all fed through the one typed client. */
export function createAppStores(
  api: WorkshopApi,
  presenter: ToastPresenter,
  systemNotices: BrowserNotices | null = null,
) {
  const notifications = createNotificationsStore(presenter);
  return {
    api,
    systemNotices,
    devices: createDevicesStore(api),
    sync: createSyncStore(api, notifications),
    unpushed: createUnpushedStore(api),
    settings: createSettingsStore(api),
    notifications,
    live: createLiveStore(api),
  };
}

/** Subscribes the stores to main's events and loads the first state; returns the unsubscribe. */
export function connectStores(stores: AppStores): () => void {
  const { api } = stores;
  const offs = [
    api.on('devices.changed', () => {
      void stores.devices.getState().refresh();
      void stores.unpushed.getState().refresh();
    }),
    api.on('settings.changed', (settings) => stores.settings.getState().receive(settings)),
    api.on('sync.status', (status) => {
      stores.sync.getState().receiveStatus(status);
      stores.unpushed.getState().receiveStatus(status);
      stores.notifications.getState().syncStatus(status);
      // An open history follows new pushes as they are logged.
      if (stores.sync.getState().history) void stores.sync.getState().loadHistory();
    }),
    api.on('push.notice', (notice) => {
      const level = stores.settings.getState().settings?.notifications ?? 'errors';
      stores.notifications.getState().pushNotice(notice, level);
      const system = stores.systemNotices;
      if (
        system &&
        system.permission() === 'granted' &&
        system.inBackground() &&
        noticeWanted(notice.kind, level)
      ) {
        system.show(notice.title, notice.message);
      }
    }),
    api.on('broker.status', (status) => stores.live.getState().receiveBroker(status)),
    api.on('live.overview', (update) => stores.live.getState().receiveUpdate(update)),
  ];
  // "2 s ago" moves on by itself; the rows themselves change only with main's events.
  const ticker = setInterval(() => stores.live.getState().tick(Date.now()), 1000);
  void stores.live.getState().load();
  void stores.devices.getState().refresh();
  void stores.sync.getState().loadStatus();
  void stores.unpushed.getState().refresh();
  void stores.settings.getState().load();
  return () => {
    clearInterval(ticker);
    for (const off of offs) off();
  };
}
