/**
 * The web host as users run it (`npm run web` = node scripts/web.mjs), spawned and measured from outside through
 * the tests' one harness (tests/support/web-host-process.ts); the benchmark only adds what it measures.
 */
import { readFileSync } from 'node:fs';
import type { CallName } from '../src-shared';
import { callValue } from '../tests/support/api-client';
import {
  ensureWebBuilt,
  REPO_ROOT,
  type RunningWebHost,
  startWebHost as startHostProcess,
} from '../tests/support/web-host-process';

export { CHROMIUM_ARGS } from '../tests/support/chromium';
export const ROOT = REPO_ROOT;

export interface RunningHost extends RunningWebHost {
  /** The printed URL, token fragment included. */
  url: string;
  origin: string;
}

/** Builds the renderer and the host bundle if missing or stale (what `npm run web` does first), outside any timing. */
export const ensureRendererBuilt = ensureWebBuilt;

/** `npm run web` on a data dir with the production timings; readyMs is the time from spawn to the URL line. */
export async function startWebHost(dataDir: string, bridgeUrl: string): Promise<RunningHost> {
  const host = await startHostProcess({ entry: 'npm-run-web', dataDir, bridgeUrl, timings: null });
  return { ...host, url: host.openUrl, origin: host.baseUrl };
}

/** Resident set size (current and peak) of a process, from /proc (Linux). */
export function rssOf(pid: number): { rssMb: number; peakMb: number } | null {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (key: string) =>
      Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? Number.NaN);
    return { rssMb: kb('VmRSS') / 1024, peakMb: kb('VmHWM') / 1024 };
  } catch {
    return null;
  }
}

/** One API call that must succeed (tests/support/api-client.ts). */
export function apiCall<T>(host: RunningHost, channel: CallName, input: unknown = null): Promise<T> {
  return callValue(host, channel, input as never) as Promise<T>;
}
