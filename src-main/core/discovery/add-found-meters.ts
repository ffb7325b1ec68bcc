import {
  type DeviceFields,
  type DiscoveredMeter,
  type DiscoveryAddReport,
  type DiscoveryAddRow,
  deviceCreateSchema,
  fieldErrorsFromIssues,
} from '../../../src-shared';
import type { DeviceStore } from '../device-store';

/**
 * **Add all**: the selected found meters become devices with their suggested fields, in one transaction, so the
 * store announces one commit and the bridge gets one push (like an import). A dry run writes nothing; any refused
 * row (invalid, or a device ID used twice in the selection) blocks the whole add. Meters a device already watches
 * are skipped.
 */
export function addFoundMeters(
  store: Pick<DeviceStore, 'transaction' | 'insertChecked' | 'findByDeviceId'>,
  meters: readonly DiscoveredMeter[],
  keys: readonly string[],
  dryRun: boolean,
): DiscoveryAddReport {
  const byKey = new Map(meters.map((m) => [m.key, m]));
  const rows: DiscoveryAddRow[] = [];
  const creates: DeviceFields[] = [];
  const taken = new Map<string, string>();
  for (const key of new Set(keys)) {
    const meter = byKey.get(key);
    if (!meter) {
      rows.push({
        key,
        deviceId: '',
        name: '',
        topicPattern: '',
        action: 'refuse',
        fieldErrors: { key: 'is not among the meters found (start Discover meters again)' },
      });
      continue;
    }
    const { deviceId, name, topicPattern } = meter.suggestion;
    const row = { key, deviceId, name, topicPattern };
    if (meter.existing) {
      rows.push({ ...row, action: 'skip' });
      continue;
    }
    const checked = deviceCreateSchema.safeParse(meter.suggestion);
    if (!checked.success) {
      rows.push({ ...row, action: 'refuse', fieldErrors: fieldErrorsFromIssues(checked.error.issues) });
      continue;
    }
    const other = taken.get(deviceId);
    const stored = store.findByDeviceId(deviceId);
    if (other !== undefined || stored) {
      const why = stored ? `is already used by "${stored.name}"` : `is also suggested for ${other}`;
      rows.push({ ...row, action: 'refuse', fieldErrors: { deviceId: why } });
      continue;
    }
    taken.set(deviceId, meter.prefix);
    rows.push({ ...row, action: 'create' });
    creates.push(checked.data);
  }
  const counts = { create: 0, skip: 0, refuse: 0 };
  for (const row of rows) counts[row.action]++;
  const applied = !dryRun && counts.refuse === 0 && creates.length > 0;
  if (applied) {
    store.transaction(() => {
      for (const fields of creates) store.insertChecked(fields);
    });
  }
  return { dryRun, applied, counts, rows };
}
