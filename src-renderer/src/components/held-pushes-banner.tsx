import { useState } from 'react';
import { HELD_PUSH_LABEL, heldPushAdvice } from '../../../src-shared';
import { useStores, useSync } from '../stores/stores-context';

/**
 * While main holds pushes because the preferences were unreadable (sync state `held`), says so in full under the
 * header and offers the two ways out: **Use <last URL>** confirms in one click the URL the last push went to (kept
 * in SQLite), **Open Preferences** to save another. Saving a URL is a person's choice: the waiting config goes out.
 */
export function HeldPushesBanner({ onOpenPreferences }: { onOpenPreferences(): void }) {
  const { settings, notifications } = useStores();
  const status = useSync((s) => (s.status?.state === 'held' ? s.status : null));
  const [saving, setSaving] = useState(false);
  if (!status) return null;
  const lastUrl = status.lastBridgeUrl;
  async function confirm(url: string) {
    setSaving(true);
    const result = await settings.getState().save({ bridgeUrl: url });
    setSaving(false);
    if (!result.ok) {
      notifications
        .getState()
        .show({ tone: 'error', title: 'Bridge URL not saved', message: result.error.message });
    }
  }
  return (
    <section className="held-banner" aria-label="Pushes held">
      <p>
        <strong>{HELD_PUSH_LABEL}.</strong> {heldPushAdvice(lastUrl)}
        {status.unreadablePreferences ? (
          <>
            {' '}
            The unreadable file was kept as <code>{status.unreadablePreferences}</code>.
          </>
        ) : null}
      </p>
      <div className="held-banner-actions">
        {lastUrl ? (
          <button
            type="button"
            className="button button-primary"
            disabled={saving}
            onClick={() => void confirm(lastUrl)}
          >
            Use {lastUrl}
          </button>
        ) : null}
        <button type="button" className="button" onClick={onOpenPreferences}>
          Open Preferences
        </button>
      </div>
    </section>
  );
}
