/**
 * Benchmarks of the Live dialog's engine (issue 12): the session model over 12 h at 1 Hz, and the power chart
 * (src-renderer/src/lib/power-plot.ts, bundled as it ships) redrawing 43,200 points in headless Chromium.
 */
import { build } from 'esbuild';
import { DEFAULT_STRATEGY_CONFIG } from '../src-shared';
import { simulateSessions } from '../src-shared/session-model/simulate-sessions';
import { CHROMIUM_PATH } from '../tests/support/chromium';
import { laserDay } from '../tests/support/power-traces';
import { n, SKIP_BROWSER } from './options';
import { addRow } from './report';
import { type Summary, summarise, timeMany } from './stats';
import { CHROMIUM_ARGS } from './web-host';

export const TWELVE_HOURS_AT_1HZ = 43_200;
const START = Date.parse('2026-12-02T07:00:00.000Z');

export function benchTrace() {
  return laserDay({ start: START, count: TWELVE_HOURS_AT_1HZ });
}

/** simulateSessions over 43,200 samples, thresholds changed every run (as a drag does). */
export async function benchSimulate(iterations: number): Promise<Summary> {
  const trace = benchTrace();
  const now = START + TWELVE_HOURS_AT_1HZ * 1000;
  return summarise(
    await timeMany(iterations, (i) =>
      simulateSessions(
        trace,
        { ...DEFAULT_STRATEGY_CONFIG, workingThresholdW: 100 + (Math.abs(i) % 50) },
        now,
      ),
    ),
  );
}

/** The chart's own module with uPlot, as one script for a blank page; `window.benchPlot` drives it. */
async function chartBundle(): Promise<string> {
  const entry = `
    import { createPowerPlot } from './src-renderer/src/lib/power-plot';
    import { simulateSessions } from './src-shared/session-model/simulate-sessions';
    window.benchPlot = (trace, now, config) => {
      const box = document.getElementById('box');
      let overlay = { segments: [], standbyW: config.standbyThresholdW, workingW: config.workingThresholdW };
      const plot = createPowerPlot(box, () => overlay);
      return {
        setTrace() { const t = performance.now(); plot.setTrace(trace, now); return performance.now() - t; },
        retune(workingW) {
          const t = performance.now();
          const result = simulateSessions(trace, { ...config, workingThresholdW: workingW }, now);
          overlay = { segments: result.segments, standbyW: config.standbyThresholdW, workingW };
          plot.overlayChanged();
          return performance.now() - t;
        },
      };
    };`;
  const out = await build({
    stdin: { contents: entry, resolveDir: process.cwd(), loader: 'ts' },
    bundle: true,
    write: false,
    format: 'iife',
    target: 'chrome120',
    minify: true,
  });
  return out.outputFiles[0]!.text;
}

export interface ChartFigures {
  setData: Summary;
  retune: Summary;
}

/** In a 1000 px wide box: setData of 43,200 points + draw, and a threshold change (re-simulate + redraw). */
export async function benchChart(
  page: import('playwright-core').Page,
  iterations: number,
): Promise<ChartFigures> {
  await page.setViewportSize({ width: 1100, height: 500 });
  await page.setContent('<!doctype html><div id="box" style="width:1000px"></div>');
  await page.addScriptTag({ content: await chartBundle() });
  const trace = benchTrace();
  const now = START + TWELVE_HOURS_AT_1HZ * 1000;
  await page.evaluate(
    ([t, n, c]) => {
      (globalThis as unknown as { plot: unknown }).plot = (
        globalThis as unknown as { benchPlot: (...a: unknown[]) => unknown }
      ).benchPlot(t, n, c);
    },
    [trace, now, DEFAULT_STRATEGY_CONFIG] as const,
  );
  const setData: number[] = [];
  const retune: number[] = [];
  for (let i = 0; i < iterations + 2; i++) {
    const [a, b] = (await page.evaluate(
      (w) => {
        const p = (globalThis as unknown as { plot: { setTrace(): number; retune(w: number): number } }).plot;
        return [p.setTrace(), p.retune(w)];
      },
      100 + (i % 20) * 10,
    )) as [number, number];
    if (i >= 2) {
      setData.push(a);
      retune.push(b);
    }
  }
  return { setData: summarise(setData), retune: summarise(retune) };
}

/** The Live dialog's engine: the session model over 12 h at 1 Hz; the power chart redrawing 43,200 points. */
export async function benchSessionModel(machine: Record<string, unknown>): Promise<void> {
  const sim = await benchSimulate(n(200, 40));
  const simRow = addRow(
    {
      id: 'model.simulate.43200',
      label: 'simulate sessions, 43,200 samples (12 h at 1 Hz)',
      unit: 'ms',
      aim: '≤ 5 ms',
    },
    sim,
  );
  simRow.met = sim.median <= 5;
  if (SKIP_BROWSER) return;
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
  machine.chromium ??= browser.version();
  try {
    const chart = await benchChart(await browser.newPage(), n(40, 10));
    addRow(
      {
        id: 'model.chart.setData.43200',
        label: 'power chart setData + draw, 43,200 points',
        unit: 'ms',
        aim: '≤ 16 ms',
      },
      chart.setData,
    ).met = chart.setData.median <= 16;
    addRow(
      {
        id: 'model.chart.retune.43200',
        label: 'threshold change: re-simulate + redraw, 43,200',
        unit: 'ms',
        aim: '≤ 16 ms',
      },
      chart.retune,
    ).met = chart.retune.median <= 16;
  } finally {
    await browser.close();
  }
}
