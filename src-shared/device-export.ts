import { z } from 'zod';

export const EXPORT_FORMATS = ['json', 'csv'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export const exportInputSchema = z.strictObject({
  format: z.enum(EXPORT_FORMATS, { error: 'must be "json" or "csv"' }),
});

/** An export: the file's text and a suggested file name. */
export interface ExportResult {
  format: ExportFormat;
  filename: string;
  content: string;
  count: number;
}
