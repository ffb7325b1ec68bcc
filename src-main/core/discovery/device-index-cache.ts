import { type DeviceIndex, indexDevices } from '../../../src-shared';
import type { DeviceStore } from '../device-store';

/** The device list indexed for discovery's Add/Open match, rebuilt only after a committed change. */
export class DeviceIndexCache {
  private index: DeviceIndex | null = null;

  constructor(private readonly store: Pick<DeviceStore, 'list'>) {}

  get(): DeviceIndex {
    this.index ??= indexDevices(this.store.list());
    return this.index;
  }

  invalidate(): void {
    this.index = null;
  }
}
