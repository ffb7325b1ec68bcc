import { useId } from 'react';

export interface Choice<T extends string> {
  value: T;
  /** The radio's accessible name. */
  label: string;
  /** Read as the radio's description, not its name. */
  hint: string;
}

/** A labelled group of radios (a fieldset with a legend), each with a name and a describing hint. */
export function ChoiceGroup<T extends string>({
  legend,
  choices,
  value,
  onChange,
  disabled,
}: {
  legend: string;
  choices: ReadonlyArray<Choice<T>>;
  value: T;
  onChange(value: T): void;
  disabled?: boolean;
}) {
  const id = useId();
  return (
    <fieldset className="choice-group" disabled={disabled}>
      <legend>{legend}</legend>
      {choices.map((c) => (
        <label key={c.value} className="choice">
          <input
            type="radio"
            name={id}
            value={c.value}
            checked={value === c.value}
            aria-labelledby={`${id}-${c.value}-label`}
            aria-describedby={`${id}-${c.value}`}
            onChange={() => onChange(c.value)}
          />
          <span>
            <span id={`${id}-${c.value}-label`} className="choice-label">
              {c.label}
            </span>
            <span id={`${id}-${c.value}`} className="choice-hint">
              {c.hint}
            </span>
          </span>
        </label>
      ))}
    </fieldset>
  );
}
