/**
 * The editor keeps what the person typed as text (numbers included), so nothing is lost on an error; these
 * helpers turn it into contract input and map main's field paths back onto the inputs.
 */
import {
  DEFAULT_STRATEGY_CONFIG,
  type DeviceCreateInput,
  type DeviceFields,
  type DevicePatch,
  deviceCreateSchema,
  FIELD_LABEL,
  type FieldErrors,
  fieldErrorsFromIssues,
  type ParserType,
  toDeviceId,
} from '../../../src-shared';

export const NUMBER_FIELDS = [
  'standbyThresholdW',
  'workingThresholdW',
  'startDebounceS',
  'stopDebounceS',
  'messageTimeoutS',
] as const;
export type NumberField = (typeof NUMBER_FIELDS)[number];

export interface DeviceFormValues extends Record<NumberField, string> {
  name: string;
  deviceId: string;
  topicPattern: string;
  parserType: ParserType;
  active: boolean;
  notes: string;
}
export type FormField = keyof DeviceFormValues;

/** The label of each field: the accessible names tests and people rely on. */
export const FIELD_LABELS: Record<FormField, string> = (() => {
  const { strategy: _, ...labels } = FIELD_LABEL;
  return labels;
})();

/** The fields in the order the editor shows them. */
export const FORM_FIELDS: readonly FormField[] = [
  'name',
  'deviceId',
  'topicPattern',
  'parserType',
  'active',
  ...NUMBER_FIELDS,
  'notes',
];

const numbersAsText = (cfg: Record<NumberField, number>) =>
  Object.fromEntries(NUMBER_FIELDS.map((f) => [f, String(cfg[f])])) as Record<NumberField, string>;

export function emptyForm(): DeviceFormValues {
  return {
    name: '',
    deviceId: '',
    topicPattern: '',
    parserType: 'shelly_pm',
    ...numbersAsText(DEFAULT_STRATEGY_CONFIG),
    active: true,
    notes: '',
  };
}

export function formFromDevice(device: DeviceFields): DeviceFormValues {
  return {
    name: device.name,
    deviceId: device.deviceId,
    topicPattern: device.topicPattern,
    parserType: device.parserType,
    ...numbersAsText(device.strategyConfig),
    active: device.active,
    notes: device.notes,
  };
}

/**
 * What a number box holds: an empty box becomes null, so main names it ("must be a number") instead of a
 * default slipping in; `7,5` is seven and a half (a decimal comma, as many workshops write it); text that is no
 * number stays text, so the schema names the field. A comma before exactly three digits (`1,500`) could be a
 * thousands separator: that is refused by numberTextError, never guessed.
 */
export function toNumber(text: string): number | string | null {
  const t = text.trim();
  if (t === '') return null;
  const decimal = /^[+-]?\d*,\d+$/.test(t) ? t.replace(',', '.') : t;
  if (!/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(decimal)) return text;
  return Number(decimal);
}

/** Why a number box cannot be read, before any schema: only the ambiguous comma (`1,500`). */
export function numberTextError(text: string): string | null {
  return /^[+-]?\d{1,3},\d{3}$/.test(text.trim())
    ? `is ambiguous: write ${text.trim().replace(',', '')} or ${text.trim().replace(',', '.')}`
    : null;
}

/** The full device as contract input; used for create and, as a patch of every field, for update. */
export function toDeviceInput(values: DeviceFormValues): DeviceCreateInput {
  return {
    name: values.name,
    deviceId: values.deviceId,
    topicPattern: values.topicPattern,
    parserType: values.parserType,
    strategy: 'power_threshold',
    strategyConfig: Object.fromEntries(NUMBER_FIELDS.map((f) => [f, toNumber(values[f])])),
    active: values.active,
    notes: values.notes,
  };
}

/**
 * Only what the person changed, against the values the editor opened with: saving Notes must not also send a
 * threshold that another window has changed since (issue 11 "Never lose an edit").
 */
export function changedPatch(base: DeviceFormValues, values: DeviceFormValues): DevicePatch {
  const full = toDeviceInput(values);
  const patch: Record<string, unknown> = {};
  const strategyConfig: Record<string, unknown> = {};
  for (const field of FORM_FIELDS) {
    if (values[field] === base[field]) continue;
    if ((NUMBER_FIELDS as readonly string[]).includes(field)) {
      strategyConfig[field] = (full.strategyConfig as Record<string, unknown>)[field];
    } else patch[field] = full[field as keyof DeviceCreateInput];
  }
  if (Object.keys(strategyConfig).length > 0) patch.strategyConfig = strategyConfig;
  return patch as DevicePatch;
}

/** The fields whose typed value differs from the value the editor opened with. */
export function changedFields(base: DeviceFormValues, values: DeviceFormValues): FormField[] {
  return FORM_FIELDS.filter((f) => values[f] !== base[f]);
}

/**
 * A device ID suggested from the name as it is typed: `Laser Cutter #2` → `laser-cutter-2` (accents folded,
 * then the discovery panel's toDeviceId rule); empty while the name has nothing to build one from.
 */
export function suggestDeviceId(name: string): string {
  const folded = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/ß/g, 'ss');
  return /[a-z0-9]/i.test(folded) ? toDeviceId(folded.replace(/_/g, '-')) : '';
}

/** The form field a contract field path points at (`strategyConfig.workingThresholdW` → the threshold input). */
export function fieldForPath(path: string): FormField | null {
  const key = path.startsWith('strategyConfig.') ? path.slice('strategyConfig.'.length) : path;
  return Object.hasOwn(FIELD_LABELS, key) ? (key as FormField) : null;
}

export interface MappedErrors {
  byField: Partial<Record<FormField, string>>;
  /** Errors on paths no input shows (e.g. `strategy`), as `path: why`. */
  other: string[];
}

export function mapFieldErrors(fieldErrors: FieldErrors | undefined): MappedErrors {
  const out: MappedErrors = { byField: {}, other: [] };
  for (const [path, why] of Object.entries(fieldErrors ?? {})) {
    const field = fieldForPath(path);
    if (field && !out.byField[field]) out.byField[field] = why;
    else if (!field) out.other.push(`${path}: ${why}`);
  }
  return out;
}

/** Instant hints from the same shared schema main uses; main's answer on Save still decides. */
export function clientHints(values: DeviceFormValues): Partial<Record<FormField, string>> {
  const parsed = deviceCreateSchema.safeParse(toDeviceInput(values));
  const hints = parsed.success ? {} : mapFieldErrors(fieldErrorsFromIssues(parsed.error.issues)).byField;
  for (const field of NUMBER_FIELDS) {
    const why = numberTextError(values[field]);
    if (why) hints[field] = why;
  }
  return hints;
}

/** The number boxes that cannot be sent as they are (see numberTextError). */
export function localNumberErrors(values: DeviceFormValues): Partial<Record<FormField, string>> {
  const out: Partial<Record<FormField, string>> = {};
  for (const field of NUMBER_FIELDS) {
    const why = numberTextError(values[field]);
    if (why) out[field] = why;
  }
  return out;
}

/** `Name is required`, `Use lowercase letters…`: the schema's fragments read as sentences beside the field. */
export function errorSentence(label: string, why: string): string {
  if (/^(is|must|are) /.test(why)) return `${label} ${why}`;
  return why.charAt(0).toUpperCase() + why.slice(1);
}
