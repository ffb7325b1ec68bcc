import { type InputHTMLAttributes, type ReactNode, useId } from 'react';

export interface FieldProps {
  label: string;
  error?: string | undefined;
  hint?: ReactNode;
  /** Visual unit after the input, outside the label so the accessible name stays the label. */
  unit?: string;
  children(props: { id: string; 'aria-invalid': boolean; 'aria-describedby': string | undefined }): ReactNode;
  className?: string;
}

/** A label, the control, an optional hint and the field's error, wired up for assistive technology. */
export function Field({ label, error, hint, unit, children, className }: FieldProps) {
  const id = useId();
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = error ? `${id}-error` : undefined;
  const describedBy = [errorId, hintId].filter(Boolean).join(' ') || undefined;
  return (
    <div className={`field${error ? ' field-invalid' : ''}${className ? ` ${className}` : ''}`}>
      <label htmlFor={id}>{label}</label>
      <div className="field-control">
        {children({ id, 'aria-invalid': Boolean(error), 'aria-describedby': describedBy })}
        {unit ? (
          <span className="field-unit" aria-hidden="true">
            {unit}
          </span>
        ) : null}
      </div>
      {hint ? (
        <div id={hintId} className="field-hint">
          {hint}
        </div>
      ) : null}
      {error ? (
        <p id={errorId} className="field-error">
          {error}
        </p>
      ) : null}
    </div>
  );
}

/** What an input inside a Field takes: the Field's wiring, other input attributes, the text and its setter. */
export type FieldInputProps = Omit<InputHTMLAttributes<HTMLInputElement>, 'value' | 'onChange'> & {
  value: string;
  onValue(value: string): void;
};

/**
 * A watt or second value as typed text (read with device-form.ts `toNumber`), like the editor's boxes: a browser's
 * number box would turn a decimal comma into nothing or, in Chromium, `7,5` into 75.
 */
export function AmountInput({ value, onValue, ...field }: FieldInputProps) {
  return (
    <input
      {...field}
      type="text"
      inputMode="decimal"
      autoComplete="off"
      value={value}
      onChange={(e) => onValue(e.target.value)}
    />
  );
}

/** A yes/no setting: a checkbox inside its label, and a line saying what it does. */
export function CheckField({
  label,
  hint,
  checked,
  onChecked,
}: {
  label: string;
  hint: string;
  checked: boolean;
  onChecked(checked: boolean): void;
}) {
  return (
    <div className="field field-check">
      <label className="check">
        <input type="checkbox" checked={checked} onChange={(e) => onChecked(e.target.checked)} />
        {label}
      </label>
      <p className="field-hint">{hint}</p>
    </div>
  );
}
