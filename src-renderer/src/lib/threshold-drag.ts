/**
 * Dragging a threshold line on the power chart (lib/power-plot.ts): a pointer pressed within a few pixels of the
 * standby or working line moves that threshold, and every move reports the new value, which the Live dialog
 * handles like typing it into the field (so the simulation follows the line at once). The fields stay the way to
 * set a value by keyboard; the drag is a second way for a pointer, never the only one.
 */
import type uPlot from 'uplot';

export type ThresholdLine = 'standby' | 'working';

export interface LinePositions {
  /** The thresholds in watts. */
  standbyW: number;
  workingW: number;
}

/** How close (CSS px) the pointer must be to a line to take hold of it. */
export const GRAB_PX = 6;
const MAX_W = 100_000;

/** The line within GRAB_PX of `y` (CSS px from the plot's top), the nearer one when both are. */
export function lineNear(
  y: number,
  lines: LinePositions,
  toY: (watts: number) => number,
): ThresholdLine | null {
  const standby = Math.abs(toY(lines.standbyW) - y);
  const working = Math.abs(toY(lines.workingW) - y);
  if (Math.min(standby, working) > GRAB_PX) return null;
  return working <= standby ? 'working' : 'standby';
}

/**
 * The value a drag to `watts` sets: whole watts (tenths below 10 W, where a meter's idle draw sits), never below
 * 0 or above the schema's 100,000 W, and the standby line stays below the working line by at least one step.
 */
export function draggedWatts(line: ThresholdLine, watts: number, lines: LinePositions): number {
  const stepAt = (w: number) => (w < 10 ? 0.1 : 1);
  const value = Number((Math.round(watts / stepAt(watts)) * stepAt(watts)).toFixed(1));
  if (line === 'standby') return clamp(value, 0, lines.workingW - stepAt(lines.workingW - 1));
  return clamp(value, lines.standbyW + stepAt(lines.standbyW), MAX_W);
}

const clamp = (v: number, lo: number, hi: number) => Number(Math.min(hi, Math.max(lo, v)).toFixed(1));

/** Wires the drag onto uPlot's overlay; returns the function that removes it. */
export function attachThresholdDrag(
  plot: uPlot,
  lines: () => LinePositions,
  onDrag: (line: ThresholdLine, watts: number) => void,
): () => void {
  const over = plot.over;
  const toY = (watts: number) => plot.valToPos(watts, 'y');
  let held: ThresholdLine | null = null;

  const down = (e: PointerEvent) => {
    held = lineNear(e.offsetY, lines(), toY);
    if (held === null) return;
    over.setPointerCapture(e.pointerId);
    e.preventDefault();
  };
  const move = (e: PointerEvent) => {
    if (held === null) {
      over.style.cursor = lineNear(e.offsetY, lines(), toY) === null ? '' : 'ns-resize';
      return;
    }
    const watts = draggedWatts(held, plot.posToVal(e.offsetY, 'y'), lines());
    const current = held === 'standby' ? lines().standbyW : lines().workingW;
    if (watts !== current) onDrag(held, watts);
  };
  const up = (e: PointerEvent) => {
    if (held === null) return;
    held = null;
    if (over.hasPointerCapture(e.pointerId)) over.releasePointerCapture(e.pointerId);
  };
  over.addEventListener('pointerdown', down);
  over.addEventListener('pointermove', move);
  over.addEventListener('pointerup', up);
  over.addEventListener('pointercancel', up);
  return () => {
    over.removeEventListener('pointerdown', down);
    over.removeEventListener('pointermove', move);
    over.removeEventListener('pointerup', up);
    over.removeEventListener('pointercancel', up);
  };
}
