/** What an import report says, in words: pure functions for the import dialog and its preview table. */
import type { FieldErrors, ImportReport } from '../../../src-shared';
import { errorSentence, FIELD_LABELS, fieldForPath } from './device-form';

/** A field path as the editor labels it (`strategyConfig.workingThresholdW` → `Working threshold (W)`). */
export function fieldLabel(path: string): string {
  const field = fieldForPath(path);
  return field ? FIELD_LABELS[field] : path;
}

/** One line per refused field, each naming its field. */
export function fieldErrorLines(fieldErrors: FieldErrors): string[] {
  // Each line names its field: "Device ID must be …", or "Device ID: use lowercase letters …".
  return Object.entries(fieldErrors).map(([path, why]) => {
    if (path === '_') return `Row ${why}`;
    const label = fieldLabel(path);
    return /^(is|must|are) /.test(why) ? errorSentence(label, why) : `${label}: ${why}`;
  });
}

/** The file's rows that can be imported (refused ones are not counted: they would not be written). */
export function fileRows(report: ImportReport): number {
  const { create, update, unchanged } = report.counts;
  return create + update + unchanged;
}

/** What an applied import did, in one sentence ("3 created, 1 updated, 2 unchanged."). */
export function importSummary(report: ImportReport): string {
  const c = report.counts;
  const parts = [
    c.create > 0 ? `${c.create.toLocaleString()} created` : '',
    c.update > 0 ? `${c.update.toLocaleString()} updated` : '',
    c.unchanged > 0 ? `${c.unchanged.toLocaleString()} unchanged` : '',
    c.delete > 0 ? `${c.delete.toLocaleString()} deleted` : '',
  ].filter(Boolean);
  return parts.length > 0 ? `${parts.join(', ')}.` : 'No devices.';
}

/** One sentence per group of devices the import leaves on one meter topic (a warning: allowed, but said). */
export function sharedTopicLines(report: ImportReport): string[] {
  return report.sharedTopics.map(({ topic, devices }) => {
    const names = devices.map((d) => `${d.name} (${d.line === null ? 'stored' : `line ${d.line}`})`);
    const list = names.length > 1 ? `${names.slice(0, -1).join(', ')} and ${names.at(-1)}` : names.join('');
    return `${list} share the meter topic ${topic}: they would get the same readings.`;
  });
}
