import type { ConfigPreview } from '../../../src-shared';
import { useCall } from '../lib/use-call';
import { ConfigDiffList, isEmptyDiff } from './config-diff-list';
import { CloseActions } from './dialog-actions';
import { Modal } from './modal';

/** The exact config that would be pushed now, and what changed against the last acknowledged one. */
export function PreviewDialog({ onClose }: { onClose(): void }) {
  const result = useCall('config.preview', null);

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
      <CloseActions onClose={onClose} />
    </Modal>
  );
}

function PreviewBody({ preview }: { preview: ConfigPreview }) {
  const { config, diff } = preview;
  const against =
    preview.acknowledgedRevision === null
      ? 'The bridge has acknowledged nothing yet: every device counts as added.'
      : `Against revision ${preview.acknowledgedRevision}, the last one the bridge acknowledged.`;
  const nothing = isEmptyDiff(diff);
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
          <ConfigDiffList diff={diff} />
        )}
      </section>
      <section aria-labelledby="json-title" className="preview-section">
        <h3 id="json-title">JSON sent to the bridge</h3>
        <pre className="json">{JSON.stringify(config, null, 2)}</pre>
      </section>
    </>
  );
}
