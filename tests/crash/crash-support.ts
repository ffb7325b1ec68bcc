/** The web host as a child process that tests can kill -9, and read-only looks at its SQLite file afterwards. */
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import Database from 'better-sqlite3';
import type { Result } from '../../src-shared';

const ROOT = resolve(import.meta.dirname, '../..');
export const TOKEN = 'crash-test-token-0123456789';

/** Short but proportionate timings (WORKSHOP_TEST_TIMINGS), so a pending state pushes within a second. */
export const CRASH_TIMINGS = {
  push: { retries: 3, delaysMs: [50, 100, 200], timeoutMs: 3_000 },
  sync: { debounceMs: 30, maxWaitMs: 100, backoffMs: [100, 200], driftCheckMs: 600_000 },
};

export interface HostProcess {
  child: ChildProcess;
  pid: number;
  origin: string;
  exited: Promise<unknown>;
  stderr(): string;
  /** POST /api/<channel>; the contract's Result, or a thrown error when the connection failed (killed). */
  call<T = unknown>(channel: string, input?: unknown): Promise<Result<T>>;
  /** The value of an ok result; throws on an error result. */
  value<T = unknown>(channel: string, input?: unknown): Promise<T>;
  kill9(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Spawns the server process itself (`node --import tsx src-main/web/cli.ts`, no npm/npx wrapper in between),
 * so SIGKILL hits the process that holds the database.
 */
export async function spawnHost(dataDir: string, bridgeUrl: string): Promise<HostProcess> {
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      join(ROOT, 'src-main/web/cli.ts'),
      '--port',
      '0',
      '--data-dir',
      dataDir,
      '--bridge-url',
      bridgeUrl,
      '--token',
      TOKEN,
    ],
    {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, WORKSHOP_TEST_TIMINGS: JSON.stringify(CRASH_TIMINGS) },
    },
  );
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString('utf8')).slice(-20_000);
  });
  const exited = once(child, 'exit');
  const lines = createInterface({ input: child.stdout! });
  const line = await new Promise<string>((resolveLine, reject) => {
    const timer = setTimeout(() => reject(new Error(`no URL line in 30 s; stderr: ${stderr}`)), 30_000);
    lines.once('line', (l) => {
      clearTimeout(timer);
      resolveLine(l);
    });
    void exited.then(() => {
      clearTimeout(timer);
      reject(new Error(`web host exited before its URL line; stderr: ${stderr}`));
    });
  });
  const origin = new URL(line).origin;
  const call = async <T>(channel: string, input: unknown = null): Promise<Result<T>> => {
    const response = await fetch(`${origin}/api/${channel}`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${TOKEN}`, 'Content-Type': 'application/json' },
      body: JSON.stringify(input),
    });
    return (await response.json()) as Result<T>;
  };
  return {
    child,
    pid: child.pid!,
    origin,
    exited,
    stderr: () => stderr,
    call,
    async value<T>(channel: string, input: unknown = null) {
      const result = await call<T>(channel, input);
      if (!result.ok) throw new Error(`${channel}: ${JSON.stringify(result.error)}`);
      return result.value;
    },
    async kill9() {
      if (child.exitCode === null && child.signalCode === null) process.kill(child.pid!, 'SIGKILL');
      await exited;
    },
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
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
