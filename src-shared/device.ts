import { z } from 'zod';
import { AppFailure, fieldErrorsFromIssues, summariseFieldErrors } from './result';
import {
  hasLoneSurrogate,
  hasVisibleCharacter,
  INVISIBLE_MESSAGE,
  LONE_SURROGATE_MESSAGE,
} from './text-hygiene';
import { shellyTopicError, topicFilterError } from './topic';

export const PARSER_TYPES = ['shelly_pm', 'generic'] as const;
export type ParserType = (typeof PARSER_TYPES)[number];

/** Session strategies the bridge knows. Only one today; each new one adds its config schema below. */
export const STRATEGIES = ['power_threshold'] as const;
export type Strategy = (typeof STRATEGIES)[number];

export const DEVICE_ID_PATTERN = /^[a-z0-9][a-z0-9_-]{0,63}$/;
export const NAME_MAX = 80;
export const NOTES_MAX = 2000;

/** Bounds a workshop can mean: a machine draws at most 100 kW; a debounce or timeout lasts at most a day. */
export const MAX_WATTS = 100_000;
export const MAX_SECONDS = 86_400;
/**
 * At most two decimals (0.01 W, 0.01 s). More would buy nothing a meter can tell apart, and tiny values such as
 * 1e-7 are written differently by JavaScript (`1e-7`) and Python (`1e-07`), which breaks a bridge's own hash check.
 */
export const MAX_DECIMALS = 2;
const PLAIN_DECIMAL = new RegExp(`^\\d+(\\.\\d{1,${MAX_DECIMALS}})?$`);

const measure = (what: 'watts' | 'seconds') => {
  const [max, unit] = what === 'watts' ? [MAX_WATTS, 'W'] : [MAX_SECONDS, 's'];
  return z
    .number({
      error: (issue) =>
        issue.input === undefined
          ? 'is required'
          : typeof issue.input === 'number'
            ? 'must be a finite number'
            : `must be a number (${what})`,
    })
    .refine(Number.isFinite, 'must be a finite number')
    .refine((n) => n >= 0, 'must be 0 or more')
    .refine((n) => n <= max, `must be at most ${max.toLocaleString('en-US')} ${unit}`)
    .refine(
      // Checked on the number as it is written to the bridge: within the bounds JavaScript never uses an exponent
      // for two decimals, so anything else (1e-7, 0.001, 5e-324) has too many.
      (n) => !(n >= 0 && n <= max) || PLAIN_DECIMAL.test(String(n)),
      `must have at most ${MAX_DECIMALS} decimals`,
    );
};

/** One schema per strategy value, shared by the device schemas and bulk "set values". */
export const strategyValueSchemas = {
  standbyThresholdW: measure('watts'),
  workingThresholdW: measure('watts'),
  startDebounceS: measure('seconds'),
  stopDebounceS: measure('seconds'),
  messageTimeoutS: measure('seconds').refine((n) => n > 0, 'must be more than 0 seconds'),
};

/** `power_threshold`: idle below standby, working above working, with debounces in seconds. */
export const powerThresholdConfigSchema = z
  .object(strategyValueSchemas)
  .strict()
  .superRefine((cfg, ctx) => {
    if (cfg.standbyThresholdW >= cfg.workingThresholdW) {
      ctx.addIssue({
        code: 'custom',
        path: ['workingThresholdW'],
        message: `must be more than the standby threshold (${cfg.standbyThresholdW} W)`,
      });
    }
  });
export type PowerThresholdConfig = z.infer<typeof powerThresholdConfigSchema>;
export type StrategyConfig = PowerThresholdConfig;

export const DEFAULT_STRATEGY_CONFIG: PowerThresholdConfig = {
  standbyThresholdW: 20,
  workingThresholdW: 100,
  startDebounceS: 3,
  stopDebounceS: 15,
  messageTimeoutS: 20,
};

/** The fields a person edits, all present and valid. */
export interface DeviceFields {
  name: string;
  deviceId: string;
  topicPattern: string;
  parserType: ParserType;
  strategy: Strategy;
  strategyConfig: StrategyConfig;
  active: boolean;
  notes: string;
}

/** A stored device. */
export interface Device extends DeviceFields {
  id: number;
  createdAt: string;
  updatedAt: string;
}

const wellFormed = (s: string) => !hasLoneSurrogate(s);
const WELL_FORMED_MESSAGE = LONE_SURROGATE_MESSAGE;

const nameSchema = z
  .string({ error: 'must be text' })
  .trim()
  .min(1, 'is required')
  .refine((s) => codePoints(s) <= NAME_MAX, `must be at most ${NAME_MAX} characters`)
  .refine((s) => !s.includes('\u0000'), 'must not contain the NUL character')
  .refine(wellFormed, WELL_FORMED_MESSAGE)
  .refine(hasVisibleCharacter, INVISIBLE_MESSAGE);

const deviceIdSchema = z
  .string({ error: 'must be text' })
  .trim()
  .min(1, 'is required')
  .max(64, 'must be at most 64 characters')
  .regex(
    DEVICE_ID_PATTERN,
    'use lowercase letters, digits, "-" and "_", starting with a letter or digit (e.g. laser-01)',
  );

const topicSchema = z.string({ error: 'must be text' }).trim().refine(wellFormed, WELL_FORMED_MESSAGE);

const notesSchema = z
  .string({ error: 'must be text' })
  .refine((s) => codePoints(s) <= NOTES_MAX, `must be at most ${NOTES_MAX} characters`)
  .refine((s) => !s.includes('\u0000'), 'must not contain the NUL character')
  .refine(wellFormed, WELL_FORMED_MESSAGE);

/** Characters as people count them (code points), so an emoji is one, not two UTF-16 units. */
function codePoints(text: string): number {
  let n = 0;
  for (const _ of text) n++;
  return n;
}

const baseFields = {
  name: nameSchema,
  deviceId: deviceIdSchema,
  topicPattern: topicSchema,
  parserType: z.enum(PARSER_TYPES, { error: 'must be "shelly_pm" or "generic"' }),
  strategy: z.enum(STRATEGIES, { error: 'must be "power_threshold"' }),
  active: z.boolean({ error: 'must be true or false' }),
  notes: notesSchema,
};

/** The topic rule depends on the parser: generic filters follow MQTT §4.7; Shelly ones also the prefix rule. */
function topicError(fields: { topicPattern: string; parserType: ParserType }): string | null {
  return fields.parserType === 'shelly_pm'
    ? shellyTopicError(fields.topicPattern)
    : topicFilterError(fields.topicPattern);
}

/**
 * Object-level check of the topic against the parser. `when` lets it run even while other fields are invalid
 * (zod skips object refinements after a type error by default), so every bad field is named at once.
 */
const topicCheck = (fields: { topicPattern: string; parserType: ParserType }) => topicError(fields) === null;
const topicCheckParams = {
  path: ['topicPattern'],
  error: (issue: { input: unknown }) =>
    topicError(issue.input as { topicPattern: string; parserType: ParserType }) ?? 'is not a valid topic',
  when: (payload: { value: unknown }) => {
    const value = payload.value as { topicPattern?: unknown; parserType?: unknown } | null;
    return (
      typeof value === 'object' &&
      value !== null &&
      typeof value.topicPattern === 'string' &&
      (PARSER_TYPES as readonly unknown[]).includes(value.parserType)
    );
  },
};

/** A complete, valid device: what create stores and what update must still be after its patch. */
export const deviceFieldsSchema = z
  .object({ ...baseFields, strategyConfig: powerThresholdConfigSchema })
  .strict()
  .refine(topicCheck, topicCheckParams);

/** `input` as a complete, valid device; otherwise an `invalid_input` failure with an error per field. */
export function validDeviceFields(input: unknown): DeviceFields {
  const parsed = deviceFieldsSchema.safeParse(input);
  if (parsed.success) return parsed.data;
  const fieldErrors = fieldErrorsFromIssues(parsed.error.issues);
  throw new AppFailure('invalid_input', `device: ${summariseFieldErrors(fieldErrors)}`, fieldErrors);
}

/** `devices.create`: the required fields, the rest filled with defaults. */
export const deviceCreateSchema = z
  .object({
    ...baseFields,
    parserType: baseFields.parserType.default('shelly_pm'),
    strategy: baseFields.strategy.default('power_threshold'),
    active: baseFields.active.default(true),
    notes: notesSchema.default(''),
    strategyConfig: z
      .looseObject({})
      .default({})
      .transform((partial) => ({ ...DEFAULT_STRATEGY_CONFIG, ...partial }))
      .pipe(powerThresholdConfigSchema),
  })
  .strict()
  .refine(topicCheck, topicCheckParams);
export type DeviceCreateInput = z.input<typeof deviceCreateSchema>;

/** `devices.update` patch: any subset of the fields; strategyConfig may be partial. Checked again after merging. */
export const devicePatchSchema = z
  .object({
    name: z.unknown(),
    deviceId: z.unknown(),
    topicPattern: z.unknown(),
    parserType: z.unknown(),
    strategy: z.unknown(),
    active: z.unknown(),
    notes: z.unknown(),
    strategyConfig: z.record(z.string(), z.unknown(), { error: 'must be an object' }),
  })
  .partial()
  .strict();
/** A patch as the contract delivers it: any subset of the fields, each value checked only after merging. */
export type DevicePatchInput = z.output<typeof devicePatchSchema>;
/** A patch as the app's own code writes it (the renderer's editor, bulk actions). */
export type DevicePatch = Partial<Omit<DeviceFields, 'strategyConfig'>> & {
  strategyConfig?: Partial<StrategyConfig>;
};

/** Merges a patch into a device's fields; the result is validated with deviceFieldsSchema by the caller. */
export function mergePatch(
  current: DeviceFields,
  patch: DevicePatch | DevicePatchInput,
): Record<string, unknown> {
  const { strategyConfig, ...rest } = patch;
  return {
    ...pickFields(current),
    ...rest,
    strategyConfig: { ...current.strategyConfig, ...(strategyConfig ?? {}) },
  };
}

/** Only the editable fields of a device (drops id and timestamps). */
export function pickFields(device: DeviceFields): DeviceFields {
  return {
    name: device.name,
    deviceId: device.deviceId,
    topicPattern: device.topicPattern,
    parserType: device.parserType,
    strategy: device.strategy,
    strategyConfig: { ...device.strategyConfig },
    active: device.active,
    notes: device.notes,
  };
}

export const deviceIdRefSchema = z
  .object({ id: z.number({ error: 'must be a device id' }).int().positive() })
  .strict();
