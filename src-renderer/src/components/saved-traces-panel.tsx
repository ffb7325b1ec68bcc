import { type FormEvent, useCallback, useEffect, useId, useState } from 'react';
import type { Device, PowerTrace, TraceInfo } from '../../../src-shared';
import { MIME_TYPES, saveTextFile } from '../lib/save-text-file';
import { useStores } from '../stores/stores-context';
import { formatClock } from './simulated-sessions';

export interface SavedTracesPanelProps {
  device: Device;
  /** What is on screen now (saved as is), with the end of its window. */
  shown: { trace: PowerTrace; now: number } | null;
  /** The id of the saved trace on screen, if one is. */
  openId: number | null;
  onOpen(info: TraceInfo): void;
  /** The trace on screen was deleted. */
  onClosed(): void;
}

const pad = (n: number) => String(n).padStart(2, '0');
const defaultName = (device: Device, at: number) => {
  const d = new Date(at);
  return `${device.name} ${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}`;
};

/** Save the trace on screen under a name; list, open, export and delete this device's saved traces; import CSV. */
export function SavedTracesPanel({ device, shown, openId, onOpen, onClosed }: SavedTracesPanelProps) {
  const { api } = useStores();
  const [traces, setTraces] = useState<TraceInfo[] | null>(null);
  const [name, setName] = useState(() => defaultName(device, Date.now()));
  const [message, setMessage] = useState<{ tone: 'ok' | 'error'; text: string } | null>(null);
  const [confirming, setConfirming] = useState<number | null>(null);
  const [busy, setBusy] = useState(false);
  const nameId = useId();
  const fileId = useId();

  const reload = useCallback(async () => {
    const result = await api.invoke('traces.list', { deviceId: device.deviceId });
    if (result.ok) setTraces(result.value);
    else setMessage({ tone: 'error', text: `Could not list the saved traces: ${result.error.message}` });
  }, [api, device.deviceId]);
  useEffect(() => void reload(), [reload]);

  async function run(action: () => Promise<{ ok: boolean; text: string }>) {
    setBusy(true);
    try {
      const { ok, text } = await action();
      setMessage({ tone: ok ? 'ok' : 'error', text });
      if (ok) await reload();
    } finally {
      setBusy(false);
    }
  }

  function save(event: FormEvent) {
    event.preventDefault();
    if (!shown) return;
    void run(async () => {
      const input = { name, deviceId: device.deviceId, endAt: Math.round(shown.now), trace: shown.trace };
      const r = await api.invoke('traces.save', input);
      if (!r.ok)
        return {
          ok: false,
          text: `Could not save the trace: ${r.error.fieldErrors?.name ? `Name ${r.error.fieldErrors.name}` : r.error.message}`,
        };
      return {
        ok: true,
        text: `Saved “${r.value.name}” (${r.value.sampleCount.toLocaleString()} readings).`,
      };
    });
  }

  function importFile(file: File) {
    void run(async () => {
      const csv = await file.text();
      const traceName = file.name.replace(/\.csv$/i, '') || 'Imported trace';
      const r = await api.invoke('traces.import', { name: traceName, deviceId: device.deviceId, csv });
      if (!r.ok)
        return {
          ok: false,
          text: `Could not import ${file.name}: ${r.error.fieldErrors?.csv ?? r.error.message}`,
        };
      onOpen(r.value);
      return {
        ok: true,
        text: `Imported “${r.value.name}” (${r.value.sampleCount.toLocaleString()} readings).`,
      };
    });
  }

  function exportCsv(info: TraceInfo) {
    void run(async () => {
      const r = await api.invoke('traces.export', { id: info.id });
      if (!r.ok) return { ok: false, text: `Could not export “${info.name}”: ${r.error.message}` };
      saveTextFile(r.value.fileName, r.value.content, MIME_TYPES.csv);
      return { ok: true, text: `Exported “${info.name}” as ${r.value.fileName}.` };
    });
  }

  function remove(info: TraceInfo) {
    setConfirming(null);
    void run(async () => {
      const r = await api.invoke('traces.delete', { id: info.id });
      if (!r.ok) return { ok: false, text: `Could not delete “${info.name}”: ${r.error.message}` };
      if (info.id === openId) onClosed();
      return { ok: true, text: `Deleted “${info.name}”.` };
    });
  }

  return (
    <section className="saved-traces" aria-labelledby={`${nameId}-title`}>
      <h3 id={`${nameId}-title`}>Saved traces</h3>
      <div className="saved-traces-tools">
        <form className="save-trace" onSubmit={save}>
          <label htmlFor={nameId}>Trace name</label>
          <input id={nameId} value={name} onChange={(e) => setName(e.target.value)} maxLength={80} />
          <button
            type="submit"
            className="button"
            disabled={busy || !shown || shown.trace.samples.length === 0}
          >
            Save trace
          </button>
        </form>
        <label className="button file-button" htmlFor={fileId}>
          Import trace CSV…
        </label>
        <input
          id={fileId}
          type="file"
          accept=".csv,text/csv"
          className="visually-hidden"
          aria-label="Import trace CSV"
          onChange={(e) => {
            const file = e.target.files?.[0];
            e.target.value = '';
            if (file) importFile(file);
          }}
        />
      </div>
      {message ? (
        <p
          className={message.tone === 'error' ? 'field-error' : 'muted'}
          role={message.tone === 'error' ? 'alert' : 'status'}
        >
          {message.text}
        </p>
      ) : null}
      {traces === null ? null : traces.length === 0 ? (
        <p className="muted">No saved traces of {device.name} yet.</p>
      ) : (
        <table className="saved-traces-table" aria-label="Saved traces of this device">
          <tbody>
            {traces.map((t) => (
              <tr key={t.id} aria-current={t.id === openId ? 'true' : undefined}>
                <td className="cell-name">{t.name}</td>
                <td className="muted">
                  {t.sampleCount.toLocaleString()} readings
                  {t.firstAt !== null ? ` from ${formatClock(t.firstAt, Date.now())}` : ''}
                  {t.source === 'import' ? ' (imported)' : ''}
                </td>
                <td className="cell-actions">
                  <button
                    type="button"
                    className="button button-small"
                    onClick={() => onOpen(t)}
                    aria-label={`Open ${t.name}`}
                  >
                    Open
                  </button>
                  <button
                    type="button"
                    className="button button-small"
                    onClick={() => exportCsv(t)}
                    aria-label={`Export ${t.name} as CSV`}
                  >
                    Export CSV
                  </button>
                  {confirming === t.id ? (
                    <button
                      type="button"
                      className="button button-small button-danger"
                      onClick={() => remove(t)}
                    >
                      Delete {t.name} for good
                    </button>
                  ) : (
                    <button
                      type="button"
                      className="button button-small button-quiet-danger"
                      onClick={() => setConfirming(t.id)}
                      aria-label={`Delete ${t.name}`}
                    >
                      Delete
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
