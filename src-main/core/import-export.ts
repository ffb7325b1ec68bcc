import Papa from 'papaparse';
import {
  AppFailure,
  DEFAULT_STRATEGY_CONFIG,
  type Device,
  type DeviceFields,
  deviceCreateSchema,
  deviceFieldsSchema,
  type ExportFormat,
  type ExportResult,
  type FieldErrors,
  fieldErrorsFromIssues,
  type ImportAction,
  type ImportReport,
  type ImportRow,
  mergePatch,
  pickFields,
  sharedTopics,
  type TopicHolder,
} from '../../src-shared';
import type { DeviceStore } from './device-store';

/** The app's own JSON file: a marker, a version, and the devices' editable fields. */
export const EXPORT_MARKER = 'workshop-manager.devices';

const STRATEGY_KEYS = Object.keys(DEFAULT_STRATEGY_CONFIG) as Array<keyof typeof DEFAULT_STRATEGY_CONFIG>;
const CSV_COLUMNS = [
  'name',
  'deviceId',
  'topicPattern',
  'parserType',
  'strategy',
  ...STRATEGY_KEYS,
  'active',
  'notes',
];

/** All devices as the app's JSON (round-trips exactly) or as CSV (one row per device, strategy values as columns). */
export function exportDevices(devices: readonly Device[], format: ExportFormat, now: Date): ExportResult {
  const stamp = now.toISOString().slice(0, 10);
  if (format === 'json') {
    const content = `${JSON.stringify({ format: EXPORT_MARKER, version: 1, exportedAt: now.toISOString(), devices: devices.map(pickFields) }, null, 2)}\n`;
    return { format, filename: `devices-${stamp}.json`, content, count: devices.length };
  }
  const rows = devices.map((d) => [
    d.name,
    d.deviceId,
    d.topicPattern,
    d.parserType,
    d.strategy,
    ...STRATEGY_KEYS.map((k) => d.strategyConfig[k]),
    d.active ? 'true' : 'false',
    d.notes,
  ]);
  // escapeFormulae: a name like "=HYPERLINK(…)" opens as text in a spreadsheet, not as a formula (CSV injection);
  // the importer takes the guarding apostrophe off again, so the file still round-trips.
  const content = `${Papa.unparse({ fields: CSV_COLUMNS, data: rows }, { newline: '\n', escapeFormulae: true })}\n`;
  return { format, filename: `devices-${stamp}.csv`, content, count: devices.length };
}

/** One record of an import file, before validation: the fields it names (others are left as they are on update). */
interface ParsedRecord {
  line: number;
  fields: Record<string, unknown>;
  errors: FieldErrors;
}

/** Reads JSON (the app's own file or an array) or CSV (the app's columns or an Odoo mqtt.device export). */
export function parseImport(
  content: string,
  format: 'json' | 'csv' | 'auto',
): { format: ExportFormat; records: ParsedRecord[] } {
  const text = content.replace(/^\uFEFF/, '');
  const detected = format === 'auto' ? (/^\s*[[{]/.test(text) ? 'json' : 'csv') : format;
  return { format: detected, records: detected === 'json' ? parseJson(text) : parseCsv(text) };
}

function parseJson(text: string): ParsedRecord[] {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new AppFailure('invalid_input', `the file is not valid JSON (${(error as Error).message})`, {
      content: `is not valid JSON (${(error as Error).message})`,
    });
  }
  const list = Array.isArray(data) ? data : (data as { devices?: unknown } | null)?.devices;
  if (!Array.isArray(list)) {
    throw new AppFailure('invalid_input', 'the JSON file holds no device list', {
      content: 'holds no device list (expected an array or {"devices": [...]})',
    });
  }
  return list.map((item, index) => {
    const line = index + 1;
    if (typeof item !== 'object' || item === null || Array.isArray(item)) {
      return { line, fields: {}, errors: { _: 'is not a device object' } };
    }
    return normalise(item as Record<string, unknown>, line, false);
  });
}

function parseCsv(text: string): ParsedRecord[] {
  const parsed = Papa.parse<Record<string, string>>(unifyLineEnds(text), {
    header: true,
    skipEmptyLines: 'greedy',
    transformHeader: (h) => h.trim(),
  });
  const fatal = parsed.errors.find((e) => e.type === 'Delimiter' && parsed.data.length === 0);
  if (fatal || !parsed.meta.fields?.length) {
    throw new AppFailure('invalid_input', 'the CSV file has no header row', {
      content: 'has no header row (name, deviceId, topicPattern, …)',
    });
  }
  const rowErrors = new Map<number, string>();
  for (const e of parsed.errors) if (e.row !== undefined) rowErrors.set(e.row, e.message);
  return parsed.data.map((row, index) => {
    // Line numbers as a spreadsheet shows them: the header is line 1.
    const record = normalise(row, index + 2, true);
    const problem = rowErrors.get(index);
    if (problem) record.errors._ = `cannot be read: ${problem}`;
    return record;
  });
}

const ALIASES: Record<string, string> = {
  device_id: 'deviceId',
  topic_pattern: 'topicPattern',
  mqtt_topic_pattern: 'topicPattern',
  parser_type: 'parserType',
  session_strategy: 'strategy',
  strategy_config: 'strategyConfig',
  session_config: 'strategyConfig',
  standby_threshold_w: 'standbyThresholdW',
  working_threshold_w: 'workingThresholdW',
  start_debounce_s: 'startDebounceS',
  stop_debounce_s: 'stopDebounceS',
  message_timeout_s: 'messageTimeoutS',
};
// Own keys only: a column or JSON key named `__proto__` or `constructor` must stay that name, not become
// Object.prototype (which would be reported as "[object Object]").
const canonical = (key: string) => (Object.hasOwn(ALIASES, key) ? (ALIASES[key] as string) : key);

/** Sets an own property, also for the keys `__proto__` and `constructor` that plain assignment mishandles. */
function setOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

/**
 * Row ends as LF only: a file pieced together from Windows and Unix tools mixes CRLF and LF, and Papa Parse picks
 * one line end for the whole file, which leaves a stray `\r` in the last column of the other rows. A CR LF inside
 * a quoted cell (a multi-line note) is kept as it was written.
 */
function unifyLineEnds(text: string): string {
  if (!text.includes('\r\n')) return text;
  let out = '';
  let quoted = false;
  let from = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    // RFC 4180: a quote opens or closes a quoted cell; a doubled quote inside one toggles twice.
    if (c === '"') quoted = !quoted;
    else if (c === '\r' && !quoted && text[i + 1] === '\n') {
      out += text.slice(from, i);
      from = i + 1;
    }
  }
  return out + text.slice(from);
}

/** Maps the app's and Odoo's names onto the device fields; text values from CSV become numbers and booleans. */
function normalise(source: Record<string, unknown>, line: number, fromCsv: boolean): ParsedRecord {
  const fields: Record<string, unknown> = {};
  const strategyConfig: Record<string, unknown> = {};
  const errors: FieldErrors = {};
  for (const [rawKey, rawValue] of Object.entries(source)) {
    const key = canonical(rawKey.trim());
    // An empty CSV cell means "not given", so a default or the stored value applies.
    if (fromCsv && (rawValue === '' || rawValue === undefined)) continue;
    if (key === 'strategyConfig') {
      const cfg = typeof rawValue === 'string' ? parseConfigCell(rawValue, errors) : rawValue;
      if (cfg && typeof cfg === 'object' && !Array.isArray(cfg)) {
        for (const [k, v] of Object.entries(cfg))
          setOwn(strategyConfig, canonical(k), fromCsv ? toNumber(v) : v);
      } else if (cfg !== undefined && !errors.strategyConfig) {
        errors.strategyConfig = 'must be an object of strategy values';
      }
    } else if ((STRATEGY_KEYS as string[]).includes(key)) {
      setOwn(strategyConfig, key, fromCsv ? toNumber(rawValue) : rawValue);
    } else if (key === 'active') {
      fields.active = fromCsv ? toBoolean(rawValue) : rawValue;
    } else if (['name', 'deviceId', 'topicPattern', 'parserType', 'strategy', 'notes'].includes(key)) {
      fields[key] = fromCsv ? unguardFormula(rawValue) : rawValue;
    } else if (!['id', 'createdAt', 'updatedAt', 'created_at', 'updated_at', 'mqtt_topic'].includes(key)) {
      // Odoo exports carry bookkeeping columns (display_name, write_date, …): ignored, not refused.
      if (!fromCsv) setOwn(errors, key, 'is not a known field');
    }
  }
  if (Object.keys(strategyConfig).length > 0) fields.strategyConfig = strategyConfig;
  return { line, fields, errors };
}

/** Takes off the apostrophe that the export puts before text a spreadsheet would run as a formula. */
function unguardFormula(value: unknown): unknown {
  return typeof value === 'string' && /^'[=+\-@\t\r]/.test(value) ? value.slice(1) : value;
}

function parseConfigCell(cell: string, errors: FieldErrors): unknown {
  try {
    return JSON.parse(cell);
  } catch {
    errors.strategyConfig = 'is not valid JSON';
    return undefined;
  }
}

/**
 * A CSV cell as a number only when it is written as a decimal number (`12`, `-3.5`, `.5`, `1e3`). `Number()` alone
 * would also read `0x10` as 16, `0b11` as 3 and `Infinity`; such text stays text and is refused as not a number.
 */
const DECIMAL_NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
function toNumber(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  const text = value.trim();
  return DECIMAL_NUMBER.test(text) ? Number(text) : value;
}

function toBoolean(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  const v = value.trim().toLowerCase();
  if (['true', '1', 'yes', 'y'].includes(v)) return true;
  if (['false', '0', 'no', 'n'].includes(v)) return false;
  return value;
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

function changedFields(current: DeviceFields, next: DeviceFields): string[] {
  const out: string[] = [];
  for (const key of [
    'name',
    'deviceId',
    'topicPattern',
    'parserType',
    'strategy',
    'active',
    'notes',
  ] as const) {
    if (current[key] !== next[key]) out.push(key);
  }
  for (const key of STRATEGY_KEYS) {
    if (current.strategyConfig[key] !== next.strategyConfig[key]) out.push(`strategyConfig.${key}`);
  }
  return out;
}
