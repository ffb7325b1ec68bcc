import { useId } from 'react';
import { FIELD_LABELS, NUMBER_FIELDS, type NumberField } from '../lib/device-form';
import { FIELD_EXPLANATIONS, MACHINE_PRESETS, matchingPreset } from '../lib/device-presets';
import { Field } from './form-field';

export interface StrategyFieldsProps {
  values: Record<NumberField, string>;
  errorFor(field: NumberField): string | undefined;
  onChange(field: NumberField, value: string): void;
  onBlur(field: NumberField): void;
  /** A preset was chosen: all five values at once. */
  onPreset(values: Record<NumberField, string>): void;
}

/**
 * The power-threshold strategy: a machine-kind preset that fills the five values, and each value with one plain
 * line saying what it does. Number boxes are text boxes with a decimal keyboard, so `7,5` reaches our parser
 * (device-form.ts toNumber) instead of the browser's, which drops the comma in an English locale.
 */
export function StrategyFields({ values, errorFor, onChange, onBlur, onPreset }: StrategyFieldsProps) {
  const presetId = useId();
  const current = matchingPreset(values);
  return (
    <fieldset className="editor-strategy">
      <legend>Power threshold strategy</legend>
      <div className="preset-row">
        <label htmlFor={presetId}>Machine kind</label>
        <select
          id={presetId}
          value={current?.id ?? ''}
          onChange={(e) => {
            const preset = MACHINE_PRESETS.find((p) => p.id === e.target.value);
            if (!preset) return;
            onPreset(
              Object.fromEntries(NUMBER_FIELDS.map((f) => [f, String(preset.config[f])])) as Record<
                NumberField,
                string
              >,
            );
          }}
        >
          {current ? null : <option value="">Own values</option>}
          {MACHINE_PRESETS.map((p) => (
            <option key={p.id} value={p.id}>
              {p.label}
            </option>
          ))}
        </select>
        <span className="field-hint">
          Fills the values below with a sensible start; adjust to the machine.
        </span>
      </div>
      <div className="strategy-grid">
        {NUMBER_FIELDS.map((field) => (
          <Field
            key={field}
            label={FIELD_LABELS[field]}
            error={errorFor(field)}
            unit={field.endsWith('W') ? 'W' : 's'}
            hint={FIELD_EXPLANATIONS[field]}
          >
            {(p) => (
              <input
                {...p}
                type="text"
                inputMode="decimal"
                autoComplete="off"
                value={values[field]}
                onChange={(e) => onChange(field, e.target.value)}
                onBlur={() => onBlur(field)}
              />
            )}
          </Field>
        ))}
      </div>
    </fieldset>
  );
}
