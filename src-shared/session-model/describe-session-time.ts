/** Durations and the one-line summary of a simulation, as a workshop person reads them. */
import type { SessionSummary } from './simulate-sessions';

/** `45 s`, `14 min`, `2 h 14 min`, `12 h` (rounded down to the unit shown). */
export function formatSpan(ms: number): string {
  const seconds = Math.max(0, Math.floor(ms / 1000));
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  return rest === 0 ? `${hours} h` : `${hours} h ${rest} min`;
}

/** "3 sessions, 2 h 14 min working in the last 12 h". */
export function describeSummary(summary: SessionSummary): string {
  const count = summary.sessions === 1 ? '1 session' : `${summary.sessions} sessions`;
  return `${count}, ${formatSpan(summary.workingMs)} working in the last ${formatSpan(summary.to - summary.from)}`;
}
