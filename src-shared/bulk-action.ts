import { z } from 'zod';
import { strategyValueSchemas } from './device';

export const bulkInputSchema = z.strictObject({
  ids: z
    .array(z.number().int().positive(), { error: 'must be a list of device ids' })
    .min(1, 'select at least one device')
    .max(100_000, 'too many devices at once'),
  action: z.discriminatedUnion(
    'kind',
    [
      z.strictObject({ kind: z.literal('activate') }),
      z.strictObject({ kind: z.literal('deactivate') }),
      z.strictObject({ kind: z.literal('delete') }),
      z.strictObject({
        kind: z.literal('set'),
        strategyConfig: z
          .strictObject({
            standbyThresholdW: strategyValueSchemas.standbyThresholdW.optional(),
            workingThresholdW: strategyValueSchemas.workingThresholdW.optional(),
            startDebounceS: strategyValueSchemas.startDebounceS.optional(),
            stopDebounceS: strategyValueSchemas.stopDebounceS.optional(),
            messageTimeoutS: strategyValueSchemas.messageTimeoutS.optional(),
          })
          .refine((cfg) => Object.keys(cfg).length > 0, 'name at least one value to set'),
      }),
    ],
    { error: 'must be activate, deactivate, delete or set' },
  ),
});
export type BulkInput = z.input<typeof bulkInputSchema>;

export interface BulkResult {
  changed: number;
  deleted: number;
}
