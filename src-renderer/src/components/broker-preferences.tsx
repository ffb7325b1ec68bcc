import { useState } from 'react';
import { type BrokerTestResult, brokerUrlError, type Settings } from '../../../src-shared';
import { formatDuration } from '../lib/format-time';
import { useStores } from '../stores/stores-context';
import { Field } from './form-field';

type BrokerKey = 'brokerUrl' | 'brokerUsername' | 'brokerPassword';

export const BROKER_LABELS: Record<BrokerKey, string> = {
  brokerUrl: 'Broker URL',
  brokerUsername: 'Broker username',
  brokerPassword: 'Broker password',
};

type TestState =
  | { kind: 'idle' }
  | { kind: 'testing' }
  | { kind: 'done'; result: BrokerTestResult }
  | { kind: 'error'; message: string };

/**
 * The live view's broker login in Preferences, with **Test broker** (one connection attempt through main, told
 * in one sentence). The fields belong to the Preferences form: it owns the values and saves them.
 */
export function BrokerFields({
  values,
  change,
  errorFor,
}: {
  values: Pick<Settings, BrokerKey>;
  change(key: BrokerKey, value: string): void;
  errorFor(key: BrokerKey, hint: string | null): string | undefined;
}) {
  const { api } = useStores();
  const [touched, setTouched] = useState(false);
  const [test, setTest] = useState<TestState>({ kind: 'idle' });
  const urlHint = touched ? brokerUrlError(values.brokerUrl) : null;

  async function runTest() {
    setTest({ kind: 'testing' });
    const result = await api.invoke('broker.test', {
      url: values.brokerUrl.trim(),
      username: values.brokerUsername,
      password: values.brokerPassword,
    });
    setTest(
      result.ok ? { kind: 'done', result: result.value } : { kind: 'error', message: result.error.message },
    );
  }

  const edit = (key: BrokerKey, value: string) => {
    change(key, value);
    setTest({ kind: 'idle' });
  };

  return (
    <fieldset className="preferences-group">
      <legend>Live view</legend>
      <Field
        label={BROKER_LABELS.brokerUrl}
        error={errorFor('brokerUrl', urlHint)}
        hint="The MQTT broker the bridge listens to (mqtt://, mqtts://, ws:// or wss://). Empty turns the live view off."
      >
        {(p) => (
          <div className="input-with-button">
            <input
              {...p}
              inputMode="url"
              autoComplete="off"
              spellCheck={false}
              value={values.brokerUrl}
              onChange={(e) => edit('brokerUrl', e.target.value)}
              onBlur={() => setTouched(true)}
              placeholder="mqtt://broker.local:1883"
            />
            <button
              type="button"
              className="button"
              onClick={runTest}
              disabled={test.kind === 'testing' || values.brokerUrl.trim() === ''}
              aria-busy={test.kind === 'testing'}
            >
              Test broker
            </button>
          </div>
        )}
      </Field>
      <BrokerTestLine state={test} />
      <div className="field-row">
        <Field label={BROKER_LABELS.brokerUsername} error={errorFor('brokerUsername', null)} hint="Optional.">
          {(p) => (
            <input
              {...p}
              autoComplete="off"
              spellCheck={false}
              value={values.brokerUsername}
              onChange={(e) => edit('brokerUsername', e.target.value)}
            />
          )}
        </Field>
        <Field label={BROKER_LABELS.brokerPassword} error={errorFor('brokerPassword', null)} hint="Optional.">
          {(p) => (
            <input
              {...p}
              type="password"
              autoComplete="off"
              spellCheck={false}
              value={values.brokerPassword}
              onChange={(e) => edit('brokerPassword', e.target.value)}
            />
          )}
        </Field>
      </div>
    </fieldset>
  );
}

function BrokerTestLine({ state }: { state: TestState }) {
  if (state.kind === 'idle') return null;
  const [cls, text] =
    state.kind === 'testing'
      ? ['', 'Connecting to the broker…']
      : state.kind === 'error'
        ? ['test-bad', `Test failed: ${state.message}`]
        : [
            state.result.outcome === 'connected' ? 'test-good' : 'test-bad',
            `${state.result.message}${state.result.outcome === 'connected' ? ` (${formatDuration(state.result.latencyMs)})` : ''}`,
          ];
  return (
    <p className={`test-result ${cls}`} role="status" aria-label="Broker test">
      {text}
    </p>
  );
}
