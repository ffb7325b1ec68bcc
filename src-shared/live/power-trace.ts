/**
 * What a meter said over time, as the bridge would hear it: the shared vocabulary of the live view (core ring
 * buffer, saved traces) and the session model (simulator). Times are milliseconds since the epoch.
 */

/** One power reading. */
export interface PowerSample {
  at: number;
  watts: number;
}

/** A change of the meter's `<prefix>/online` flag (`false` is also its last will). */
export interface OnlineMark {
  at: number;
  online: boolean;
}

/** A stretch of what one meter said, oldest first. */
export interface PowerTrace {
  samples: PowerSample[];
  online: OnlineMark[];
}
