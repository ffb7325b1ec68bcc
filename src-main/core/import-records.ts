/**
 * An import file's records before validation: the app's JSON, a plain array, or CSV with the column names people
 * see, the code names of older exports, or an Odoo `mqtt.device` export. Names are mapped onto the device fields;
 * CSV text becomes numbers and booleans.
 */
import {
  AppFailure,
  DEFAULT_STRATEGY_CONFIG,
  type ExportFormat,
  type FieldErrors,
  fieldOfLabel,
} from '../../src-shared';
import { readCsvRows } from './device-csv';
import { forEachInSlices, nextTurn, type Turn } from './in-slices';

export const STRATEGY_KEYS = Object.keys(DEFAULT_STRATEGY_CONFIG) as Array<
  keyof typeof DEFAULT_STRATEGY_CONFIG
>;

/** One record of an import file, before validation: the fields it names (others are left as they are on update). */
export interface ParsedRecord {
  line: number;
  fields: Record<string, unknown>;
  errors: FieldErrors;
}

/** Reads JSON (the app's own file or an array) or CSV (the app's columns or an Odoo mqtt.device export). */
export async function parseImport(
  content: string,
  format: 'json' | 'csv' | 'auto',
  turn: Turn = nextTurn,
): Promise<{ format: ExportFormat; records: ParsedRecord[] }> {
  const text = content.replace(/^\uFEFF/, '');
  const detected = format === 'auto' ? (/^\s*[[{]/.test(text) ? 'json' : 'csv') : format;
  return {
    format: detected,
    records: await (detected === 'json' ? parseJson(text, turn) : parseCsv(text, turn)),
  };
}

async function parseJson(text: string, turn: Turn): Promise<ParsedRecord[]> {
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
  const records: ParsedRecord[] = [];
  await forEachInSlices(
    list,
    (item, index) => {
      const line = index + 1;
      if (typeof item !== 'object' || item === null || Array.isArray(item)) {
        records.push({ line, fields: {}, errors: { _: 'is not a device object' } });
      } else records.push(normalise(item as Record<string, unknown>, line, false));
    },
    turn,
  );
  return records;
}

async function parseCsv(text: string, turn: Turn): Promise<ParsedRecord[]> {
  const records: ParsedRecord[] = [];
  await forEachInSlices(
    readCsvRows(text),
    ({ line, cells, problem }) => {
      const record = normalise(cells, line, true);
      if (problem) record.errors._ = `cannot be read: ${problem}`;
      records.push(record);
    },
    turn,
  );
  return records;
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
// A header as people see it (`Standby threshold (W)`) maps through src-shared/device-labels.ts.
const canonical = (key: string) =>
  Object.hasOwn(ALIASES, key) ? (ALIASES[key] as string) : (fieldOfLabel(key) ?? key);

/** Sets an own property, also for the keys `__proto__` and `constructor` that plain assignment mishandles. */
function setOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
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
