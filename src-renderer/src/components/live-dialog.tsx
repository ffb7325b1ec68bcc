import { lazy, Suspense, useEffect, useMemo, useState } from 'react';
import {
  type Device,
  describeSummary,
  formatSpan,
  type PowerThresholdConfig,
  type PowerTrace,
  simulateSessions,
  type TraceInfo,
} from '../../../src-shared';
import { BAND_COLOURS } from '../lib/band-colours';
import { mapFieldErrors, type NumberField } from '../lib/device-form';
import {
  parseThresholds,
  sameValues,
  sentences,
  type ThresholdErrors,
  type ThresholdValues,
  thresholdValues,
} from '../lib/threshold-form';
import { useLiveTrace } from '../lib/use-live-trace';
import { useDevices, useStores } from '../stores/stores-context';
import { CloseActions } from './dialog-actions';
import { useDiscardGuard } from './discard-guard';
import { Modal } from './modal';
import { SavedTracesPanel } from './saved-traces-panel';
import { formatClock, SimulatedSessions } from './simulated-sessions';
import { ThresholdPanel } from './threshold-panel';

export interface LiveDialogProps {
  device: Device;
  onClose(): void;
  /** The renderer's wall clock; tests pass their own. */
  clock?: () => number;
}

const systemClock = () => Date.now();

// uPlot (with the canvas it needs) loads when a Live dialog first opens, not with the app.
const PowerChart = lazy(() => import('./power-chart').then((m) => ({ default: m.PowerChart })));

/**
 * One device, live: its power curve over the buffered history, the thresholds tried out on it (the session model
 * re-simulated on every change), the sessions the bridge would make, Apply/Reset, and saved traces.
 */
export function LiveDialog({ device: opened, onClose, clock = systemClock }: LiveDialogProps) {
  const { api, devices } = useStores();
  // The stored device as it is now (Apply changes it; so may someone else).
  const device = useDevices((s) => s.devices.find((d) => d.id === opened.id)) ?? opened;
  const [saved, setSaved] = useState<{ info: TraceInfo; trace: PowerTrace } | null>(null);
  const [savedError, setSavedError] = useState<string | null>(null);
  const live = useLiveTrace(api, device.id, saved === null, clock);
  const shownTrace = saved ? saved.trace : live.trace;
  const shownNow = saved ? saved.info.endAt : live.now;
  const shown = useMemo(
    () => (shownTrace ? { trace: shownTrace, now: shownNow } : null),
    [shownTrace, shownNow],
  );

  const stored = useMemo(() => thresholdValues(device.strategyConfig), [device.strategyConfig]);
  const [values, setValues] = useState<ThresholdValues>(stored);
  const [serverErrors, setServerErrors] = useState<ThresholdErrors>({});
  const [applying, setApplying] = useState(false);
  const [applied, setApplied] = useState<string | null>(null);
  const parsed = useMemo(() => parseThresholds(values), [values]);
  const [lastValid, setLastValid] = useState<PowerThresholdConfig>(device.strategyConfig);
  useEffect(() => {
    if (parsed.ok) setLastValid(parsed.config);
  }, [parsed]);
  // Values tried on the curve but not applied are asked about before the dialog closes, like the editor's.
  const changed = !sameValues(values, stored);
  const { requestClose, confirm } = useDiscardGuard(changed, onClose);
  const errors: ThresholdErrors = { ...(parsed.ok ? {} : parsed.errors), ...serverErrors };
  const config = parsed.ok ? parsed.config : lastValid;

  const result = useMemo(
    () => (shownTrace ? simulateSessions(shownTrace, config, shownNow) : null),
    [shownTrace, shownNow, config],
  );

  function change(field: NumberField, text: string) {
    setValues((v) => ({ ...v, [field]: text }));
    setServerErrors(({ [field]: _, ...rest }) => rest);
    setApplied(null);
  }

  async function apply() {
    if (!parsed.ok || applying) return;
    setApplying(true);
    try {
      const r = await devices
        .getState()
        .update(device.id, { strategyConfig: parsed.config }, device.updatedAt);
      if (r.ok) {
        setApplied(`Saved to ${device.name}; the bridge gets them with the next push.`);
        setValues(thresholdValues(r.value.strategyConfig));
      } else {
        const mapped = sentences(mapFieldErrors(r.error.fieldErrors).byField);
        setServerErrors(mapped);
        setApplied(Object.keys(mapped).length > 0 ? null : `Could not save: ${r.error.message}`);
      }
    } finally {
      setApplying(false);
    }
  }

  async function openSaved(info: TraceInfo) {
    setSavedError(null);
    const r = await api.invoke('traces.get', { id: info.id });
    if (r.ok) setSaved({ info: r.value, trace: r.value.trace });
    else setSavedError(`Could not open “${info.name}”: ${r.error.message}`);
  }

  const trace = shown?.trace;
  const hasReadings = (trace?.samples.length ?? 0) > 0;
  const description =
    trace && hasReadings
      ? `${trace.samples.length.toLocaleString()} readings of ${device.name}${result ? `; ${describeSummary(result.summary)}` : ''}.`
      : `No readings of ${device.name} yet.`;

  return (
    <>
      <Modal
        title={`Live: ${device.name}`}
        onCancel={requestClose}
        size="full"
        fallbackFocusId="device-search"
      >
        <div className="live-source">
          {saved ? (
            <>
              <span>
                Showing saved trace <strong>{saved.info.name}</strong> (
                {saved.info.sampleCount.toLocaleString()} readings
                {saved.info.firstAt !== null
                  ? `, ${formatClock(saved.info.firstAt, Date.now())} – ${formatClock(saved.info.endAt, Date.now())}`
                  : ''}
                )
              </span>
              <button type="button" className="button button-small" onClick={() => setSaved(null)}>
                Back to live
              </button>
            </>
          ) : live.error ? (
            <span className="field-error" role="alert">
              Could not load the live readings: {live.error}
            </span>
          ) : live.trace ? (
            <span>
              Live: {live.trace.samples.length.toLocaleString()} readings buffered
              {live.trace.samples.length > 0
                ? ` since ${formatClock(live.trace.samples[0]!.at, live.now)}`
                : ''}
            </span>
          ) : (
            <span className="muted">Loading the buffered readings…</span>
          )}
          {savedError ? (
            <span className="field-error" role="alert">
              {savedError}
            </span>
          ) : null}
        </div>
        {!saved && live.diagnostics.length > 0 ? (
          <ul className="live-diagnostics" aria-label="Diagnostics">
            {live.diagnostics.map((d) => (
              <li
                key={d.code}
                className={d.severity === 'problem' ? 'diagnostic-problem' : 'diagnostic-notice'}
              >
                {d.sentence}
              </li>
            ))}
          </ul>
        ) : null}
        <div className="live-body">
          <div className="live-chart">
            <Suspense fallback={<div className="power-chart power-chart-loading">Loading the chart…</div>}>
              <PowerChart
                trace={shown?.trace ?? EMPTY}
                now={shown?.now ?? clock()}
                segments={result?.segments ?? []}
                standbyW={config.standbyThresholdW}
                workingW={config.workingThresholdW}
                description={description}
                onThresholdDrag={(line, watts) =>
                  change(line === 'standby' ? 'standbyThresholdW' : 'workingThresholdW', String(watts))
                }
              />
            </Suspense>
            <ul className="chart-legend" aria-label="Legend">
              {(['standby', 'working', 'no-data'] as const).map((state) => (
                <li key={state}>
                  <span
                    className="legend-swatch"
                    style={{ background: BAND_COLOURS[state] ?? undefined }}
                    aria-hidden="true"
                  />
                  {state === 'no-data' ? 'no data' : state}
                </li>
              ))}
              <li>
                <span className="legend-swatch legend-idle" aria-hidden="true" />
                idle
              </li>
            </ul>
            <p className="chart-hint">
              {hasReadings
                ? 'Drag a dashed threshold line to try another value, or type it in the fields.'
                : 'The curve and its dashed threshold lines appear with the first readings; the fields work now.'}
            </p>
          </div>
          <div className="live-results">
            <p className="live-summary" role="status">
              {result && hasReadings
                ? `${describeSummary(result.summary)}${result.summary.noDataMs > 0 ? ` (no data for ${formatSpan(result.summary.noDataMs)})` : ''}`
                : 'No readings to simulate yet.'}
            </p>
            {/* Without readings the table's "never stayed at or above the standby threshold" would be untrue. */}
            {result && hasReadings ? <SimulatedSessions result={result} /> : null}
          </div>
          <div className="live-side">
            <ThresholdPanel
              values={values}
              errors={errors}
              changed={changed}
              applying={applying}
              onChange={change}
              onApply={() => void apply()}
              onReset={() => {
                setValues(stored);
                setServerErrors({});
                setApplied(null);
              }}
            />
            {applied ? (
              <p className="muted" role="status">
                {applied}
              </p>
            ) : null}
          </div>
        </div>
        <SavedTracesPanel
          device={device}
          shown={shown}
          openId={saved?.info.id ?? null}
          onOpen={(info) => void openSaved(info)}
          onClosed={() => setSaved(null)}
        />
        <CloseActions onClose={requestClose} />
      </Modal>
      {confirm}
    </>
  );
}

const EMPTY: PowerTrace = { samples: [], online: [] };
