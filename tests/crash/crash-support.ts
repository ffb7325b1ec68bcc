/** The web host as a child process that tests can kill -9, and read-only looks at its SQLite file afterwards. */
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { type RunningWebHost, startWebHost } from '../support/web-host-process';

export const TOKEN = 'crash-test-token-0123456789';

/** Short but proportionate timings (WORKSHOP_TEST_TIMINGS), so a pending state pushes within a second. */
export const CRASH_TIMINGS = {
  push: { retries: 3, delaysMs: [50, 100, 200], timeoutMs: 3_000 },
  sync: { debounceMs: 30, maxWaitMs: 100, backoffMs: [100, 200], driftCheckMs: 600_000 },
};

export type HostProcess = RunningWebHost;

/**
 * Starts the server process itself (`node --import tsx src-main/web/cli.ts`, no npm/npx wrapper in between),
 * so SIGKILL hits the process that holds the database.
 */
export function spawnHost(dataDir: string, bridgeUrl: string): Promise<HostProcess> {
  return startWebHost({ entry: 'cli', dataDir, bridgeUrl, token: TOKEN, timings: CRASH_TIMINGS });
}

export interface StoredDevice {
  device_id: string;
  name: string;
}

/** Opens the dead host's database read-only: integrity check result and the devices as stored. */
export function inspectDatabase(dataDir: string): { integrity: string; devices: Map<string, StoredDevice> } {
  const db = new Database(join(dataDir, 'workshop.sqlite'), { readonly: true, fileMustExist: true });
  try {
    const integrity = (db.pragma('integrity_check') as Array<{ integrity_check: string }>)
      .map((r) => r.integrity_check)
      .join('; ');
    const rows = db.prepare('SELECT device_id, name FROM devices').all() as StoredDevice[];
    return { integrity, devices: new Map(rows.map((r) => [r.device_id, r])) };
  } finally {
    db.close();
  }
}

/** mulberry32: a small seeded generator, so a failing series can be replayed with CRASH_SEED. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export async function waitFor<T>(
  check: () => Promise<T> | T,
  what: string,
  timeoutMs: number,
): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value) return value as NonNullable<T>;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline)
      throw new Error(`${what}: not within ${timeoutMs} ms${last ? ` (${String(last)})` : ''}`);
    await sleep(20);
  }
}
