/** Saved power traces: a device's buffered samples kept under a name, to tune thresholds later or elsewhere. */
import { z } from 'zod';
import { DEVICE_ID_PATTERN } from './device';
import type { PowerTrace } from './live/power-trace';

export const TRACE_NAME_MAX = 80;
/** Readings one saved trace may hold: over 12 h at 2 a second (and what fits a 5 MB web-host request). */
export const TRACE_SAMPLES_MAX = 100_000;
/** A trace CSV may be this long (UTF-16 code units); larger files are refused before parsing. */
export const TRACE_CSV_MAX = 4_000_000;

/** What the list shows of a saved trace. Times: ISO 8601 for when it was saved, ms for the samples. */
export interface TraceInfo {
  id: number;
  name: string;
  /** The device (bridge device id) it was recorded from, or the one an import was filed under. */
  deviceId: string;
  source: 'live' | 'import';
  savedAt: string;
  /** End of the recorded window in ms: the time at which it was saved (live), or the last reading (import). */
  endAt: number;
  sampleCount: number;
  firstAt: number | null;
  lastAt: number | null;
}

export interface SavedTrace extends TraceInfo {
  trace: PowerTrace;
}

export const traceNameSchema = z
  .string({ error: 'must be text' })
  .trim()
  .min(1, 'is required')
  .max(TRACE_NAME_MAX, `must be at most ${TRACE_NAME_MAX} characters`)
  .refine((s) => !/[\p{Cc}\p{Cs}]/u.test(s), 'must not contain control or broken characters');

const traceDeviceIdSchema = z
  .string({ error: 'must be text' })
  .regex(DEVICE_ID_PATTERN, 'must be a device ID such as laser-01');

export const traceRefSchema = z.strictObject({
  id: z.number({ error: 'must be a trace id' }).int().positive(),
});

export const traceListInputSchema = z
  .union([z.null(), z.strictObject({ deviceId: traceDeviceIdSchema.optional() })])
  .optional();

const time = z.number({ error: 'must be a time in ms' }).int('must be a time in whole ms').nonnegative();

/** A PowerTrace as it crosses the boundary: finite watts, times as whole milliseconds. */
export const powerTraceSchema = z.strictObject({
  samples: z
    .array(
      z.strictObject({ at: time, watts: z.number({ error: 'must be a number' }).finite('must be finite') }),
    )
    .min(1, 'holds no readings yet')
    .max(TRACE_SAMPLES_MAX, `holds more than ${TRACE_SAMPLES_MAX} readings`),
  online: z.array(z.strictObject({ at: time, online: z.boolean({ error: 'must be true or false' }) })),
});

/**
 * `traces.save`: the samples the person is looking at (the device's buffered history as the Live dialog holds
 * it), under a name. `endAt` is the end of that window (the dialog's now).
 */
export const traceSaveInputSchema = z.strictObject({
  name: traceNameSchema,
  deviceId: traceDeviceIdSchema,
  endAt: time,
  trace: powerTraceSchema,
});

/** `traces.import`: a CSV (`time,watts[,online]`) filed under a device ID. */
export const traceImportInputSchema = z.strictObject({
  name: traceNameSchema,
  deviceId: traceDeviceIdSchema,
  csv: z
    .string({ error: 'must be text' })
    .max(TRACE_CSV_MAX, `must be at most ${TRACE_CSV_MAX.toLocaleString('en')} characters`),
});

/** `traces.export`: the CSV text and a file name for it. */
export interface TraceExport {
  fileName: string;
  content: string;
}
