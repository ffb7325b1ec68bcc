/** The web host as users run it (`npm run web` = node scripts/web.mjs), spawned and measured from outside. */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';

export const ROOT = resolve(import.meta.dirname, '..');

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface RunningHost {
  child: ChildProcess;
  /** The printed URL, token fragment included. */
  url: string;
  origin: string;
  token: string;
  /** ms from spawn to the URL line. */
  readyMs: number;
  stop(): Promise<void>;
}

/** Builds the renderer if it is missing or stale (what `npm run web` does first), outside any timing. */
export function ensureRendererBuilt(): void {
  const run = spawnSync(process.execPath, [join(ROOT, 'scripts/web.mjs'), '--help'], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: 180_000,
  });
  if (run.status !== 0) throw new Error(`bench: building the renderer failed: ${run.stderr}`);
}

export async function startWebHost(dataDir: string, bridgeUrl: string): Promise<RunningHost> {
  const t0 = performance.now();
  const child = spawn(
    process.execPath,
    [join(ROOT, 'scripts/web.mjs'), '--port', '0', '--data-dir', dataDir, '--bridge-url', bridgeUrl],
    { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, WORKSHOP_TEST_TIMINGS: '' } },
  );
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => {
    stderr += chunk.toString('utf8');
  });
  const exited = once(child, 'exit');
  const lines = createInterface({ input: child.stdout! });
  const url = await new Promise<string>((resolveUrl, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`bench: web host printed no URL in 60 s: ${stderr}`)),
      60_000,
    );
    lines.once('line', (line) => {
      clearTimeout(timer);
      resolveUrl(line.trim());
    });
    void exited.then(() => {
      clearTimeout(timer);
      reject(new Error(`bench: web host exited early: ${stderr}`));
    });
  });
  const readyMs = performance.now() - t0;
  const parsed = new URL(url);
  const token = decodeURIComponent(parsed.hash.replace(/^#token=/, ''));
  return {
    child,
    url,
    origin: parsed.origin,
    token,
    readyMs,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(timer);
    },
  };
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

export async function apiCall<T>(host: RunningHost, channel: string, input: unknown = null): Promise<T> {
  const response = await fetch(`${host.origin}/api/${channel}`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${host.token}`, 'Content-Type': 'application/json' },
    body: JSON.stringify(input),
  });
  const result = (await response.json()) as { ok: boolean; value?: T; error?: unknown };
  if (!result.ok) throw new Error(`${channel} failed: ${JSON.stringify(result.error)}`);
  return result.value as T;
}
