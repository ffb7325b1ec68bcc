import { type FormEvent, useEffect, useRef, useState } from 'react';
import {
  type BridgeTestResult,
  bridgeUrlError,
  type NotificationLevel,
  type Settings,
  type SettingsPatch,
} from '../../../src-shared';
import { errorSentence } from '../lib/device-form';
import { useSettings, useStores, useSync } from '../stores/stores-context';
import { BROKER_LABELS, BrokerFields } from './broker-preferences';
import { DialogActions } from './dialog-actions';
import { useDiscardGuard } from './discard-guard';
import { CheckField, Field } from './form-field';
import { Modal } from './modal';
import { SecretInput, type TestState, UrlTestInput, useConnectionTest } from './preference-inputs';

const LABELS: Record<keyof Settings, string> = {
  bridgeUrl: 'Bridge URL',
  autoPush: 'Auto push',
  notifications: 'Notifications',
  bridgeToken: 'Bridge token',
  ...BROKER_LABELS,
};

export function PreferencesDialog({ onClose }: { onClose(): void }) {
  const settings = useSettings((s) => s.settings);
  const loadError = useSettings((s) => s.loadError);
  // Escape, Cancel or the backdrop ask before typed preferences are thrown away, as in the device editor.
  const [dirty, setDirty] = useState(false);
  const { requestClose, confirm } = useDiscardGuard(dirty, onClose);
  return (
    <>
      <Modal title="Preferences" onCancel={requestClose}>
        {settings ? (
          <PreferencesForm initial={settings} onClose={onClose} onCancel={requestClose} onDirty={setDirty} />
        ) : (
          <>
            <p className={loadError ? 'form-error' : 'muted'} role={loadError ? 'alert' : undefined}>
              {loadError ? `Could not load the preferences: ${loadError}` : 'Loading preferences…'}
            </p>
            <div className="modal-actions">
              <button type="button" className="button" onClick={onClose}>
                Cancel
              </button>
            </div>
          </>
        )}
      </Modal>
      {confirm}
    </>
  );
}

function PreferencesForm({
  initial,
  onClose,
  onCancel,
  onDirty,
}: {
  initial: Settings;
  /** After a save, or when nothing changed. */
  onClose(): void;
  onCancel(): void;
  onDirty(dirty: boolean): void;
}) {
  const { settings } = useStores();
  const [values, setValues] = useState<Settings>(initial);
  const [errors, setErrors] = useState<Partial<Record<keyof Settings, string>>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [urlTouched, setUrlTouched] = useState(false);
  const [saving, setSaving] = useState(false);
  const urlRef = useRef<HTMLInputElement>(null);
  const test = useConnectionTest(() => settings.getState().testBridge(values.bridgeUrl.trim()), {
    refused: () => bridgeUrlError(values.bridgeUrl) !== null,
    onRefused: () => {
      setUrlTouched(true);
      urlRef.current?.focus();
    },
  });
  // Pushes are held until a person saves a bridge URL (the preferences were unreadable): saving confirms it.
  const held = useSync((s) => s.status?.state === 'held');

  const dirty = (Object.keys(values) as Array<keyof Settings>).some((key) => values[key] !== initial[key]);
  useEffect(() => onDirty(dirty), [dirty, onDirty]);

  function change<K extends keyof Settings>(key: K, value: Settings[K]) {
    setValues((v) => ({ ...v, [key]: value }));
    setErrors(({ [key]: _, ...rest }) => rest);
  }

  const urlHint = urlTouched ? bridgeUrlError(values.bridgeUrl) : null;
  const errorFor = (key: keyof Settings) => {
    const why = errors[key] ?? (key === 'bridgeUrl' ? urlHint : null);
    return why ? errorSentence(LABELS[key], why) : undefined;
  };

  async function save(event: FormEvent) {
    event.preventDefault();
    if (saving) return;
    // Only what changed: an untouched token or URL must not make the sync state pending.
    const patch: SettingsPatch = {};
    for (const key of Object.keys(values) as Array<keyof Settings>) {
      if (values[key] !== initial[key]) Object.assign(patch, { [key]: values[key] });
    }
    if (held) patch.bridgeUrl = values.bridgeUrl;
    if (Object.keys(patch).length === 0) {
      onClose();
      return;
    }
    setSaving(true);
    setFormError(null);
    const result = await settings.getState().save(patch);
    setSaving(false);
    if (result.ok) {
      onClose();
      return;
    }
    const fieldErrors: Partial<Record<keyof Settings, string>> = {};
    const other: string[] = [];
    for (const [path, why] of Object.entries(result.error.fieldErrors ?? {})) {
      if (Object.hasOwn(LABELS, path)) fieldErrors[path as keyof Settings] = why;
      else other.push(`${path}: ${why}`);
    }
    setErrors(fieldErrors);
    setFormError(
      other.length > 0 ? other.join('; ') : Object.keys(fieldErrors).length > 0 ? null : result.error.message,
    );
  }

  return (
    <form className="preferences" onSubmit={save} noValidate>
      {formError ? (
        <div className="form-error" role="alert">
          {formError}
        </div>
      ) : null}
      <Field
        label={LABELS.bridgeUrl}
        error={errorFor('bridgeUrl')}
        hint={
          held
            ? 'The preferences were unreadable: pushes wait until you save the bridge URL here (Save confirms it).'
            : "The IoT bridge's address; the config goes to its /config."
        }
      >
        {(p) => (
          <UrlTestInput
            {...p}
            inputRef={urlRef}
            value={values.bridgeUrl}
            onValue={(value) => {
              change('bridgeUrl', value);
              test.reset();
            }}
            onBlur={() => setUrlTouched(true)}
            placeholder="http://iot-bridge:8080"
            testLabel="Test connection"
            testing={test.state.kind === 'testing'}
            onTest={test.start}
          />
        )}
      </Field>
      <TestResult state={test.state} />
      <CheckField
        label={LABELS.autoPush}
        hint="Push every change to the bridge by itself, and retry while it is down."
        checked={values.autoPush}
        onChecked={(autoPush) => change('autoPush', autoPush)}
      />
      <Field label={LABELS.notifications} error={errorFor('notifications')}>
        {(p) => (
          <select
            {...p}
            value={values.notifications}
            onChange={(e) => change('notifications', e.target.value as NotificationLevel)}
          >
            <option value="all">All push outcomes</option>
            <option value="errors">Errors and recoveries only</option>
            <option value="off">Off</option>
          </select>
        )}
      </Field>
      <BrowserNoticeControl />
      <Field
        label={LABELS.bridgeToken}
        error={errorFor('bridgeToken')}
        hint="Optional. Sent as a bearer token with every push; leave empty for none."
      >
        {(p) => (
          <SecretInput {...p} value={values.bridgeToken} onValue={(value) => change('bridgeToken', value)} />
        )}
      </Field>
      <BrokerFields
        values={values}
        change={change}
        errorFor={(key, hint) => {
          const why = errors[key] ?? hint;
          return why ? errorSentence(LABELS[key], why) : undefined;
        }}
      />
      <DialogActions onCancel={onCancel} submitLabel="Save" busy={saving} />
    </form>
  );
}

function TestResult({ state }: { state: TestState<BridgeTestResult> }) {
  if (state.kind === 'idle') return null;
  if (state.kind === 'testing') {
    return (
      <p className="test-result" role="status">
        Testing the connection…
      </p>
    );
  }
  if (state.kind === 'error') {
    return (
      <p className="test-result test-bad" role="status">
        Test failed: {state.message}
      </p>
    );
  }
  // The core words the whole sentence (the time once); this only says which kind of news it is.
  const r = state.result;
  const lead = r.ok
    ? 'Reachable'
    : r.suggestedUrl
      ? 'Check the URL'
      : r.reachable
        ? 'Answered, but not as a bridge'
        : 'Not reachable';
  return (
    <p className={`test-result ${r.ok ? 'test-good' : 'test-bad'}`} role="status">
      {`${lead}: ${r.message}${r.ok ? '.' : ''}`}
    </p>
  );
}

/** Browser host only: the person's consent for system notifications (the browser asks once, inside a click). */
function BrowserNoticeControl() {
  const { systemNotices } = useStores();
  const [permission, setPermission] = useState(() => systemNotices?.permission() ?? 'unsupported');
  if (!systemNotices || permission === 'unsupported') return null;
  return (
    <div className="field">
      <p className="field-hint">
        {permission === 'granted'
          ? 'Browser notifications are allowed: push news shows as a system notification while this tab is in the background.'
          : permission === 'denied'
            ? 'Browser notifications are blocked for this page; allow them in the browser’s site settings to get them.'
            : 'This browser can also show push news as system notifications while the tab is in the background.'}
      </p>
      {permission === 'default' ? (
        <button
          type="button"
          className="button field-action"
          onClick={() => void systemNotices.request().then(setPermission)}
        >
          Allow browser notifications
        </button>
      ) : null}
    </div>
  );
}
