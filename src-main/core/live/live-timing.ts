/** How often the live view talks to the renderer and the broker (src-main/core/live/live-service.ts). */
import { PRODUCTION_BROKER_TIMING } from './broker-connection';

export interface LiveTiming {
  /** Changes reach the renderer at most this often. */
  coalesceMs: number;
  /** How often rows are re-judged without messages (live → silent, silences growing). */
  sweepMs: number;
  backoffMs: readonly number[];
  connectTimeoutMs: number;
}

export const PRODUCTION_LIVE_TIMING: LiveTiming = {
  coalesceMs: 250,
  sweepMs: 2000,
  ...PRODUCTION_BROKER_TIMING,
};
