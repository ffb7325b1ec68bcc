import type { DeviceStore } from '../device-store';
import type { DomainHandlers } from './handler-types';

/** The device list: read, create, edit, delete, bulk actions (src-main/core/device-store.ts). */
export function deviceHandlers(
  store: DeviceStore,
): Omit<DomainHandlers<'devices'>, 'devices.export' | 'devices.import'> {
  return {
    'devices.list': () => store.listInSlices(),
    'devices.get': ({ id }) => store.get(id),
    'devices.create': (input) => store.create(input),
    'devices.update': ({ id, patch, baseUpdatedAt }) => store.update(id, patch, baseUpdatedAt),
    'devices.delete': ({ id }) => store.delete(id),
    'devices.bulk': ({ ids, action }) => store.bulk(ids, action),
  };
}
