import { type Ref, useState } from 'react';
import type { Result } from '../../../src-shared';
import type { FieldInputProps } from './form-field';

/** Where a connection test stands: not run, running, answered, or the call itself failed. */
export type TestState<R> =
  | { kind: 'idle' }
  | { kind: 'testing' }
  | { kind: 'done'; result: R }
  | { kind: 'error'; message: string };

/**
 * A test's state and the function that runs it; `reset` forgets the last answer (the field was edited).
 * `refused` says whether the field already refuses the URL: then `start` asks nobody, and `onRefused` shows the
 * field's own error (once, rather than again as a failed test) and puts the focus there.
 */
export function useConnectionTest<R>(
  run: () => Promise<Result<R>>,
  guard?: { refused(): boolean; onRefused(): void },
) {
  const [state, setState] = useState<TestState<R>>({ kind: 'idle' });
  async function start() {
    if (guard?.refused()) {
      setState({ kind: 'idle' });
      guard.onRefused();
      return;
    }
    setState({ kind: 'testing' });
    const result = await run();
    setState(
      result.ok ? { kind: 'done', result: result.value } : { kind: 'error', message: result.error.message },
    );
  }
  return { state, start, reset: () => setState({ kind: 'idle' }) };
}

/** A secret (a token, a password): hidden, never autocompleted or spell-checked. */
export function SecretInput({ value, onValue, ...field }: FieldInputProps) {
  return (
    <input
      {...field}
      type="password"
      autoComplete="off"
      spellCheck={false}
      value={value}
      onChange={(e) => onValue(e.target.value)}
    />
  );
}

/** A server address with its Test button beside it. */
export function UrlTestInput({
  value,
  onValue,
  inputRef,
  testLabel,
  testing,
  canTest = true,
  onTest,
  ...field
}: FieldInputProps & {
  inputRef?: Ref<HTMLInputElement>;
  testLabel: string;
  testing: boolean;
  canTest?: boolean;
  onTest(): void;
}) {
  return (
    <div className="input-with-button">
      <input
        {...field}
        ref={inputRef}
        inputMode="url"
        autoComplete="off"
        spellCheck={false}
        value={value}
        onChange={(e) => onValue(e.target.value)}
      />
      <button
        type="button"
        className="button"
        onClick={onTest}
        disabled={testing || !canTest}
        aria-busy={testing}
      >
        {testLabel}
      </button>
    </div>
  );
}
