import { useState } from 'react';
import { useStores, useSync } from '../stores/stores-context';

/**
 * While pushes are held because the preferences were unreadable, confirms in one click the bridge URL that the
 * last push went to (kept in SQLite). Saving it is a person's choice, so the held config goes out.
 */
export function ConfirmBridgeUrlButton() {
  const { settings, notifications } = useStores();
  const lastUrl = useSync((s) => (s.status?.state === 'held' ? s.status.lastBridgeUrl : null));
  const [saving, setSaving] = useState(false);
  if (!lastUrl) return null;
  async function confirm(url: string) {
    setSaving(true);
    const result = await settings.getState().save({ bridgeUrl: url });
    setSaving(false);
    if (!result.ok)
      notifications
        .getState()
        .show({ tone: 'error', title: 'Bridge URL not saved', message: result.error.message });
  }
  return (
    <button type="button" className="button" disabled={saving} onClick={() => void confirm(lastUrl)}>
      Use {lastUrl}
    </button>
  );
}
