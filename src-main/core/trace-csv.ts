/**
 * The CSV form of a power trace, for export and import: a header `time,watts,online`, then one row per reading
 * (`time,watts,`) or per online change (`time,,true|false`). `time` is ISO 8601 on export; import also takes
 * milliseconds since the epoch. A file that cannot be read is refused whole, naming the line and the reason.
 */
import Papa from 'papaparse';
import { AppFailure, type PowerTrace, TRACE_SAMPLES_MAX } from '../../src-shared';

export const TRACE_CSV_COLUMNS = ['time', 'watts', 'online'] as const;

export function traceToCsv(trace: PowerTrace): string {
  const rows: Array<{ at: number; line: string }> = [];
  for (const s of trace.samples) rows.push({ at: s.at, line: `${new Date(s.at).toISOString()},${s.watts},` });
  for (const m of trace.online) rows.push({ at: m.at, line: `${new Date(m.at).toISOString()},,${m.online}` });
  // Stable: at the same instant the reading comes before the online change, as the session model reads them.
  rows.sort((a, b) => a.at - b.at);
  return `${TRACE_CSV_COLUMNS.join(',')}\n${rows.map((r) => r.line).join('\n')}${rows.length > 0 ? '\n' : ''}`;
}

const refuse = (why: string): never => {
  throw new AppFailure('invalid_input', `the trace CSV cannot be read: ${why}`, { csv: why });
};

function parseTime(text: string, line: number): number {
  const t = text.trim();
  if (/^-?\d+(\.\d+)?$/.test(t)) return Number(t);
  // A date-time with a zone, as exported (a bare date or local time would depend on the reader's time zone).
  const at = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/.test(t)
    ? Date.parse(t)
    : NaN;
  if (Number.isNaN(at)) {
    refuse(
      `line ${line}: time "${t}" is neither an ISO 8601 date-time with a zone nor milliseconds since 1970`,
    );
  }
  return at;
}

export function traceFromCsv(text: string): PowerTrace {
  const parsed = Papa.parse<Record<string, string>>(text.replace(/^\uFEFF/, ''), {
    header: true,
    skipEmptyLines: 'greedy',
    transformHeader: (h) => h.trim().toLowerCase(),
  });
  const fields = parsed.meta.fields ?? [];
  if (!fields.includes('time') || !fields.includes('watts')) {
    refuse('the first line must name the columns time,watts (and optionally online)');
  }
  const bad = parsed.errors.find((e) => e.row !== undefined);
  if (bad) refuse(`line ${(bad.row ?? 0) + 2}: ${bad.message}`);
  const trace: PowerTrace = { samples: [], online: [] };
  for (const [index, row] of parsed.data.entries()) {
    const line = index + 2;
    const at = parseTime(row.time ?? '', line);
    const watts = (row.watts ?? '').trim();
    const online = (row.online ?? '').trim().toLowerCase();
    if (watts === '' && online === '') refuse(`line ${line}: has neither watts nor online`);
    if (watts !== '') {
      const value = Number(watts);
      if (!Number.isFinite(value)) refuse(`line ${line}: watts "${watts}" is not a number`);
      trace.samples.push({ at, watts: value });
    }
    if (online !== '') {
      if (online !== 'true' && online !== 'false') refuse(`line ${line}: online must be true or false`);
      trace.online.push({ at, online: online === 'true' });
    }
  }
  if (trace.samples.length === 0) refuse('it holds no readings');
  if (trace.samples.length > TRACE_SAMPLES_MAX) {
    refuse(`it holds ${trace.samples.length} readings; at most ${TRACE_SAMPLES_MAX} fit in one trace`);
  }
  trace.samples.sort((a, b) => a.at - b.at);
  trace.online.sort((a, b) => a.at - b.at);
  return trace;
}
