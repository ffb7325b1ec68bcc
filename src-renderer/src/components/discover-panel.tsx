import { useCallback, useEffect, useState } from 'react';
import type { DiscoveredMeter, DiscoveryAddReport, DiscoveryState } from '../../../src-shared';
import { MAX_FOUND_METERS } from '../../../src-shared';
import { progressLine, secondsLeft } from '../lib/describe-found-meter';
import { useStores } from '../stores/stores-context';
import { DiscoverAddPreview } from './discover-add-preview';
import { FoundMetersTable } from './found-meters-table';
import { Modal } from './modal';

export interface DiscoverPanelProps {
  /** true when coming back from the editor: show the running discovery instead of starting a new one. */
  resume: boolean;
  onAdd(meter: DiscoveredMeter): void;
  onOpen(meter: DiscoveredMeter): void;
  onPreferences(): void;
  onClose(): void;
}

type View = { kind: 'list' } | { kind: 'identify' } | { kind: 'preview'; report: DiscoveryAddReport };

/**
 * **Discover meters**: listens on the broker (subscribe-only) with a countdown and Stop, lists the meters found
 * live, and adds them one by one (the editor, pre-filled) or all selected at once after a dry run. Asking the
 * meters to identify themselves publishes, so it asks first.
 */
export function DiscoverPanel({ resume, onAdd, onOpen, onPreferences, onClose }: DiscoverPanelProps) {
  const { api, notifications } = useStores();
  const [state, setState] = useState<DiscoveryState | null>(null);
  const [offset, setOffset] = useState(0);
  const [now, setNow] = useState(() => Date.now());
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const [view, setView] = useState<View>({ kind: 'list' });
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const receive = useCallback((next: DiscoveryState) => {
    setOffset(next.at - Date.now());
    setNow(Date.now());
    setState(next);
  }, []);

  useEffect(() => {
    const off = api.on('discovery.state', receive);
    void api.invoke(resume ? 'discovery.state' : 'discovery.start', null).then((result) => {
      if (result.ok) receive(result.value);
      else setError(result.error.message);
    });
    return off;
  }, [api, resume, receive]);

  const listening = state?.phase === 'listening' || state?.phase === 'connecting';
  useEffect(() => {
    if (!listening) return;
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [listening]);

  async function run<T>(
    call: () => Promise<{ ok: true; value: T } | { ok: false; error: { message: string } }>,
  ) {
    setBusy(true);
    setError(null);
    try {
      const result = await call();
      if (!result.ok) setError(result.error.message);
      return result.ok ? result.value : null;
    } finally {
      setBusy(false);
    }
  }

  const close = () => {
    if (listening) void api.invoke('discovery.stop', null);
    onClose();
  };
  const restart = async () => {
    setSelected(new Set());
    const next = await run(() => api.invoke('discovery.start', null));
    if (next) receive(next);
  };
  const stop = async () => {
    const next = await run(() => api.invoke('discovery.stop', null));
    if (next) receive(next);
  };
  const identify = async () => {
    const next = await run(() => api.invoke('discovery.identify', null));
    setView({ kind: 'list' });
    if (next) receive(next);
  };
  const keys = state ? state.meters.filter((m) => !m.existing && selected.has(m.key)).map((m) => m.key) : [];
  const preview = async () => {
    const report = await run(() => api.invoke('discovery.add', { keys, dryRun: true }));
    if (report) setView({ kind: 'preview', report });
  };
  const addAll = async () => {
    const report = await run(() => api.invoke('discovery.add', { keys, dryRun: false }));
    if (!report) return;
    if (!report.applied) {
      setView({ kind: 'preview', report });
      return;
    }
    setSelected(new Set());
    setView({ kind: 'list' });
    notifications.getState().show({
      tone: 'success',
      title: `Added ${report.counts.create} device${report.counts.create === 1 ? '' : 's'}`,
      message: 'They reach the bridge with the next push.',
    });
  };

  const left = state ? secondsLeft(state, now, offset) : 0;
  const noBroker = state?.phase === 'failed' && state.brokerUrl === '';
  return (
    <Modal title="Discover meters" onCancel={close} size="wide">
      <div className="discover-progress">
        <p role="status" className={listening ? 'discover-live' : undefined}>
          {state ? progressLine(state, left) : 'Starting…'}
        </p>
        {listening ? (
          <button type="button" className="button button-small" onClick={() => void stop()} disabled={busy}>
            Stop
          </button>
        ) : state && !noBroker ? (
          <button
            type="button"
            className="button button-small"
            onClick={() => void restart()}
            disabled={busy}
          >
            Listen again
          </button>
        ) : null}
      </div>
      {state?.error ? (
        <div className="form-error" role="alert">
          {state.error}
          {noBroker ? (
            <button type="button" className="button button-small discover-prefs" onClick={onPreferences}>
              Open Preferences
            </button>
          ) : null}
        </div>
      ) : null}
      {error ? (
        <p className="form-error" role="alert">
          {error}
        </p>
      ) : null}
      {state?.capped ? (
        <p className="muted">
          Showing the first {MAX_FOUND_METERS} meters; {state.leftOut.toLocaleString()} messages from further
          meters were left out.
        </p>
      ) : null}
      <div className="dialog-scroll">
        {view.kind === 'preview' ? (
          <DiscoverAddPreview report={view.report} />
        ) : !state || state.meters.length === 0 ? (
          <p className="empty-note">
            {listening
              ? 'No meter heard yet. Shelly meters publish when their power changes; a meter on a steady load can stay silent for a long time.'
              : 'No meter was heard.'}
          </p>
        ) : (
          <FoundMetersTable
            meters={state.meters}
            selected={selected}
            onSelect={(key, checked) => setSelected((s) => toggled(s, [key], checked))}
            onSelectAll={(checked) =>
              setSelected((s) =>
                toggled(
                  s,
                  state.meters.filter((m) => !m.existing).map((m) => m.key),
                  checked,
                ),
              )
            }
            onAdd={onAdd}
            onOpen={onOpen}
          />
        )}
      </div>
      {view.kind === 'identify' ? (
        <div className="discover-confirm" role="alertdialog" aria-label="Ask meters to identify themselves?">
          <p>
            This publishes a request to every meter found (<code>Shelly.GetDeviceInfo</code> on{' '}
            <code>&lt;prefix&gt;/rpc</code>, and <code>announce</code> on <code>shellies/command</code> for
            Gen1). The meters answer with their model and firmware; nothing on them changes.
          </p>
          <div className="modal-actions">
            <button type="button" className="button" onClick={() => setView({ kind: 'list' })}>
              Cancel
            </button>
            <button
              type="button"
              className="button button-primary"
              onClick={() => void identify()}
              disabled={busy}
            >
              Ask them
            </button>
          </div>
        </div>
      ) : view.kind === 'preview' ? (
        <div className="modal-actions">
          <button type="button" className="button" onClick={() => setView({ kind: 'list' })}>
            Back
          </button>
          <button
            type="button"
            className="button button-primary"
            onClick={() => void addAll()}
            disabled={busy || view.report.counts.refuse > 0 || view.report.counts.create === 0}
          >
            Add {view.report.counts.create} device{view.report.counts.create === 1 ? '' : 's'}
          </button>
        </div>
      ) : (
        <div className="modal-actions">
          <button
            type="button"
            className="button discover-identify"
            onClick={() => setView({ kind: 'identify' })}
            disabled={busy || !state || state.meters.length === 0 || noBroker}
          >
            Ask meters to identify themselves…
          </button>
          <button type="button" className="button" onClick={close}>
            Close
          </button>
          <button
            type="button"
            className="button button-primary"
            onClick={() => void preview()}
            disabled={busy || keys.length === 0}
          >
            Add all selected ({keys.length})…
          </button>
        </div>
      )}
      {state?.identify ? (
        <p className="muted">
          {state.identify.requests} request{state.identify.requests === 1 ? '' : 's'} sent;{' '}
          {state.identify.answers} answer{state.identify.answers === 1 ? '' : 's'} so far.
        </p>
      ) : null}
    </Modal>
  );
}

function toggled(set: ReadonlySet<string>, keys: string[], on: boolean): ReadonlySet<string> {
  const next = new Set(set);
  for (const key of keys) {
    if (on) next.add(key);
    else next.delete(key);
  }
  return next;
}
