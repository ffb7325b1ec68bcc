import { FIELD_LABELS, NUMBER_FIELDS, type NumberField } from '../lib/device-form';
import type { ThresholdErrors, ThresholdValues } from '../lib/threshold-form';
import { AmountInput, Field } from './form-field';

const UNITS: Record<NumberField, string> = {
  standbyThresholdW: 'W',
  workingThresholdW: 'W',
  startDebounceS: 's',
  stopDebounceS: 's',
  messageTimeoutS: 's',
};

export interface ThresholdPanelProps {
  values: ThresholdValues;
  errors: ThresholdErrors;
  changed: boolean;
  applying: boolean;
  onChange(field: NumberField, text: string): void;
  onApply(): void;
  onReset(): void;
}

/** The five values of the power threshold strategy, tried out live; Apply saves them, Reset takes the stored. */
export function ThresholdPanel({
  values,
  errors,
  changed,
  applying,
  onChange,
  onApply,
  onReset,
}: ThresholdPanelProps) {
  const invalid = Object.keys(errors).length > 0;
  return (
    <form
      className="threshold-panel"
      aria-label="Thresholds"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        onApply();
      }}
    >
      {NUMBER_FIELDS.map((field) => (
        <Field key={field} label={FIELD_LABELS[field]} error={errors[field]} unit={UNITS[field]}>
          {(p) => <AmountInput {...p} value={values[field]} onValue={(value) => onChange(field, value)} />}
        </Field>
      ))}
      <div className="threshold-actions">
        <button type="button" className="button" onClick={onReset} disabled={!changed || applying}>
          Reset
        </button>
        <button
          type="submit"
          className="button button-primary"
          disabled={!changed || invalid || applying}
          aria-busy={applying}
        >
          Apply thresholds
        </button>
      </div>
    </form>
  );
}
