/**
 * The web host as a child process, for every test and benchmark that needs one from outside: the CLI tests, the
 * end-to-end tests, the kill -9 tests and `npm run bench`. Two ways in, both without an npm/npx wrapper, so a
 * signal reaches the process that holds the database:
 * - `npm-run-web`: `node scripts/web.mjs …`, exactly what `npm run web` runs (builds the renderer and bundles the
 *   host when their sources are newer, then serves);
 * - `cli`: `node --import tsx src-main/web/cli.ts …`, the host from its sources, no renderer build.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import type { CallInput, CallName, CallOutput, Result } from '../../src-shared';
import { callApi, callValue } from './api-client';

export const REPO_ROOT = resolve(import.meta.dirname, '../..');

export interface WebHostOptions {
  /** How the host is started (above); `cli` unless said. */
  entry?: 'npm-run-web' | 'cli';
  /** `--port`; 0 (the default) lets the OS choose; null leaves the flag out. */
  port?: number | null;
  dataDir?: string;
  bridgeUrl?: string;
  token?: string;
  /** Further command-line arguments, after the ones above. */
  args?: string[];
  /**
   * TEST ONLY push/sync timings (`WORKSHOP_TEST_TIMINGS`, docs/web-host.md); null runs the production timings
   * even when the test process itself has the variable set.
   */
  timings?: unknown;
  env?: Record<string, string>;
  /** A command that runs the host (e.g. inside a mount namespace); node and its arguments follow it. */
  wrapper?: string[];
}

export interface WebHostProcess {
  child: ChildProcess;
  pid: number;
  /** Every stdout line so far. */
  stdout: string[];
  /** The last 200 kB written to stderr. */
  stderr(): string;
  /** The first stdout line (the URL line); rejects if the process exits first or after timeoutMs. */
  firstLine(timeoutMs?: number): Promise<string>;
  /** The exit code, or the signal's name, once the process has ended. */
  exited: Promise<number | string>;
  /** SIGTERM (a clean shutdown), SIGKILL after graceMs; the exit code or signal. */
  stop(graceMs?: number): Promise<number | string>;
  /** SIGKILL now, as a crash would. */
  kill9(): Promise<number | string>;
}

const STDERR_KEPT = 200_000;

function argsFor(options: WebHostOptions): string[] {
  const args: string[] = [];
  const port = options.port === undefined ? 0 : options.port;
  if (port !== null) args.push('--port', String(port));
  if (options.dataDir !== undefined) args.push('--data-dir', options.dataDir);
  if (options.bridgeUrl !== undefined) args.push('--bridge-url', options.bridgeUrl);
  if (options.token !== undefined) args.push('--token', options.token);
  return [...args, ...(options.args ?? [])];
}

/** Starts the host and returns at once (use `firstLine` to wait for its URL, or `exited` for a refusal). */
export function spawnWebHost(options: WebHostOptions = {}): WebHostProcess {
  const entry =
    options.entry === 'npm-run-web' ? ['scripts/web.mjs'] : ['--import', 'tsx', 'src-main/web/cli.ts'];
  const env: NodeJS.ProcessEnv = { ...process.env, ...options.env };
  if (options.timings === null) env.WORKSHOP_TEST_TIMINGS = '';
  else if (options.timings !== undefined) env.WORKSHOP_TEST_TIMINGS = JSON.stringify(options.timings);
  const command = [...(options.wrapper ?? []), process.execPath, ...entry, ...argsFor(options)];
  const child = spawn(command[0] as string, command.slice(1), {
    cwd: REPO_ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const stdout: string[] = [];
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString('utf8')).slice(-STDERR_KEPT);
  });
  const lineWaiters = new Set<(line: string) => void>();
  createInterface({ input: child.stdout! }).on('line', (line) => {
    stdout.push(line);
    for (const wake of lineWaiters) wake(line);
  });
  const exited = once(child, 'exit').then(([code, signal]) => (code ?? signal) as number | string);
  const running = () => child.exitCode === null && child.signalCode === null;
  return {
    child,
    pid: child.pid!,
    stdout,
    stderr: () => stderr,
    exited,
    firstLine(timeoutMs = 90_000) {
      if (stdout[0] !== undefined) return Promise.resolve(stdout[0]);
      return new Promise((resolveLine, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`the web host printed no line in ${timeoutMs} ms; stderr: ${stderr}`)),
          timeoutMs,
        );
        lineWaiters.add((line) => {
          clearTimeout(timer);
          resolveLine(line);
        });
        void exited.then((code) => {
          clearTimeout(timer);
          reject(new Error(`the web host exited (${code}) before printing a line; stderr: ${stderr}`));
        });
      });
    },
    async stop(graceMs = 15_000) {
      if (running()) child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      const code = await exited;
      clearTimeout(timer);
      return code;
    },
    async kill9() {
      if (!running()) return exited;
      // What the host started (a worker process writing a large import) outlives a kill -9; wait for it too, so
      // a test looks at the data once everything the host ran has ended.
      const started = childPids(child.pid);
      child.kill('SIGKILL');
      const code = await exited;
      await Promise.all(started.map(processGone));
      return code;
    },
  };
}

/** A host that printed its URL line and answers. */
export interface RunningWebHost extends WebHostProcess {
  /** The printed line: `http://127.0.0.1:<port>/#token=<token>`, the address a person opens. */
  openUrl: string;
  /** `http://127.0.0.1:<port>`. */
  baseUrl: string;
  token: string;
  dataDir: string | undefined;
  /** ms from spawn to the URL line. */
  readyMs: number;
  /** One API call typed by the contract; the Result as answered. */
  call<C extends CallName>(channel: C, input?: CallInput<C>): Promise<Result<CallOutput<C>>>;
  /** One API call that must succeed; its value. */
  value<C extends CallName>(channel: C, input?: CallInput<C>): Promise<CallOutput<C>>;
}

/** Splits the printed `http://<host>:<port>/#token=<token>` line. */
export function splitUrlLine(line: string): { baseUrl: string; token: string } {
  const match = /^(http:\/\/[^/#\s]+)\/#token=([A-Za-z0-9._~%-]+)$/.exec(line.trim());
  if (!match) throw new Error(`not a URL line: ${JSON.stringify(line)}`);
  return { baseUrl: match[1]!, token: decodeURIComponent(match[2]!) };
}

/** Starts the host and waits for its URL line (the first `npm-run-web` start may build the renderer). */
export async function startWebHost(options: WebHostOptions = {}): Promise<RunningWebHost> {
  const t0 = performance.now();
  const host = spawnWebHost(options);
  const openUrl = (await host.firstLine()).trim();
  const readyMs = performance.now() - t0;
  const target = splitUrlLine(openUrl);
  return {
    ...host,
    ...target,
    openUrl,
    dataDir: options.dataDir,
    readyMs,
    call: (channel, input) => callApi(target, channel, input),
    value: (channel, input) => callValue(target, channel, input),
  };
}

/** Builds the renderer and the host bundle if missing or stale (what `npm run web` does first), outside timings. */
export function ensureWebBuilt(): void {
  const run = spawnSync(process.execPath, [join(REPO_ROOT, 'scripts/web.mjs'), '--help'], {
    cwd: REPO_ROOT,
    encoding: 'utf8',
    timeout: 180_000,
  });
  if (run.status !== 0) throw new Error(`building the renderer and the web host failed: ${run.stderr}`);
}

/** The ids of a process's children (Linux), or none where that cannot be read. */
function childPids(pid: number | undefined): number[] {
  if (pid === undefined) return [];
  try {
    return readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').split(/\s+/).filter(Boolean).map(Number);
  } catch {
    return [];
  }
}

/** Resolves once the process has ended: gone, or a zombie nobody reaped yet (polled; at most 20 s). */
async function processGone(pid: number): Promise<void> {
  for (let waited = 0; waited < 20_000; waited += 20) {
    let state = 'Z';
    try {
      // "pid (name) S …": the state follows the closing parenthesis.
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
    } catch {}
    if (state === 'Z' || state === 'X') return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
