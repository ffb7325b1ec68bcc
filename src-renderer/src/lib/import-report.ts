/** What an import report says, in words: pure functions for the import dialog and its preview table. */
import {
  describeFieldChange,
  type FieldErrors,
  fieldOfPath,
  type ImportFieldChange,
  type ImportReport,
} from '../../../src-shared';
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

/** One field an update changes, in the words people see: `Working threshold: 80 W → 120 W`. */
export function importChangeText(change: ImportFieldChange): string {
  const field = fieldOfPath(change.field);
  return field
    ? describeFieldChange(field, change.from, change.to)
    : `${change.field}: ${JSON.stringify(change.from)} → ${JSON.stringify(change.to)}`;
}

/**
 * The import button's words: what will change, counted ("Import 2 of 5" when 3 rows are already stored as they
 * are, "Import 5 devices" when every row changes something), and the deletions of a replace.
 */
export function importButtonLabel(report: ImportReport): string {
  const { create, update, unchanged, delete: deletes } = report.counts;
  const changing = create + update;
  const total = changing + unchanged;
  if (changing === 0) {
    if (deletes === 0) return 'Nothing to import';
    return `Delete ${deletes.toLocaleString()} device${deletes === 1 ? '' : 's'}`;
  }
  const what =
    unchanged === 0
      ? `Import ${changing.toLocaleString()} device${changing === 1 ? '' : 's'}`
      : `Import ${changing.toLocaleString()} of ${total.toLocaleString()}`;
  return deletes > 0 ? `${what}, delete ${deletes.toLocaleString()}` : what;
}
