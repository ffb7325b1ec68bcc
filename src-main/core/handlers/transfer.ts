import type { DeviceStore } from '../device-store';
import { importDevices } from '../import-devices';
import { exportDevices } from '../import-export';
import type { Clock } from '../ports';
import type { Handlers } from './handler-types';

/** Devices in and out as files: JSON, CSV and the Odoo export (src-main/core/import-export.ts). */
export function transferHandlers(
  store: DeviceStore,
  clock: Clock,
): Pick<Handlers, 'devices.export' | 'devices.import'> {
  return {
    'devices.export': async ({ format }) =>
      exportDevices(await store.listInSlices(), format, new Date(clock.now())),
    'devices.import': (input) => importDevices(store, input),
  };
}
