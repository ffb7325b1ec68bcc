/**
 * What sessions the bridge would make of a power trace under a `power_threshold` config
 * (docs/session-model.md). Pure: the caller says what time it is now.
 */
import type { PowerThresholdConfig } from '../device';
import type { PowerTrace } from '../live/power-trace';
import {
  advanceClock,
  applyOnline,
  applySample,
  initialState,
  type Segment,
  type SimulatorState,
  type SimulatorTiming,
  segmentsUntil,
  timingOf,
} from './session-simulator';

/** A maximal run of standby and working time. Times in ms since the epoch, durations in ms. */
export interface SimulatedSession {
  start: number;
  end: number;
  durationMs: number;
  workingMs: number;
  standbyMs: number;
  /** Still running at `now` (its end is `now`). */
  ongoing: boolean;
}

export interface SessionSummary {
  /** The simulated window: from the first sample to now (both `now` when nothing was heard). */
  from: number;
  to: number;
  sessions: number;
  workingMs: number;
  standbyMs: number;
  idleMs: number;
  noDataMs: number;
}

export interface SimulationResult {
  segments: Segment[];
  sessions: SimulatedSession[];
  summary: SessionSummary;
}

/**
 * Feeds a trace into a simulator state: samples and online marks merged by time (at the same instant the sample
 * comes first: a last will follows the last message). Out-of-order input is sorted first.
 */
export function feedTrace(state: SimulatorState, trace: PowerTrace, timing: SimulatorTiming): void {
  const samples = inOrder(trace.samples);
  const marks = inOrder(trace.online);
  let j = 0;
  for (const sample of samples) {
    while (j < marks.length && marks[j]!.at < sample.at) {
      applyOnline(state, marks[j]!.at, marks[j]!.online, timing);
      j++;
    }
    applySample(state, sample.at, sample.watts, timing);
  }
  for (; j < marks.length; j++) applyOnline(state, marks[j]!.at, marks[j]!.online, timing);
}

function inOrder<T extends { at: number }>(items: T[]): T[] {
  for (let i = 1; i < items.length; i++) {
    if (items[i]!.at < items[i - 1]!.at) return [...items].sort((a, b) => a.at - b.at);
  }
  return items;
}

/** Runs the clock to `now` (never backwards) and reads segments, sessions and summary off the state. */
export function resultAt(state: SimulatorState, now: number, timing: SimulatorTiming): SimulationResult {
  const end = Math.max(now, state.clock);
  advanceClock(state, end, timing);
  const segments = segmentsUntil(state, end);
  const sessions: SimulatedSession[] = [];
  const summary: SessionSummary = {
    from: segments[0]?.from ?? end,
    to: end,
    sessions: 0,
    workingMs: 0,
    standbyMs: 0,
    idleMs: 0,
    noDataMs: 0,
  };
  let open: SimulatedSession | null = null;
  for (const seg of segments) {
    const ms = seg.to - seg.from;
    if (seg.state === 'idle' || seg.state === 'no-data') {
      if (seg.state === 'idle') summary.idleMs += ms;
      else summary.noDataMs += ms;
      open = null;
      continue;
    }
    if (open === null) {
      open = { start: seg.from, end: seg.from, durationMs: 0, workingMs: 0, standbyMs: 0, ongoing: false };
      sessions.push(open);
    }
    open.end = seg.to;
    open.durationMs = open.end - open.start;
    if (seg.state === 'working') {
      open.workingMs += ms;
      summary.workingMs += ms;
    } else {
      open.standbyMs += ms;
      summary.standbyMs += ms;
    }
  }
  if (open !== null && state.current !== 'idle' && state.current !== 'no-data') open.ongoing = true;
  summary.sessions = sessions.length;
  return { segments, sessions, summary };
}

/** The whole model in one call: segments, sessions and summary of `trace` as of `now`. */
export function simulateSessions(
  trace: PowerTrace,
  config: PowerThresholdConfig,
  now: number,
): SimulationResult {
  const timing = timingOf(config);
  const state = initialState();
  feedTrace(state, trace, timing);
  return resultAt(state, now, timing);
}
