/**
 * The power curve of one meter (lib/power-plot.ts draws it with uPlot on a canvas): a step line (sample and
 * hold), the standby and working thresholds across it and the simulated states as bands behind it. The chart is
 * created once per mount; new data goes in through setData and new thresholds or bands through a redraw.
 */
import { useEffect, useId, useRef } from 'react';
import 'uplot/dist/uPlot.min.css';
import type { PowerTrace, Segment } from '../../../src-shared';
import { createPowerPlot, type Overlay, type PowerPlot } from '../lib/power-plot';
import { attachThresholdDrag, type ThresholdLine } from '../lib/threshold-drag';

export interface PowerChartProps {
  trace: PowerTrace;
  /** The end of the window (the trace's last value holds until then). */
  now: number;
  segments: readonly Segment[];
  standbyW: number;
  workingW: number;
  /** A sentence for assistive technology: what the curve shows. */
  description: string;
  /** A threshold line was dragged to a new value (the fields remain the keyboard's way to change it). */
  onThresholdDrag?: (line: ThresholdLine, watts: number) => void;
}

export function PowerChart({
  trace,
  now,
  segments,
  standbyW,
  workingW,
  description,
  onThresholdDrag,
}: PowerChartProps) {
  const boxRef = useRef<HTMLDivElement>(null);
  const plotRef = useRef<PowerPlot | null>(null);
  const overlayRef = useRef<Overlay>({ segments, standbyW, workingW });
  const descriptionId = useId();
  overlayRef.current = { segments, standbyW, workingW };
  const dragRef = useRef(onThresholdDrag);
  dragRef.current = onThresholdDrag;

  useEffect(() => {
    const plot = createPowerPlot(boxRef.current!, () => overlayRef.current);
    plotRef.current = plot;
    const detach = attachThresholdDrag(
      plot.plot,
      () => overlayRef.current,
      (line, watts) => dragRef.current?.(line, watts),
    );
    return () => {
      detach();
      plot.destroy();
      plotRef.current = null;
    };
  }, []);

  useEffect(() => {
    plotRef.current?.setTrace(trace, now);
    boxRef.current?.setAttribute('data-points', String(trace.samples.length));
  }, [trace, now]);

  // biome-ignore lint/correctness/useExhaustiveDependencies: the draw hooks read these through overlayRef
  useEffect(() => {
    plotRef.current?.overlayChanged();
  }, [segments, standbyW, workingW]);

  return (
    <figure className="power-chart">
      <div
        ref={boxRef}
        className="power-chart-canvas"
        role="img"
        aria-label="Power curve"
        aria-describedby={descriptionId}
      />
      <figcaption id={descriptionId} className="visually-hidden">
        {description}
      </figcaption>
    </figure>
  );
}
