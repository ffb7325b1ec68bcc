/**
 * The editor keeps what the person typed as text (numbers included), so nothing is lost on an error; these
 * helpers turn it into contract input and map main's field paths back onto the inputs.
 */
import {
  DEFAULT_STRATEGY_CONFIG,
  type Device,
  type DeviceCreateInput,
  deviceCreateSchema,
  type FieldErrors,
  fieldErrorsFromIssues,
  type ParserType,
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
export const FIELD_LABELS: Record<FormField, string> = {
  name: 'Name',
  deviceId: 'Device ID',
  topicPattern: 'MQTT topic',
  parserType: 'Parser',
  standbyThresholdW: 'Standby threshold (W)',
  workingThresholdW: 'Working threshold (W)',
  startDebounceS: 'Start debounce (s)',
  stopDebounceS: 'Stop debounce (s)',
  messageTimeoutS: 'Message timeout (s)',
  active: 'Active',
  notes: 'Notes',
};

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

export function formFromDevice(device: Device): DeviceFormValues {
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

/** An empty number box becomes null, so main names it ("must be a number") instead of a default slipping in. */
function toNumber(text: string): number | null {
  return text.trim() === '' ? null : Number(text);
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
  if (parsed.success) return {};
  return mapFieldErrors(fieldErrorsFromIssues(parsed.error.issues)).byField;
}

/** `Name is required`, `Use lowercase letters…`: the schema's fragments read as sentences beside the field. */
export function errorSentence(label: string, why: string): string {
  if (/^(is|must|are) /.test(why)) return `${label} ${why}`;
  return why.charAt(0).toUpperCase() + why.slice(1);
}
