import type { BridgeDevice, ConfigDiff } from '../../../src-shared';

/** Diff entries drawn at most; an import of 10,000 devices adds 10,000 and must not stall the dialog. */
export const DIFF_ITEMS_SHOWN = 200;

export const isEmptyDiff = (diff: ConfigDiff) =>
  diff.added.length + diff.removed.length + diff.changed.length === 0;

/** Devices added, removed and changed (each changed field as old → new), as the bridge sees them. */
export function ConfigDiffList({ diff, label }: { diff: ConfigDiff; label?: string }) {
  const items = [
    ...diff.added.map((d) => ({ kind: 'added' as const, key: `a-${d.device_id}`, device: d })),
    ...diff.removed.map((d) => ({ kind: 'removed' as const, key: `r-${d.device_id}`, device: d })),
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
                  <li key={f.field}>
                    <code>{f.field}</code>: <del>{JSON.stringify(f.from)}</del> →{' '}
                    <ins>{JSON.stringify(f.to)}</ins>
                  </li>
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
          {diff.removed.length.toLocaleString()} removed, {diff.changed.length.toLocaleString()} changed in
          all).
        </p>
      ) : null}
    </>
  );
}

function DiffDevice({ kind, device }: { kind: 'added' | 'removed'; device: BridgeDevice }) {
  return (
    <li className={`diff-item diff-${kind}`}>
      <span className={`pill pill-${kind}`}>{kind === 'added' ? 'Added' : 'Removed'}</span>{' '}
      <code>{device.device_id}</code> {device.name} <span className="muted">({device.mqtt_topic})</span>
    </li>
  );
}
