import { type FormEvent, useEffect, useMemo, useRef, useState } from 'react';
import type { AppError, Device, DeviceFields, Result } from '../../../src-shared';
import {
  changedFields,
  changedPatch,
  clientHints,
  type DeviceFormValues,
  emptyForm,
  errorSentence,
  FIELD_LABELS,
  type FormField,
  formFromDevice,
  localNumberErrors,
  mapFieldErrors,
  suggestDeviceId,
  toDeviceInput,
} from '../lib/device-form';
import { describeConflict, type EditConflict, mergeValues } from '../lib/edit-conflict';
import { useStores } from '../stores/stores-context';
import { IdentityFields } from './device-identity-fields';
import { DialogActions } from './dialog-actions';
import { useDiscardGuard } from './discard-guard';
import { EditConflictPanel } from './edit-conflict-panel';
import { Field } from './form-field';
import { Modal } from './modal';
import { StrategyFields } from './strategy-fields';

export interface DeviceEditorProps {
  /** The device to edit, or null to create one. */
  device: Device | null;
  /** Values to start a new device from (e.g. a meter found by Discover meters); ignored when editing. */
  draft?: DeviceFields | null;
  onClose(): void;
}

/** The version an edit is based on: the values it opened with and the device's updatedAt. */
interface Base {
  values: DeviceFormValues;
  updatedAt: string | null;
}

/**
 * Create or edit one device. Main's field errors decide; the shared schema gives hints as fields are left. An
 * edit sends only the changed fields with the version it began from; a device saved elsewhere meanwhile comes
 * back as a conflict, which EditConflictPanel lets the person settle. Nothing typed is lost without a word.
 */
export function DeviceEditor({ device, draft = null, onClose }: DeviceEditorProps) {
  const { devices } = useStores();
  const [base, setBase] = useState<Base>(() => ({
    values: device ? formFromDevice(device) : draft ? formFromDevice(draft) : emptyForm(),
    updatedAt: device?.updatedAt ?? null,
  }));
  const [values, setValues] = useState<DeviceFormValues>(base.values);
  const [touched, setTouched] = useState<Partial<Record<FormField, boolean>>>({});
  const [serverErrors, setServerErrors] = useState<Partial<Record<FormField, string>>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const [conflict, setConflict] = useState<EditConflict | null>(null);
  const [keepTheirs, setKeepTheirs] = useState<ReadonlySet<FormField>>(new Set());
  // A new device's ID follows its name until the person types an ID of their own.
  const [idFollowsName, setIdFollowsName] = useState(device === null);
  const nameRef = useRef<HTMLInputElement>(null);
  const formRef = useRef<HTMLFormElement>(null);
  const dirty = changedFields(base.values, values).length > 0;
  const { requestClose, confirm } = useDiscardGuard(dirty, onClose);

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
    setValues((v) => {
      const next = { ...v, [field]: value };
      if (field === 'name' && idFollowsName) next.deviceId = suggestDeviceId(value as string);
      return next;
    });
    if (field === 'deviceId') setIdFollowsName(false);
    // The person is fixing this field: main's old verdict on it no longer applies.
    setServerErrors(({ [field]: _, ...rest }) => rest);
  }
  const touch = (field: FormField) => () => setTouched((t) => ({ ...t, [field]: true }));

  async function save(event: FormEvent) {
    event.preventDefault();
    await saveValues(values, base);
  }

  async function saveValues(next: DeviceFormValues, from: Base) {
    if (saving) return;
    const local = localNumberErrors(next);
    if (Object.keys(local).length > 0) {
      setServerErrors(local);
      setRefusals((n) => n + 1);
      setFormError('Please correct the marked fields.');
      return;
    }
    if (device && changedFields(from.values, next).length === 0) {
      onClose();
      return;
    }
    setSaving(true);
    setFormError(null);
    let result: Result<Device>;
    try {
      result = device
        ? await devices
            .getState()
            .update(device.id, changedPatch(from.values, next), from.updatedAt ?? undefined)
        : await devices.getState().create(toDeviceInput(next));
    } finally {
      setSaving(false);
    }
    if (result.ok) {
      onClose();
      return;
    }
    if (device && result.error.code === 'conflict' && result.error.fieldErrors?.baseUpdatedAt) {
      await showConflict(device.id, next, from);
      return;
    }
    showError(result.error);
  }

  async function showConflict(id: number, mine: DeviceFormValues, from: Base) {
    const current = await devices.getState().fetchOne(id);
    if (!current.ok) {
      setFormError(`Saved elsewhere meanwhile, and now it cannot be read: ${current.error.message}`);
      return;
    }
    const found = describeConflict(from.values, mine, current.value);
    setConflict(found);
    setKeepTheirs(new Set());
  }

  function settle(keep: ReadonlySet<FormField> | 'all') {
    if (!conflict) return;
    const theirs = conflict.theirs;
    const nextBase: Base = { values: formFromDevice(theirs), updatedAt: theirs.updatedAt };
    setConflict(null);
    setBase(nextBase);
    if (keep === 'all') {
      setValues(nextBase.values);
      setFormError(null);
      return;
    }
    const merged = mergeValues(base.values, values, theirs, keep);
    setValues(merged);
    void saveValues(merged, nextBase);
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

  return (
    <>
      <Modal
        title={device ? `Edit ${device.name}` : 'Add device'}
        onCancel={requestClose}
        initialFocus={nameRef}
        fallbackFocusId="device-search"
        size="split"
      >
        {/* editor-split: two columns in a wide window, so all of it shows at once (styles.css). */}
        <form ref={formRef} className="editor editor-split" onSubmit={save} noValidate>
          {conflict ? (
            <EditConflictPanel
              conflict={conflict}
              keepTheirs={keepTheirs}
              busy={saving}
              onChoose={(field, side) =>
                setKeepTheirs((was) => {
                  const next = new Set(was);
                  if (side === 'theirs') next.add(field);
                  else next.delete(field);
                  return next;
                })
              }
              onKeepTheirs={() => settle('all')}
              onUseMine={() => settle(new Set())}
              onMerge={() => settle(keepTheirs)}
            />
          ) : null}
          {formError ? (
            <div className="form-error" role="alert">
              {formError}
            </div>
          ) : null}
          <IdentityFields
            device={device}
            values={values}
            errorFor={errorFor}
            onChange={change}
            onBlur={(field) => touch(field)()}
            nameRef={nameRef}
          />
          <StrategyFields
            values={values}
            errorFor={errorFor}
            onChange={change}
            onBlur={(field) => touch(field)()}
            onPreset={(preset) => {
              setValues((v) => ({ ...v, ...preset }));
              setServerErrors({});
            }}
          />
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
          <DialogActions
            onCancel={requestClose}
            submitLabel="Save"
            busy={saving}
            disabled={conflict !== null}
          />
        </form>
      </Modal>
      {confirm}
    </>
  );
}
