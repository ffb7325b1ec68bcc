/**
 * The devices as CSV: one row per device, a column per field with the names people see (`Name`, `Device ID`,
 * `Standby threshold (W)`, …, from src-shared/device-labels.ts), strategy values as columns. Reading is
 * src-main/core/import-records.ts's; this file writes and splits the text.
 */
import Papa from 'papaparse';
import { AppFailure, type Device, FIELD_LABEL, LABELLED_FIELDS, type LabelledField } from '../../src-shared';
import { SLICE_SIZE, type Turn } from './in-slices';

/** The header row: the labels people see, in the editor's order. */
export const CSV_HEADER: readonly string[] = LABELLED_FIELDS.map((field) => FIELD_LABEL[field]);

function cell(device: Device, field: LabelledField): string | number {
  switch (field) {
    case 'standbyThresholdW':
    case 'workingThresholdW':
    case 'startDebounceS':
    case 'stopDebounceS':
    case 'messageTimeoutS':
      return device.strategyConfig[field];
    case 'active':
      return device.active ? 'true' : 'false';
    default:
      return device[field];
  }
}

/** All devices as CSV text, with a newline at the end; a slice of devices per turn, the same text as all at once. */
export async function devicesToCsv(devices: readonly Device[], turn: Turn): Promise<string> {
  // escapeFormulae: a name like "=HYPERLINK(…)" opens as text in a spreadsheet, not as a formula (CSV injection);
  // the importer takes the guarding apostrophe off again, so the file still round-trips.
  const options = { newline: '\n', escapeFormulae: true };
  const parts = [Papa.unparse([[...CSV_HEADER]], options)];
  // Papa.unparse writes a line end after the header of an empty list; the file has always had it.
  if (devices.length === 0) parts.push('');
  for (let i = 0; i < devices.length; i += SLICE_SIZE) {
    const rows = devices.slice(i, i + SLICE_SIZE).map((d) => LABELLED_FIELDS.map((field) => cell(d, field)));
    parts.push(Papa.unparse(rows, options));
    await turn();
  }
  return `${parts.join('\n')}\n`;
}

/** One data row of a CSV file: its line as a spreadsheet shows it (the header is line 1), its cells by header. */
export interface CsvRow {
  line: number;
  cells: Record<string, string>;
  /** Why the row could not be read, when it could not. */
  problem?: string;
}

/** Splits CSV text into rows keyed by the (trimmed) header; refuses a file without a header row. */
export function readCsvRows(text: string): CsvRow[] {
  const parsed = Papa.parse<Record<string, string>>(unifyLineEnds(text), {
    header: true,
    skipEmptyLines: 'greedy',
    transformHeader: (h) => h.trim(),
  });
  const fatal = parsed.errors.find((e) => e.type === 'Delimiter' && parsed.data.length === 0);
  if (fatal || !parsed.meta.fields?.length) {
    throw new AppFailure('invalid_input', 'the CSV file has no header row', {
      content: 'has no header row (Name, Device ID, MQTT topic, …)',
    });
  }
  const rowErrors = new Map<number, string>();
  for (const e of parsed.errors) if (e.row !== undefined) rowErrors.set(e.row, e.message);
  return parsed.data.map((cells, index) => {
    const problem = rowErrors.get(index);
    return { line: index + 2, cells, ...(problem ? { problem } : {}) };
  });
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
