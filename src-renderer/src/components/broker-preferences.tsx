import { useRef, useState } from 'react';
import { type BrokerTestResult, brokerUrlError, type Settings } from '../../../src-shared';
import { formatDuration } from '../lib/format-time';
import { useStores } from '../stores/stores-context';
import { Field } from './form-field';
import { SecretInput, type TestState, UrlTestInput, useConnectionTest } from './preference-inputs';

type BrokerKey = 'brokerUrl' | 'brokerUsername' | 'brokerPassword';

export const BROKER_LABELS: Record<BrokerKey, string> = {
  brokerUrl: 'Broker URL',
  brokerUsername: 'Broker username',
  brokerPassword: 'Broker password',
};

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
  const { settings } = useStores();
  const [touched, setTouched] = useState(false);
  const urlRef = useRef<HTMLInputElement>(null);
  const test = useConnectionTest(
    () =>
      settings.getState().testBroker({
        url: values.brokerUrl.trim(),
        username: values.brokerUsername,
        password: values.brokerPassword,
      }),
    {
      refused: () => brokerUrlError(values.brokerUrl) !== null,
      onRefused: () => {
        setTouched(true);
        urlRef.current?.focus();
      },
    },
  );
  const urlHint = touched ? brokerUrlError(values.brokerUrl) : null;

  const edit = (key: BrokerKey, value: string) => {
    change(key, value);
    test.reset();
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
          <UrlTestInput
            {...p}
            value={values.brokerUrl}
            onValue={(value) => edit('brokerUrl', value)}
            onBlur={() => setTouched(true)}
            placeholder="mqtt://broker.local:1883"
            testLabel="Test broker"
            testing={test.state.kind === 'testing'}
            canTest={values.brokerUrl.trim() !== ''}
            inputRef={urlRef}
            onTest={test.start}
          />
        )}
      </Field>
      <BrokerTestLine state={test.state} />
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
            <SecretInput
              {...p}
              value={values.brokerPassword}
              onValue={(value) => edit('brokerPassword', value)}
            />
          )}
        </Field>
      </div>
    </fieldset>
  );
}

function BrokerTestLine({ state }: { state: TestState<BrokerTestResult> }) {
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
