import {
  AppFailure,
  type Device,
  type DevicePatch,
  type StrategyConfig,
  summariseFieldErrors,
} from '../../src-shared';

/** What one bulk action does to each selected device (the contract's `devices.bulk` action). */
export type DeviceBulkAction =
  | { kind: 'activate' | 'deactivate' | 'delete' }
  | { kind: 'set'; strategyConfig: Partial<StrategyConfig> };

/** The part of a device store a bulk action uses: the core's DeviceStore, or a test's in-memory double. */
export interface BulkStore {
  get(id: number): Device;
  /**
   * Validates the merged device as a whole (throws AppFailure with fieldErrors when it would be invalid);
   * returns the device unchanged, same `updatedAt`, when the patch changes nothing.
   */
  update(id: number, patch: DevicePatch): Device;
  delete(id: number): { id: number };
  /** All of `fn` or none of it. */
  transaction<T>(fn: () => T): T;
}

/**
 * One action on many devices in one transaction: all change or none does. A device the action would make
 * invalid (standby ≥ working, say) refuses the whole action, naming the device.
 */
export function applyBulk(
  store: BulkStore,
  ids: readonly number[],
  action: DeviceBulkAction,
): { changed: number; deleted: number } {
  return store.transaction(() => {
    let changed = 0;
    let deleted = 0;
    for (const id of new Set(ids)) {
      if (action.kind === 'delete') {
        store.delete(id);
        deleted++;
        continue;
      }
      const patch: DevicePatch =
        action.kind === 'set'
          ? { strategyConfig: action.strategyConfig }
          : { active: action.kind === 'activate' };
      const before = store.get(id);
      let after: Device;
      try {
        after = store.update(id, patch);
      } catch (error) {
        throw error instanceof AppFailure && error.fieldErrors
          ? refusalNaming(before, error.fieldErrors)
          : error;
      }
      if (after.updatedAt !== before.updatedAt) changed++;
    }
    return { changed, deleted };
  });
}

function refusalNaming(device: Device, fieldErrors: Record<string, string>): AppFailure {
  const named = Object.fromEntries(
    Object.entries(fieldErrors).map(([field, why]) => [field, `"${device.name}": ${why}`]),
  );
  return new AppFailure(
    'invalid_input',
    `"${device.name}": ${summariseFieldErrors(fieldErrors)}; nothing was changed`,
    named,
  );
}
