import { useEffect, useState } from 'react';
import type { BridgeDevice, ConfigPreview, Result } from '../../../src-shared';
import { useStores } from '../stores/stores-context';
import { Modal } from './modal';

/** The exact config that would be pushed now, and what changed against the last acknowledged one. */
export function PreviewDialog({ onClose }: { onClose(): void }) {
  const { api } = useStores();
  const [result, setResult] = useState<Result<ConfigPreview> | null>(null);

  useEffect(() => {
    let live = true;
    void api.invoke('config.preview', null).then((r) => {
      if (live) setResult(r);
    });
    return () => {
      live = false;
    };
  }, [api]);

  return (
    <Modal title="Config preview" onCancel={onClose} size="wide">
      <div className="dialog-scroll">
        {!result ? (
          <p className="muted">Building the config…</p>
        ) : !result.ok ? (
          <p className="form-error" role="alert">
            Could not build the preview: {result.error.message}
          </p>
        ) : (
          <PreviewBody preview={result.value} />
        )}
      </div>
      <div className="modal-actions">
        <button type="button" className="button" onClick={onClose}>
          Close
        </button>
      </div>
    </Modal>
  );
}

function PreviewBody({ preview }: { preview: ConfigPreview }) {
  const { config, diff } = preview;
  const against =
    preview.acknowledgedRevision === null
      ? 'The bridge has acknowledged nothing yet: every device counts as added.'
      : `Against revision ${preview.acknowledgedRevision}, the last one the bridge acknowledged.`;
  const nothing = diff.added.length + diff.removed.length + diff.changed.length === 0;
  return (
    <>
      <p className="preview-summary">
        Revision {config.revision} · {config.devices.length} active device
        {config.devices.length === 1 ? '' : 's'} ·{' '}
        {preview.pending ? 'not yet acknowledged by the bridge' : 'the bridge has this config'}
      </p>
      <section aria-labelledby="diff-title" className="preview-section">
        <h3 id="diff-title">Changes</h3>
        <p className="muted">{against}</p>
        {nothing ? (
          <p className="empty-note">No changes: the bridge already has these devices.</p>
        ) : (
          <ul className="diff-list">
            {diff.added.map((d) => (
              <DiffDevice key={`a-${d.device_id}`} kind="added" device={d} />
            ))}
            {diff.removed.map((d) => (
              <DiffDevice key={`r-${d.device_id}`} kind="removed" device={d} />
            ))}
            {diff.changed.map((c) => (
              <li key={`c-${c.device_id}`} className="diff-item diff-changed">
                <span className="pill pill-changed">Changed</span> <code>{c.device_id}</code>
                <ul className="diff-fields">
                  {c.fields.map((f) => (
                    <li key={f.field}>
                      <code>{f.field}</code>: <del>{JSON.stringify(f.from)}</del> →{' '}
                      <ins>{JSON.stringify(f.to)}</ins>
                    </li>
                  ))}
                </ul>
              </li>
            ))}
          </ul>
        )}
      </section>
      <section aria-labelledby="json-title" className="preview-section">
        <h3 id="json-title">JSON sent to the bridge</h3>
        <pre className="json">{JSON.stringify(config, null, 2)}</pre>
      </section>
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
