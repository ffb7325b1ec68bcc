import {
  type BridgeDevice,
  type ConfigDiff,
  describeFieldChange,
  fieldOfBridgeKey,
} from '../../../src-shared';

/** Diff entries drawn at most; an import of 10,000 devices adds 10,000 and must not stall the dialog. */
export const DIFF_ITEMS_SHOWN = 200;

export const isEmptyDiff = (diff: ConfigDiff) =>
  diff.added.length +
    diff.removed.length +
    diff.turnedOff.length +
    diff.turnedOn.length +
    diff.changed.length ===
  0;

type DeviceKind = 'added' | 'removed' | 'turnedOff' | 'turnedOn';

const KIND_LABEL: Record<DeviceKind, string> = {
  added: 'Added',
  removed: 'Removed',
  turnedOff: 'Turned off',
  turnedOn: 'Turned on',
};

const KIND_CLASS: Record<DeviceKind, string> = {
  added: 'added',
  removed: 'removed',
  turnedOff: 'turned-off',
  turnedOn: 'turned-on',
};

/** One changed field in the words people see: `Working threshold: 80 W → 120 W` (src-shared/device-labels.ts). */
export function fieldChangeText(change: { field: string; from: unknown; to: unknown }): string {
  const field = fieldOfBridgeKey(change.field);
  return field
    ? describeFieldChange(field, change.from, change.to)
    : `${change.field}: ${JSON.stringify(change.from)} → ${JSON.stringify(change.to)}`;
}

/** Devices added, removed, turned off or on, and changed (each changed field as old → new). */
export function ConfigDiffList({ diff, label }: { diff: ConfigDiff; label?: string }) {
  const kinds: DeviceKind[] = ['added', 'turnedOn', 'turnedOff', 'removed'];
  const items = [
    ...kinds.flatMap((kind) => diff[kind].map((d) => ({ kind, key: `${kind}-${d.device_id}`, device: d }))),
    ...diff.changed.map((c) => ({ kind: 'changed' as const, key: `c-${c.device_id}`, change: c })),
  ];
  const shown = items.slice(0, DIFF_ITEMS_SHOWN);
  const more = items.length - shown.length;
  return (
    <>
      <ul className="diff-list" aria-label={label}>
        {shown.map((item) =>
          item.kind === 'changed' ? (
            <li key={item.key} className="diff-item diff-changed">
              <span className="pill pill-changed">Changed</span> <code>{item.change.device_id}</code>
              <ul className="diff-fields">
                {item.change.fields.map((f) => (
                  <li key={f.field}>{fieldChangeText(f)}</li>
                ))}
              </ul>
            </li>
          ) : (
            <DiffDevice key={item.key} kind={item.kind} device={item.device} />
          ),
        )}
      </ul>
      {more > 0 ? (
        <p className="muted">
          …and {more.toLocaleString()} more ({diff.added.length.toLocaleString()} added,{' '}
          {diff.removed.length.toLocaleString()} removed, {diff.turnedOn.length.toLocaleString()} turned on,{' '}
          {diff.turnedOff.length.toLocaleString()} turned off, {diff.changed.length.toLocaleString()} changed
          in all).
        </p>
      ) : null}
    </>
  );
}

function DiffDevice({ kind, device }: { kind: DeviceKind; device: BridgeDevice }) {
  return (
    <li className={`diff-item diff-${KIND_CLASS[kind]}`}>
      <span className={`pill pill-${KIND_CLASS[kind]}`}>{KIND_LABEL[kind]}</span>{' '}
      <code>{device.device_id}</code> {device.name} <span className="muted">({device.mqtt_topic})</span>
    </li>
  );
}
