/**
 * When another window saved a device while this one edited it: what they changed, what this person changed,
 * and the patch for each way out (keep theirs, use mine, or choose field by field).
 */
import { type Device, formatFieldValue, plainLabel } from '../../../src-shared';
import { changedFields, type DeviceFormValues, type FormField, formFromDevice } from './device-form';

export interface EditConflict {
  /** The device as it is stored now (their version). */
  theirs: Device;
  /** Fields they changed, each as a sentence: "Working threshold was changed to 200 W while you edited". */
  theirChanges: Array<{ field: FormField; sentence: string }>;
  /** Fields both changed, to differing values: the person chooses per field. */
  clashes: Array<{ field: FormField; theirs: string; mine: string }>;
}

/** What the form value of a field means to a person (`200 W`, `off`, “text”). */
function shown(field: FormField, values: DeviceFormValues): string {
  return formatFieldValue(field, values[field]);
}

export function describeConflict(
  base: DeviceFormValues,
  mine: DeviceFormValues,
  theirs: Device,
): EditConflict {
  const theirValues = formFromDevice(theirs);
  const theirFields = changedFields(base, theirValues);
  const myFields = new Set(changedFields(base, mine));
  return {
    theirs,
    theirChanges: theirFields.map((field) => ({
      field,
      sentence:
        field === 'active'
          ? `It was ${theirValues.active ? 'turned on' : 'turned off'} while you edited`
          : `${plainLabel(field)} was changed to ${shown(field, theirValues)} while you edited`,
    })),
    clashes: theirFields
      .filter((f) => myFields.has(f) && theirValues[f] !== mine[f])
      .map((field) => ({ field, theirs: shown(field, theirValues), mine: shown(field, mine) })),
  };
}

/**
 * The form after a choice: their stored values, with this person's changes laid over them except on the
 * fields where `keepTheirs` says otherwise. Saving it sends only the fields that still differ from theirs.
 */
export function mergeValues(
  base: DeviceFormValues,
  mine: DeviceFormValues,
  theirs: Device,
  keepTheirs: ReadonlySet<FormField>,
): DeviceFormValues {
  const merged = { ...formFromDevice(theirs) } as Record<FormField, unknown>;
  for (const field of changedFields(base, mine)) {
    if (!keepTheirs.has(field)) merged[field] = mine[field];
  }
  return merged as unknown as DeviceFormValues;
}
