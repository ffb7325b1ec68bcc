import { z } from 'zod';
import type { ExportFormat } from './device-export';
import type { FieldErrors } from './result';
import type { SharedTopic } from './shared-topics';

/**
 * The largest import accepted: more than the app's own JSON export of 100,000 devices with short notes (about 50 MB), so every
 * export imports back. The web host takes a body this large for `devices.import` only.
 */
export const IMPORT_MAX_CHARS = 64_000_000;

export const importInputSchema = z.strictObject({
  /** `auto` looks at the content: JSON starts with `{` or `[`, anything else is CSV. */
  format: z.enum(['json', 'csv', 'auto'], { error: 'must be "json", "csv" or "auto"' }).default('auto'),
  content: z
    .string({ error: 'must be the file text' })
    .min(1, 'is empty: choose a file with devices')
    .max(IMPORT_MAX_CHARS, `is larger than ${IMPORT_MAX_CHARS / 1_000_000} MB`),
  /** merge: add new devices and update existing ones by deviceId. replace: the file becomes the whole list. */
  mode: z.enum(['merge', 'replace'], { error: 'must be "merge" or "replace"' }).default('merge'),
  /** true: report what would happen and write nothing. */
  dryRun: z.boolean({ error: 'must be true or false' }).default(true),
});
export type ImportInput = z.input<typeof importInputSchema>;

export type ImportAction = 'create' | 'update' | 'unchanged' | 'delete' | 'refuse';

/** One field an update changes: its path (`strategyConfig.workingThresholdW`), the stored and the new value. */
export interface ImportFieldChange {
  field: string;
  from: unknown;
  to: unknown;
}

export interface ImportRow {
  /** 1-based line in the CSV (header is line 1), or 1-based index in the JSON array; null for deletions. */
  line: number | null;
  action: ImportAction;
  deviceId: string;
  name: string;
  /** For updates: the fields that change, old → new. */
  changes?: ImportFieldChange[];
  fieldErrors?: FieldErrors;
}

/** What an import did (or, on a dry run, would do). Nothing is written when any row is refused. */
export interface ImportReport {
  dryRun: boolean;
  mode: 'merge' | 'replace';
  format: ExportFormat;
  /** Whether the import was written (false on a dry run and whenever a row was refused). */
  applied: boolean;
  counts: Record<ImportAction, number>;
  rows: ImportRow[];
  /**
   * Warnings, not refusals: devices that would be read on one MQTT topic after the import, each group holding at
   * least one row of the file (with another row, or with a stored device).
   */
  sharedTopics: SharedTopic[];
}
