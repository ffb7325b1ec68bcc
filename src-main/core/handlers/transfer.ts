import type { DeviceStore } from '../device-store';
import { exportDevices, importDevices } from '../import-export';
import type { Clock } from '../ports';
import type { Handlers } from './handler-types';

/** Devices in and out as files: JSON, CSV and the Odoo export (src-main/core/import-export.ts). */
export function transferHandlers(
  store: DeviceStore,
  clock: Clock,
): Pick<Handlers, 'devices.export' | 'devices.import'> {
  return {
    'devices.export': ({ format }) => exportDevices(store.list(), format, new Date(clock.now())),
    'devices.import': (input) => importDevices(store, input),
  };
}
