import {
  AppFailure,
  type BulkResult,
  type Device,
  type DevicePatch,
  deviceFieldsSchema,
  fieldErrorsFromIssues,
  mergePatch,
  type StrategyConfig,
  summariseFieldErrors,
} from '../../src-shared';
import { type DevicePlan, nextVersion, sameFields } from './device-rows';
import { forEachInSlices, type Turn } from './in-slices';

/** What one bulk action does to each selected device (the contract's `devices.bulk` action). */
export type DeviceBulkAction =
  | { kind: 'activate' | 'deactivate' | 'delete' }
  | { kind: 'set'; strategyConfig: Partial<StrategyConfig> };

/**
 * Plans one action on many devices; the store writes the plan in one transaction, so all change or none does.
 * A device the action would make invalid (standby ≥ working, say) refuses the whole action, naming the device;
 * so does an id that does not exist. Devices are checked in the order of `ids`, so the first problem is named.
 */
export async function planBulk(
  read: (ids: readonly number[]) => Promise<Device[]>,
  ids: readonly number[],
  action: DeviceBulkAction,
  now: number,
  turn: Turn,
): Promise<{ plan: DevicePlan; result: BulkResult }> {
  const wanted = [...new Set(ids)];
  const found = new Map((await read(wanted)).map((d) => [d.id, d]));
  const plan: DevicePlan = { deletes: [], updates: [], inserts: [] };
  const patch: DevicePatch =
    action.kind === 'set'
      ? { strategyConfig: action.strategyConfig }
      : { active: action.kind === 'activate' };
  await forEachInSlices(
    wanted,
    (id) => {
      const device = found.get(id);
      if (!device) throw new AppFailure('not_found', `device ${id} does not exist (deleted meanwhile?)`);
      if (action.kind === 'delete') {
        plan.deletes.push(id);
        return;
      }
      const checked = deviceFieldsSchema.safeParse(mergePatch(device, patch));
      if (!checked.success) throw refusalNaming(device, fieldErrorsFromIssues(checked.error.issues));
      if (!sameFields(device, checked.data))
        plan.updates.push({
          id,
          before: device,
          fields: checked.data,
          updatedAt: nextVersion(now, device.updatedAt),
        });
    },
    turn,
  );
  return { plan, result: { changed: plan.updates.length, deleted: plan.deletes.length } };
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
