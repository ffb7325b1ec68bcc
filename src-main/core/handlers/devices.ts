import type { DeviceStore } from '../device-store';
import type { DomainHandlers } from './handler-types';

/** The device list: read, create, edit, delete, bulk actions (src-main/core/device-store.ts). */
export function deviceHandlers(
  store: DeviceStore,
): Omit<DomainHandlers<'devices'>, 'devices.export' | 'devices.import'> {
  return {
    'devices.list': () => store.listInSlices(),
    'devices.get': ({ id }) => store.get(id),
    // Each single write waits (without blocking) while a large write commits off the host's thread.
    'devices.create': async (input) => {
      await store.writable();
      return store.create(input);
    },
    'devices.update': async ({ id, patch, baseUpdatedAt }) => {
      await store.writable();
      return store.update(id, patch, baseUpdatedAt);
    },
    'devices.delete': async ({ id }) => {
      await store.writable();
      return store.delete(id);
    },
    'devices.bulk': ({ ids, action }) => store.bulk(ids, action),
  };
}
