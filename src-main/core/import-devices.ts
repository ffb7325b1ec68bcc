import {
  type Device,
  type DeviceFields,
  deviceCreateSchema,
  deviceFieldsSchema,
  type FieldErrors,
  fieldErrorsFromIssues,
  type ImportAction,
  type ImportFieldChange,
  type ImportReport,
  type ImportRow,
  mergePatch,
  sharedTopics,
  type TopicHolder,
} from '../../src-shared';
import { byNameThenDeviceId, type DevicePlan, nextVersion } from './device-rows';
import { type ParsedRecord, parseImport, STRATEGY_KEYS } from './import-records';
import { forEachInSlices, type Turn } from './in-slices';

/** What an import needs from the store (src-main/core/device-store.ts), also served by the renderer tests' fake. */
export interface ImportStore {
  /** Plans in slices against the stored devices and writes the plan in one transaction (one announcement). */
  sliced<T>(job: (turn: Turn, now: number) => Promise<{ plan: DevicePlan | null; result: T }>): Promise<T>;
  /** Every stored device, read a slice at a time. */
  readAll(turn: Turn): Promise<Device[]>;
}

export interface ImportInput {
  content: string;
  format: 'json' | 'csv' | 'auto';
  mode: 'merge' | 'replace';
  dryRun: boolean;
}

/**
 * Plans an import against the store and, unless it is a dry run or any row is refused, applies it in one
 * transaction (one commit announcement, so one push). Parsing and planning run in slices, so the host keeps
 * answering other calls while a file of 100,000 devices is read (issue 9 §6).
 */
export async function importDevices(store: ImportStore, input: ImportInput): Promise<ImportReport> {
  const parsed = await parseImport(input.content, input.format);
  return store.sliced(async (turn, now) => {
    const existing = new Map((await store.readAll(turn)).map((d) => [d.deviceId, d]));
    const { rows, plan, seen, fromFile } = await planImport(parsed.records, existing, input.mode, now, turn);
    const counts: Record<ImportAction, number> = { create: 0, update: 0, unchanged: 0, delete: 0, refuse: 0 };
    for (const row of rows) counts[row.action]++;
    const applied = !input.dryRun && counts.refuse === 0;
    // Stored devices the file leaves alone stay in merge mode; in replace mode they are deleted.
    const kept =
      input.mode === 'merge'
        ? [...existing.values()].filter((d) => !seen.has(d.deviceId)).sort(byNameThenDeviceId)
        : [];
    const shared = sharedTopics(
      kept.map((d) => topicHolder(d, null)),
      fromFile,
    );
    const report: ImportReport = {
      dryRun: input.dryRun,
      mode: input.mode,
      format: parsed.format,
      applied,
      counts,
      rows,
      sharedTopics: shared,
    };
    return { plan: applied ? plan : null, result: report };
  });
}

async function planImport(
  records: readonly ParsedRecord[],
  existing: ReadonlyMap<string, Device>,
  mode: ImportInput['mode'],
  now: number,
  turn: Turn,
): Promise<{
  rows: ImportRow[];
  plan: DevicePlan;
  seen: ReadonlyMap<string, number>;
  fromFile: TopicHolder[];
}> {
  const seen = new Map<string, number>();
  // The devices the file's rows would leave stored, for the shared-topic warning.
  const fromFile: TopicHolder[] = [];
  const rows: ImportRow[] = [];
  const plan: DevicePlan = { deletes: [], updates: [], inserts: [] };
  await forEachInSlices(
    records,
    (record) => {
      const deviceId = typeof record.fields.deviceId === 'string' ? record.fields.deviceId.trim() : '';
      const name = typeof record.fields.name === 'string' ? record.fields.name.trim() : '';
      const refuse = (fieldErrors: FieldErrors) =>
        rows.push({ line: record.line, action: 'refuse', deviceId, name, fieldErrors });
      if (Object.keys(record.errors).length > 0) return refuse(record.errors);
      const firstLine = seen.get(deviceId);
      if (deviceId && firstLine !== undefined)
        return refuse({ deviceId: `appears twice in the file (also on line ${firstLine})` });
      if (deviceId) seen.set(deviceId, record.line);
      const current = existing.get(deviceId);
      if (current) {
        const checked = deviceFieldsSchema.safeParse(mergePatch(current, record.fields));
        if (!checked.success) return refuse(fieldErrorsFromIssues(checked.error.issues));
        fromFile.push(topicHolder(checked.data, record.line));
        const changes = changedFields(current, checked.data);
        if (changes.length === 0)
          return rows.push({ line: record.line, action: 'unchanged', deviceId, name: current.name });
        rows.push({ line: record.line, action: 'update', deviceId, name: checked.data.name, changes });
        plan.updates.push({
          id: current.id,
          before: current,
          fields: checked.data,
          updatedAt: nextVersion(now, current.updatedAt),
        });
      } else {
        const checked = deviceCreateSchema.safeParse(record.fields);
        if (!checked.success) return refuse(fieldErrorsFromIssues(checked.error.issues));
        rows.push({ line: record.line, action: 'create', deviceId, name: checked.data.name });
        fromFile.push(topicHolder(checked.data, record.line));
        plan.inserts.push(checked.data);
      }
    },
    turn,
  );
  if (mode === 'replace') {
    // In the list's order, as the person sees the devices.
    const gone = [...existing.values()].filter((d) => !seen.has(d.deviceId)).sort(byNameThenDeviceId);
    for (const device of gone) {
      rows.push({ line: null, action: 'delete', deviceId: device.deviceId, name: device.name });
      plan.deletes.push(device.id);
    }
  }
  return { rows, plan, seen, fromFile };
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
