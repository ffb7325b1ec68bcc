import { type FormEvent, useEffect, useMemo, useRef, useState } from 'react';
import { type AppError, type Device, type ParserType, type Result, toMqttTopic } from '../../../src-shared';
import {
  clientHints,
  type DeviceFormValues,
  emptyForm,
  errorSentence,
  FIELD_LABELS,
  type FormField,
  formFromDevice,
  mapFieldErrors,
  type NumberField,
  toDeviceInput,
} from '../lib/device-form';
import { useStores } from '../stores/stores-context';
import { DialogActions } from './dialog-actions';
import { Field } from './form-field';
import { Modal } from './modal';

export interface DeviceEditorProps {
  /** The device to edit, or null to create one. */
  device: Device | null;
  onClose(): void;
}

const NUMBER_INPUTS: Array<{ field: NumberField; unit: string; step: string }> = [
  { field: 'standbyThresholdW', unit: 'W', step: 'any' },
  { field: 'workingThresholdW', unit: 'W', step: 'any' },
  { field: 'startDebounceS', unit: 's', step: 'any' },
  { field: 'stopDebounceS', unit: 's', step: 'any' },
  { field: 'messageTimeoutS', unit: 's', step: 'any' },
];

/** Create or edit one device. Main's field errors decide; the shared schema gives hints as fields are left. */
export function DeviceEditor({ device, onClose }: DeviceEditorProps) {
  const { devices } = useStores();
  const [values, setValues] = useState<DeviceFormValues>(() =>
    device ? formFromDevice(device) : emptyForm(),
  );
  const [touched, setTouched] = useState<Partial<Record<FormField, boolean>>>({});
  const [serverErrors, setServerErrors] = useState<Partial<Record<FormField, string>>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const nameRef = useRef<HTMLInputElement>(null);
  const formRef = useRef<HTMLFormElement>(null);

  // After main refuses, take the person to the first field it named.
  const [refusals, setRefusals] = useState(0);
  useEffect(() => {
    if (refusals > 0) formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  }, [refusals]);

  const hints = useMemo(() => clientHints(values), [values]);
  const errorFor = (field: FormField): string | undefined => {
    const why = serverErrors[field] ?? (touched[field] ? hints[field] : undefined);
    return why ? errorSentence(FIELD_LABELS[field], why) : undefined;
  };

  function change<F extends FormField>(field: F, value: DeviceFormValues[F]) {
    setValues((v) => ({ ...v, [field]: value }));
    // The person is fixing this field: main's old verdict on it no longer applies.
    setServerErrors(({ [field]: _, ...rest }) => rest);
  }
  const touch = (field: FormField) => () => setTouched((t) => ({ ...t, [field]: true }));

  async function save(event: FormEvent) {
    event.preventDefault();
    if (saving) return;
    setSaving(true);
    setFormError(null);
    const input = toDeviceInput(values);
    let result: Result<Device>;
    try {
      result = device
        ? await devices.getState().update(device.id, input)
        : await devices.getState().create(input);
    } finally {
      setSaving(false);
    }
    if (result.ok) {
      onClose();
      return;
    }
    showError(result.error);
  }

  function showError(error: AppError) {
    const mapped = mapFieldErrors(error.fieldErrors);
    setServerErrors(mapped.byField);
    setRefusals((n) => n + 1);
    const mappedAny = Object.keys(mapped.byField).length > 0;
    setFormError(
      mapped.other.length > 0
        ? mapped.other.join('; ')
        : mappedAny
          ? 'Please correct the marked fields.'
          : error.message,
    );
  }

  const mqttTopic = values.topicPattern.trim()
    ? toMqttTopic(values.topicPattern.trim(), values.parserType)
    : '';

  return (
    <Modal
      title={device ? `Edit ${device.name}` : 'Add device'}
      onCancel={onClose}
      initialFocus={nameRef}
      fallbackFocusId="device-search"
      size="wide"
    >
      <form ref={formRef} className="editor" onSubmit={save} noValidate>
        {formError ? (
          <div className="form-error" role="alert">
            {formError}
          </div>
        ) : null}
        <div className="editor-grid">
          <Field label={FIELD_LABELS.name} error={errorFor('name')}>
            {(p) => (
              <input
                {...p}
                ref={nameRef}
                value={values.name}
                onChange={(e) => change('name', e.target.value)}
                onBlur={touch('name')}
                autoComplete="off"
                placeholder="Laser cutter"
              />
            )}
          </Field>
          <Field
            label={FIELD_LABELS.deviceId}
            error={errorFor('deviceId')}
            hint="Lowercase letters, digits, - and _; the bridge knows the machine by it."
          >
            {(p) => (
              <input
                {...p}
                value={values.deviceId}
                onChange={(e) => change('deviceId', e.target.value)}
                onBlur={touch('deviceId')}
                autoComplete="off"
                spellCheck={false}
                placeholder="laser-01"
              />
            )}
          </Field>
          <Field
            label={FIELD_LABELS.topicPattern}
            error={errorFor('topicPattern')}
            className="span-2"
            hint={
              <>
                Bridge subscribes to: <code data-testid="mqtt-topic-preview">{mqttTopic || '—'}</code>
              </>
            }
          >
            {(p) => (
              <input
                {...p}
                value={values.topicPattern}
                onChange={(e) => change('topicPattern', e.target.value)}
                onBlur={touch('topicPattern')}
                autoComplete="off"
                spellCheck={false}
                placeholder="shellypmmini-laser/#"
              />
            )}
          </Field>
          <Field label={FIELD_LABELS.parserType} error={errorFor('parserType')}>
            {(p) => (
              <select
                {...p}
                value={values.parserType}
                onChange={(e) => change('parserType', e.target.value as ParserType)}
              >
                <option value="shelly_pm">Shelly PM (shelly_pm)</option>
                <option value="generic">Generic (generic)</option>
              </select>
            )}
          </Field>
          <div className="field field-check">
            <label className="check">
              <input
                type="checkbox"
                checked={values.active}
                onChange={(e) => change('active', e.target.checked)}
              />
              {FIELD_LABELS.active}
            </label>
            <p className="field-hint">Only active devices are sent to the bridge.</p>
          </div>
        </div>
        <fieldset className="editor-strategy">
          <legend>Power threshold strategy</legend>
          <div className="editor-grid editor-grid-3">
            {NUMBER_INPUTS.map(({ field, unit, step }) => (
              <Field key={field} label={FIELD_LABELS[field]} error={errorFor(field)} unit={unit}>
                {(p) => (
                  <input
                    {...p}
                    type="number"
                    inputMode="decimal"
                    min={0}
                    step={step}
                    value={values[field]}
                    onChange={(e) => change(field, e.target.value)}
                    onBlur={touch(field)}
                  />
                )}
              </Field>
            ))}
          </div>
        </fieldset>
        <Field label={FIELD_LABELS.notes} error={errorFor('notes')} hint="Never sent to the bridge.">
          {(p) => (
            <textarea
              {...p}
              rows={2}
              value={values.notes}
              onChange={(e) => change('notes', e.target.value)}
              onBlur={touch('notes')}
            />
          )}
        </Field>
        <DialogActions onCancel={onClose} submitLabel="Save" busy={saving} />
      </form>
    </Modal>
  );
}
