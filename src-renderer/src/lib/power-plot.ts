/**
 * The uPlot side of the power curve (components/power-chart.tsx): created once on a box, then fed new traces
 * (setData) and new thresholds or bands (redraw). No React here, so the benchmark draws exactly this code.
 */
import uPlot from 'uplot';
import type { PowerTrace, Segment } from '../../../src-shared';
import { BAND_COLOURS } from './band-colours';

const STANDBY_LINE = '#9a6200';
const WORKING_LINE = '#1f7a44';
const CURVE = '#2d5fd3';
const HEIGHT = 260;

/** The x (seconds) and y arrays uPlot draws: every sample, plus the held last value at `now`. */
export function chartData(trace: PowerTrace, now: number): [number[], number[]] {
  const n = trace.samples.length;
  const last = trace.samples[n - 1];
  const extra = last !== undefined && now > last.at ? 1 : 0;
  const xs = new Array<number>(n + extra);
  const ys = new Array<number>(n + extra);
  for (let i = 0; i < n; i++) {
    const s = trace.samples[i]!;
    xs[i] = s.at / 1000;
    ys[i] = s.watts;
  }
  if (extra === 1) {
    xs[n] = now / 1000;
    ys[n] = last!.watts;
  }
  return [xs, ys];
}

export interface Overlay {
  segments: readonly Segment[];
  standbyW: number;
  workingW: number;
}

function drawBands(u: uPlot, overlay: Overlay) {
  const { ctx, bbox } = u;
  ctx.save();
  for (const seg of overlay.segments) {
    const colour = BAND_COLOURS[seg.state];
    if (colour === null) continue;
    const x0 = Math.max(bbox.left, u.valToPos(seg.from / 1000, 'x', true));
    const x1 = Math.min(bbox.left + bbox.width, u.valToPos(seg.to / 1000, 'x', true));
    if (x1 <= x0) continue;
    ctx.fillStyle = colour;
    ctx.fillRect(x0, bbox.top, Math.max(1, x1 - x0), bbox.height);
  }
  ctx.restore();
}

function drawThresholds(u: uPlot, overlay: Overlay) {
  const { ctx, bbox } = u;
  ctx.save();
  ctx.lineWidth = Math.max(1, devicePixelRatio);
  ctx.setLineDash([6 * devicePixelRatio, 4 * devicePixelRatio]);
  ctx.font = `${11 * devicePixelRatio}px system-ui, sans-serif`;
  ctx.textAlign = 'left';
  ctx.textBaseline = 'bottom';
  const pad = 3 * devicePixelRatio;
  const height = 13 * devicePixelRatio;
  // Where the previous label's plate ended and at what height, so close thresholds put labels side by side.
  let previous: { right: number; y: number } | null = null;
  for (const [watts, colour, label] of [
    [overlay.standbyW, STANDBY_LINE, 'standby'],
    [overlay.workingW, WORKING_LINE, 'working'],
  ] as const) {
    const y = Math.round(u.valToPos(watts, 'y', true));
    if (y < bbox.top || y > bbox.top + bbox.height) continue;
    ctx.strokeStyle = colour;
    ctx.beginPath();
    ctx.moveTo(bbox.left, y);
    ctx.lineTo(bbox.left + bbox.width, y);
    ctx.stroke();
    // The label sits on a white plate at the left end, readable over the curve.
    const text = `${label} ${watts} W`;
    const width = ctx.measureText(text).width;
    const x: number =
      previous !== null && Math.abs(previous.y - y) < height + 2 ? previous.right + pad : bbox.left + pad;
    ctx.fillStyle = 'rgba(255, 255, 255, 0.85)';
    ctx.fillRect(x, y - height - 1, width + 2 * pad, height);
    ctx.fillStyle = colour;
    ctx.fillText(text, x + pad, y - 2);
    previous = { right: x + width + 2 * pad, y };
  }
  ctx.restore();
}

const yMax = (ys: number[], workingW: number) => {
  let max = workingW;
  for (const y of ys) if (y > max) max = y;
  return max * 1.12 || 1;
};

export interface PowerPlot {
  readonly plot: uPlot;
  /** New samples (the last value held until `now`): setData, and the y range follows data and thresholds. */
  setTrace(trace: PowerTrace, now: number): void;
  /** New thresholds or bands: rescale if the top of the chart moves, otherwise only redraw. */
  overlayChanged(): void;
  destroy(): void;
}

/** Creates the chart in `box`; `overlay()` is read at every draw (bands behind, thresholds on top). */
export function createPowerPlot(box: HTMLElement, overlay: () => Overlay): PowerPlot {
  const plot = new uPlot(
    {
      width: Math.max(200, box.clientWidth),
      height: HEIGHT,
      legend: { show: false },
      cursor: { drag: { x: false, y: false } },
      scales: { x: { time: true }, y: { auto: false, range: [0, 1] } },
      axes: [
        {},
        {
          values: (_u, ticks) => ticks.map((v) => `${v.toLocaleString('en')} W`),
          // Wide enough for the longest label ("12,500 W"): about 7 px a character at the axis font, plus gaps.
          size: (_u, values) => Math.max(48, ...(values ?? []).map((v) => v.length * 7 + 20)),
        },
      ],
      series: [
        {},
        {
          label: 'Power',
          stroke: CURVE,
          width: 1.5,
          paths: uPlot.paths.stepped!({ align: 1 }),
          points: { show: false },
        },
      ],
      hooks: {
        drawClear: [(u) => drawBands(u, overlay())],
        draw: [(u) => drawThresholds(u, overlay())],
      },
    },
    [[], []],
    box,
  );
  const observer = new ResizeObserver(() => {
    const width = Math.max(200, box.clientWidth);
    if (width !== plot.width) plot.setSize({ width, height: HEIGHT });
  });
  observer.observe(box);
  return {
    plot,
    setTrace(trace, now) {
      const data = chartData(trace, now);
      // batch: one synchronous draw for data and scale together.
      plot.batch(() => {
        plot.setData(data);
        plot.setScale('y', { min: 0, max: yMax(data[1], overlay().workingW) });
      });
    },
    overlayChanged() {
      const max = yMax(plot.data[1] as number[], overlay().workingW);
      plot.batch(() => {
        if (max !== plot.scales.y!.max) plot.setScale('y', { min: 0, max });
        else plot.redraw(false, false);
      });
    },
    destroy() {
      observer.disconnect();
      plot.destroy();
    },
  };
}
