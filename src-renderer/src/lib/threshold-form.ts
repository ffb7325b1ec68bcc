/**
 * The Live dialog's threshold fields: kept as typed text (nothing is lost on an error), checked with the shared
 * schema on every change, so the simulation always runs on the last valid values and each bad field says why.
 */
import {
  fieldErrorsFromIssues,
  type PowerThresholdConfig,
  powerThresholdConfigSchema,
} from '../../../src-shared';
import {
  errorSentence,
  FIELD_LABELS,
  mapFieldErrors,
  NUMBER_FIELDS,
  type NumberField,
  numberTextError,
  toNumber,
} from './device-form';

export type ThresholdValues = Record<NumberField, string>;
export type ThresholdErrors = Partial<Record<NumberField, string>>;

export const thresholdValues = (config: PowerThresholdConfig): ThresholdValues =>
  Object.fromEntries(NUMBER_FIELDS.map((f) => [f, String(config[f])])) as ThresholdValues;

export const sameValues = (a: ThresholdValues, b: ThresholdValues) =>
  NUMBER_FIELDS.every((f) => a[f].trim() === b[f].trim());

/** The config the text stands for, or the sentence beside each field that is wrong. */
export function parseThresholds(
  values: ThresholdValues,
): { ok: true; config: PowerThresholdConfig } | { ok: false; errors: ThresholdErrors } {
  const ambiguous: ThresholdErrors = {};
  for (const f of NUMBER_FIELDS) {
    const why = numberTextError(values[f]);
    if (why) ambiguous[f] = errorSentence(FIELD_LABELS[f], why);
  }
  if (Object.keys(ambiguous).length > 0) return { ok: false, errors: ambiguous };
  // `7,5` is seven and a half, as in the editor; text that is no number stays text, so the schema names it.
  const raw = Object.fromEntries(NUMBER_FIELDS.map((f) => [f, toNumber(values[f]) ?? undefined]));
  const parsed = powerThresholdConfigSchema.safeParse(raw);
  if (parsed.success) return { ok: true, config: parsed.data };
  return { ok: false, errors: sentences(mapFieldErrors(fieldErrorsFromIssues(parsed.error.issues)).byField) };
}

/** Main's or the schema's reasons as sentences, keyed by the threshold fields only. */
export function sentences(byField: Partial<Record<string, string>>): ThresholdErrors {
  const out: ThresholdErrors = {};
  for (const f of NUMBER_FIELDS) {
    const why = byField[f];
    if (why) out[f] = errorSentence(FIELD_LABELS[f], why);
  }
  return out;
}
