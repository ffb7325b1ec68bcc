/**
 * The session model's state machine (docs/session-model.md), as a resumable fold: a plain-data state, fed one
 * event at a time in time order, and a clock that may be advanced without events (silence advances time).
 * No clock of its own: every time comes from the events or from the caller.
 */
import type { PowerThresholdConfig } from '../device';

/** The level of one reading. */
export type PowerLevel = 'idle' | 'standby' | 'working';
/** What a stretch of time was: a level, or no data (silence beyond the message timeout, or offline). */
export type SegmentState = PowerLevel | 'no-data';

/** A stretch of time in one state; `from` inclusive, `to` exclusive, milliseconds since the epoch. */
export interface Segment {
  from: number;
  to: number;
  state: SegmentState;
}

/**
 * Everything the future depends on, as plain data (JSON round-trips it): the confirmed state and since when, the
 * pending level change, the last sample's time and how far the clock has run. `segments` is the output so far:
 * closed segments, final once written.
 */
export interface SimulatorState {
  current: SegmentState;
  /** Start of the current (open) segment; null until the first sample. */
  since: number | null;
  pending: { level: PowerLevel; since: number } | null;
  lastSampleAt: number | null;
  clock: number;
  segments: Segment[];
}

/** The thresholds in the units the machine uses (milliseconds). */
export interface SimulatorTiming {
  standbyW: number;
  workingW: number;
  startMs: number;
  stopMs: number;
  timeoutMs: number;
}

export const timingOf = (config: PowerThresholdConfig): SimulatorTiming => ({
  standbyW: config.standbyThresholdW,
  workingW: config.workingThresholdW,
  startMs: config.startDebounceS * 1000,
  stopMs: config.stopDebounceS * 1000,
  timeoutMs: config.messageTimeoutS * 1000,
});

const RANK: Record<PowerLevel, number> = { idle: 0, standby: 1, working: 2 };

/** Idle below the standby threshold, working at or above the working threshold, standby in between. */
export function levelOf(watts: number, t: Pick<SimulatorTiming, 'standbyW' | 'workingW'>): PowerLevel {
  if (watts >= t.workingW) return 'working';
  if (watts >= t.standbyW) return 'standby';
  return 'idle';
}

/** Before the first sample: no data, and nothing reported yet. */
export const initialState = (): SimulatorState => ({
  current: 'no-data',
  since: null,
  pending: null,
  lastSampleAt: null,
  clock: Number.NEGATIVE_INFINITY,
  segments: [],
});

function closeSegment(s: SimulatorState, to: number): void {
  const from = s.since;
  if (from === null || to <= from) return;
  const last = s.segments[s.segments.length - 1];
  if (last !== undefined && last.state === s.current && last.to === from) last.to = to;
  else s.segments.push({ from, to, state: s.current });
}

/** Enters no data at the last sample: the bridge would close the session there. */
function enterNoData(s: SimulatorState): void {
  if (s.current === 'no-data' || s.lastSampleAt === null) return;
  closeSegment(s, s.lastSampleAt);
  s.current = 'no-data';
  s.since = s.lastSampleAt;
  s.pending = null;
}

/**
 * Runs the clock to `at`: a pending change whose debounce has elapsed by then is confirmed (backdated to when it
 * began), and silence longer than the message timeout enters no data. Whichever comes first wins; a
 * confirmation due at the very moment the timeout is reached still happens (the timeout needs *longer*).
 */
export function advanceClock(s: SimulatorState, at: number, t: SimulatorTiming): void {
  const pending = s.pending;
  if (pending !== null && s.current !== 'no-data') {
    const debounce = RANK[pending.level] > RANK[s.current] ? t.startMs : t.stopMs;
    const confirmAt = pending.since + debounce;
    const timeoutAt = s.lastSampleAt === null ? Number.POSITIVE_INFINITY : s.lastSampleAt + t.timeoutMs;
    if (confirmAt <= at && confirmAt <= timeoutAt) {
      closeSegment(s, pending.since);
      s.current = pending.level;
      s.since = pending.since;
      s.pending = null;
    }
  }
  if (s.lastSampleAt !== null && at - s.lastSampleAt > t.timeoutMs) enterNoData(s);
  if (at > s.clock) s.clock = at;
}

/** One reading. Non-finite watts are not a reading and are ignored. */
export function applySample(s: SimulatorState, at: number, watts: number, t: SimulatorTiming): void {
  if (!Number.isFinite(watts)) return;
  advanceClock(s, at, t);
  if (s.current === 'no-data') {
    // Data resumes in idle; anything above idle must then earn its start debounce like any rise.
    closeSegment(s, at);
    s.current = 'idle';
    s.since = at;
  }
  s.lastSampleAt = at;
  const level = levelOf(watts, t);
  if (level === s.current) s.pending = null;
  else if (s.pending === null || s.pending.level !== level) s.pending = { level, since: at };
  // A zero debounce confirms at once.
  advanceClock(s, at, t);
}

/** The meter's online flag; `false` (also its last will) closes at the last sample and enters no data. */
export function applyOnline(s: SimulatorState, at: number, online: boolean, t: SimulatorTiming): void {
  advanceClock(s, at, t);
  if (!online) enterNoData(s);
}

/** The segments up to `now`, the open one included (without changing the state). */
export function segmentsUntil(s: SimulatorState, now: number): Segment[] {
  const out = s.segments.map((seg) => ({ ...seg }));
  if (s.since !== null && now > s.since) {
    const last = out[out.length - 1];
    if (last !== undefined && last.state === s.current && last.to === s.since) last.to = now;
    else out.push({ from: s.since, to: now, state: s.current });
  }
  return out;
}
