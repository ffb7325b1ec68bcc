import { type FormEvent, useState } from 'react';
import {
  errorSentence,
  FIELD_LABELS,
  NUMBER_FIELDS,
  type NumberField,
  numberTextError,
  toNumber,
} from '../lib/device-form';
import { useDevices, useStores } from '../stores/stores-context';
import { devicesWord } from './bulk-bar';
import { DialogActions } from './dialog-actions';
import { useDiscardGuard } from './discard-guard';
import { AmountInput, Field } from './form-field';
import { Modal } from './modal';

type Values = Record<NumberField, string>;

const EMPTY: Values = Object.fromEntries(NUMBER_FIELDS.map((f) => [f, ''])) as Values;

/** `action.strategyConfig.workingThresholdW` (input schema) or `strategyConfig.workingThresholdW` (store). */
function numberFieldOf(path: string): NumberField | null {
  const last = path.split('.').at(-1) ?? '';
  return (NUMBER_FIELDS as readonly string[]).includes(last) ? (last as NumberField) : null;
}

/**
 * Sets strategy values on every selected device at once. Only the filled boxes are sent; an empty box leaves
 * that value as each device has it. Main checks every device (e.g. working above standby) and changes none
 * when one is refused; its answer names the device.
 */
export function BulkSetDialog({ onClose }: { onClose(): void }) {
  const { devices: store, notifications } = useStores();
  const count = useDevices((s) => s.selection.selected.size);
  const [values, setValues] = useState<Values>(EMPTY);
  const [errors, setErrors] = useState<Partial<Record<NumberField, string>>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  // Typed values are asked about before Escape, Cancel or the backdrop throw them away, as in the editor.
  const { requestClose, confirm } = useDiscardGuard(
    NUMBER_FIELDS.some((f) => values[f].trim() !== ''),
    onClose,
  );

  async function submit(event: FormEvent) {
    event.preventDefault();
    const filled = NUMBER_FIELDS.filter((f) => values[f].trim() !== '');
    if (filled.length === 0) {
      setErrors({});
      setFormError('Fill in at least one value. Empty boxes leave that value as each device has it.');
      return;
    }
    const unreadable = Object.fromEntries(
      filled.flatMap((f) => {
        const why = numberTextError(values[f]);
        return why ? [[f, why]] : [];
      }),
    );
    if (Object.keys(unreadable).length > 0) {
      setErrors(unreadable);
      setFormError('Nothing was changed: fix the value marked above.');
      return;
    }
    // Text that is no number, or one too big to hold (1e999), goes to main as null: main names the field.
    const strategyConfig = Object.fromEntries(
      filled.map((f) => {
        const n = toNumber(values[f]);
        return [f, typeof n === 'number' && Number.isFinite(n) ? n : null];
      }),
    );
    setSaving(true);
    const result = await store
      .getState()
      .bulk({ kind: 'set', strategyConfig: strategyConfig as Record<NumberField, number> });
    setSaving(false);
    if (result.ok) {
      notifications.getState().show({
        tone: 'success',
        title: `Set ${filled.map((f) => FIELD_LABELS[f]).join(', ')}`,
        message: `${devicesWord(result.value.changed)} changed of ${count.toLocaleString()} selected.`,
      });
      onClose();
      return;
    }
    const byField: Partial<Record<NumberField, string>> = {};
    const other: string[] = [];
    for (const [path, why] of Object.entries(result.error.fieldErrors ?? {})) {
      const field = numberFieldOf(path);
      if (field && !byField[field]) byField[field] = why;
      else if (!field) other.push(`${path}: ${why}`);
    }
    setErrors(byField);
    setFormError(
      other.length > 0
        ? `Nothing was changed: ${other.join('; ')}`
        : Object.keys(byField).length > 0
          ? 'Nothing was changed: fix the value marked above.'
          : `Nothing was changed: ${result.error.message}`,
    );
  }

  return (
    <>
      <Modal title={`Set values for ${devicesWord(count)}`} onCancel={requestClose}>
        <form className="editor" onSubmit={submit} noValidate>
          <p className="muted">
            Fill in only the values to change; empty boxes leave each device's own value. Every selected
            device is checked, and none changes if one would be invalid.
          </p>
          <div className="editor-grid">
            {NUMBER_FIELDS.map((field) => (
              <Field
                key={field}
                label={FIELD_LABELS[field]}
                unit={field.endsWith('W') ? 'W' : 's'}
                error={errors[field] ? errorSentence(FIELD_LABELS[field], errors[field]) : undefined}
              >
                {(p) => (
                  <AmountInput
                    {...p}
                    placeholder="unchanged"
                    value={values[field]}
                    onValue={(value) => setValues((v) => ({ ...v, [field]: value }))}
                  />
                )}
              </Field>
            ))}
          </div>
          {formError ? (
            <div className="form-error" role="alert">
              {formError}
            </div>
          ) : null}
          <DialogActions
            onCancel={requestClose}
            submitLabel="Set values"
            busy={saving}
            disabled={count === 0}
          />
        </form>
      </Modal>
      {confirm}
    </>
  );
}
