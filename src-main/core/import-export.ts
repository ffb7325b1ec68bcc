import {
  type Device,
  type DeviceFields,
  deviceCreateSchema,
  deviceFieldsSchema,
  type ExportFormat,
  type ExportResult,
  type FieldErrors,
  fieldErrorsFromIssues,
  type ImportAction,
  type ImportFieldChange,
  type ImportReport,
  type ImportRow,
  mergePatch,
  pickFields,
  sharedTopics,
  type TopicHolder,
} from '../../src-shared';
import { devicesToCsv } from './device-csv';
import type { DeviceStore } from './device-store';
import { parseImport, STRATEGY_KEYS } from './import-records';

/** The app's own JSON file: a marker, a version, and the devices' editable fields. */
export const EXPORT_MARKER = 'workshop-manager.devices';

/** All devices as the app's JSON (round-trips exactly) or as CSV (src-main/core/device-csv.ts). */
export function exportDevices(devices: readonly Device[], format: ExportFormat, now: Date): ExportResult {
  const stamp = now.toISOString().slice(0, 10);
  if (format === 'json') {
    const content = `${JSON.stringify({ format: EXPORT_MARKER, version: 1, exportedAt: now.toISOString(), devices: devices.map(pickFields) }, null, 2)}\n`;
    return { format, filename: `devices-${stamp}.json`, content, count: devices.length };
  }
  return { format, filename: `devices-${stamp}.csv`, content: devicesToCsv(devices), count: devices.length };
}

/**
 * Plans an import against the store and, unless it is a dry run or any row is refused, applies it in one
 * transaction (one commit announcement, so one push).
 */
export function importDevices(
  store: DeviceStore,
  input: { content: string; format: 'json' | 'csv' | 'auto'; mode: 'merge' | 'replace'; dryRun: boolean },
): ImportReport {
  const { format, records } = parseImport(input.content, input.format);
  const existing = new Map(store.list().map((d) => [d.deviceId, d]));
  const seen = new Map<string, number>();
  const rows: ImportRow[] = [];
  const writes: Array<() => void> = [];
  // The devices the file's rows would leave stored, for the shared-topic warning.
  const fromFile: TopicHolder[] = [];

  for (const record of records) {
    const deviceId = typeof record.fields.deviceId === 'string' ? record.fields.deviceId.trim() : '';
    const name = typeof record.fields.name === 'string' ? record.fields.name.trim() : '';
    const refuse = (fieldErrors: FieldErrors) =>
      rows.push({ line: record.line, action: 'refuse', deviceId, name, fieldErrors });
    if (Object.keys(record.errors).length > 0) {
      refuse(record.errors);
      continue;
    }
    const firstLine = seen.get(deviceId);
    if (deviceId && firstLine !== undefined) {
      refuse({ deviceId: `appears twice in the file (also on line ${firstLine})` });
      continue;
    }
    if (deviceId) seen.set(deviceId, record.line);
    const current = existing.get(deviceId);
    if (current) {
      const checked = deviceFieldsSchema.safeParse(mergePatch(current, record.fields));
      if (!checked.success) {
        refuse(fieldErrorsFromIssues(checked.error.issues));
        continue;
      }
      fromFile.push(topicHolder(checked.data, record.line));
      const changes = changedFields(current, checked.data);
      if (changes.length === 0) {
        rows.push({ line: record.line, action: 'unchanged', deviceId, name: current.name });
      } else {
        rows.push({ line: record.line, action: 'update', deviceId, name: checked.data.name, changes });
        writes.push(() => store.update(current.id, checked.data));
      }
    } else {
      const checked = deviceCreateSchema.safeParse(record.fields);
      if (!checked.success) {
        refuse(fieldErrorsFromIssues(checked.error.issues));
        continue;
      }
      rows.push({ line: record.line, action: 'create', deviceId, name: checked.data.name });
      fromFile.push(topicHolder(checked.data, record.line));
      writes.push(() => store.insertChecked(checked.data));
    }
  }
  if (input.mode === 'replace') {
    for (const device of existing.values()) {
      if (seen.has(device.deviceId)) continue;
      rows.push({ line: null, action: 'delete', deviceId: device.deviceId, name: device.name });
      writes.unshift(() => store.delete(device.id));
    }
  }

  const counts: Record<ImportAction, number> = { create: 0, update: 0, unchanged: 0, delete: 0, refuse: 0 };
  for (const row of rows) counts[row.action]++;
  const applied = !input.dryRun && counts.refuse === 0;
  if (applied && writes.length > 0) {
    store.transaction(() => {
      for (const write of writes) write();
    });
  }
  // Stored devices the file leaves alone stay in merge mode; in replace mode they are deleted.
  const kept = input.mode === 'merge' ? [...existing.values()].filter((d) => !seen.has(d.deviceId)) : [];
  const shared = sharedTopics(
    kept.map((d) => topicHolder(d, null)),
    fromFile,
  );
  return { dryRun: input.dryRun, mode: input.mode, format, applied, counts, rows, sharedTopics: shared };
}

function topicHolder(d: DeviceFields, line: number | null): TopicHolder {
  return { deviceId: d.deviceId, name: d.name, topicPattern: d.topicPattern, parserType: d.parserType, line };
}

/** The fields an update changes, each with its stored and its new value (paths as the contract names them). */
function changedFields(current: DeviceFields, next: DeviceFields): ImportFieldChange[] {
  const out: ImportFieldChange[] = [];
  for (const key of [
    'name',
    'deviceId',
    'topicPattern',
    'parserType',
    'strategy',
    'active',
    'notes',
  ] as const) {
    if (current[key] !== next[key]) out.push({ field: key, from: current[key], to: next[key] });
  }
  for (const key of STRATEGY_KEYS) {
    const from = current.strategyConfig[key];
    const to = next.strategyConfig[key];
    if (from !== to) out.push({ field: `strategyConfig.${key}`, from, to });
  }
  return out;
}
