/**
 * The names people see for a device's fields, with their units: one source for the editor's labels, the CSV
 * export's header, the import's accepted columns, and the sentences that describe changes ("Working threshold:
 * 80 W → 120 W").
 */

/** Every field a person edits, strategy values flattened (as the editor and the CSV show them). */
export const LABELLED_FIELDS = [
  'name',
  'deviceId',
  'topicPattern',
  'parserType',
  'strategy',
  'standbyThresholdW',
  'workingThresholdW',
  'startDebounceS',
  'stopDebounceS',
  'messageTimeoutS',
  'active',
  'notes',
] as const;
export type LabelledField = (typeof LABELLED_FIELDS)[number];

/** The label with its unit, as on the editor's inputs and in the CSV header. */
export const FIELD_LABEL: Record<LabelledField, string> = {
  name: 'Name',
  deviceId: 'Device ID',
  topicPattern: 'MQTT topic',
  parserType: 'Parser',
  strategy: 'Strategy',
  standbyThresholdW: 'Standby threshold (W)',
  workingThresholdW: 'Working threshold (W)',
  startDebounceS: 'Start debounce (s)',
  stopDebounceS: 'Stop debounce (s)',
  messageTimeoutS: 'Message timeout (s)',
  active: 'Active',
  notes: 'Notes',
};

const UNIT: Partial<Record<LabelledField, string>> = {
  standbyThresholdW: 'W',
  workingThresholdW: 'W',
  startDebounceS: 's',
  stopDebounceS: 's',
  messageTimeoutS: 's',
};

/** The label without its unit, for sentences: `Working threshold`. */
export function plainLabel(field: LabelledField): string {
  return FIELD_LABEL[field].replace(/ \((W|s)\)$/, '');
}

/** A value as a person reads it: `120 W`, `15 s`, `on`/`off`, `Shelly PM`, “text”. */
export function formatFieldValue(field: LabelledField, value: unknown): string {
  const unit = UNIT[field];
  if (unit) return `${String(value)} ${unit}`;
  if (field === 'active') return value ? 'on' : 'off';
  if (field === 'parserType')
    return value === 'shelly_pm' ? 'Shelly PM' : value === 'generic' ? 'Generic' : String(value);
  if (typeof value !== 'string') return String(value);
  const text = value.length > 60 ? `${value.slice(0, 57)}…` : value;
  return `“${text}”`;
}

/** `Working threshold: 80 W → 120 W`. */
export function describeFieldChange(field: LabelledField, from: unknown, to: unknown): string {
  return `${plainLabel(field)}: ${formatFieldValue(field, from)} → ${formatFieldValue(field, to)}`;
}

/** The bridge config's field names (`session_config.working_threshold_w`) as the fields people know. */
const BRIDGE_FIELD: Record<string, LabelledField> = {
  device_id: 'deviceId',
  name: 'name',
  mqtt_topic: 'topicPattern',
  parser_type: 'parserType',
  'session_config.strategy': 'strategy',
  'session_config.standby_threshold_w': 'standbyThresholdW',
  'session_config.working_threshold_w': 'workingThresholdW',
  'session_config.start_debounce_s': 'startDebounceS',
  'session_config.stop_debounce_s': 'stopDebounceS',
  'session_config.message_timeout_s': 'messageTimeoutS',
};

/** A bridge config field (`session_config.working_threshold_w`) as the field people know, or null. */
export function fieldOfBridgeKey(key: string): LabelledField | null {
  return BRIDGE_FIELD[key] ?? null;
}

/** A field path of the contract (`strategyConfig.workingThresholdW`, `deviceId`) as a labelled field, or null. */
export function fieldOfPath(path: string): LabelledField | null {
  const key = path.startsWith('strategyConfig.') ? path.slice('strategyConfig.'.length) : path;
  return (LABELLED_FIELDS as readonly string[]).includes(key) ? (key as LabelledField) : null;
}

/** The labels (`Standby threshold (W)`) and plain labels (`Standby threshold`) in lower case, to their fields. */
const FIELD_OF_LABEL = new Map<string, LabelledField>(
  LABELLED_FIELDS.flatMap((field) => [
    [FIELD_LABEL[field].toLowerCase(), field] as const,
    [plainLabel(field).toLowerCase(), field] as const,
  ]),
);

/** A column header written as people see it (`Standby threshold (W)`, any case) as its field, or null. */
export function fieldOfLabel(header: string): LabelledField | null {
  return FIELD_OF_LABEL.get(header.trim().replace(/\s+/g, ' ').toLowerCase()) ?? null;
}
