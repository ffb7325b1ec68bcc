/**
 * One write transaction run off the host's thread, in a child process with a connection of its own
 * (src-main/core/db/transaction-worker.ts), for writes large enough to stall the host (issue 9 §6). The database
 * is in WAL mode, so the host's connection keeps reading the state before the transaction until it commits; the
 * host must not write meanwhile (its writes would wait for the lock), which the device store arranges
 * (src-main/core/device-store.ts).
 */
import { fork } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type Database from 'better-sqlite3';

/** One statement and its parameters. */
export interface SqlStep {
  sql: string;
  params: Array<string | number>;
}

/** What the worker starts with: the database file, how long to wait for the write lock, how many steps follow. */
export interface TransactionJob {
  file: string;
  busyTimeoutMs: number;
  stepCount: number;
}

/** The worker's one message: committed (with the rows changed), or rolled back with SQLite's message and code. */
export type TransactionAnswer = { ok: true; changes: number } | { ok: false; message: string; code?: string };

const WORKER_NAMES = ['transaction-worker.mjs', 'transaction-worker.js', 'transaction-worker.ts'];

/**
 * Where the worker is: beside this module in the sources (run by Node as TypeScript), beside the bundle in builds
 * (scripts/web.mjs and electron.vite.config.ts build it there), as for the migrations.
 */
export function transactionWorkerFile(dir = import.meta.dirname): string {
  const found = WORKER_NAMES.map((name) => join(dir, name)).find((file) => existsSync(file));
  if (!found)
    throw new Error(`the transaction worker is missing (looked for ${WORKER_NAMES.join(', ')} in ${dir})`);
  return found;
}

/** How much of the worker's stderr a failure quotes. */
const STDERR_KEPT = 2000;

/** A started worker process, as the host's runtime gives it (Node's `fork`, or Electron's `utilityProcess`). */
export interface WorkerProcess {
  /** Sends one step; steps sent before the process is up are delivered once it is. */
  send(step: SqlStep): void;
  onMessage(listener: (answer: TransactionAnswer) => void): void;
  /** Once, when the process has ended (its stderr read to the end): how, in words ("exit code 1", "SIGKILL"). */
  onEnd(listener: (how: string) => void): void;
  stderr: NodeJS.ReadableStream | null;
}

/** Starts the worker file with these arguments. */
export type StartWorker = (file: string, args: string[]) => WorkerProcess;

/**
 * Node's child process (the web host, tests, benchmarks). Not for Electron: its executable is the app itself, and
 * the app's `runAsNode` fuse is off (electron-builder.yml), so the desktop host passes a `utilityProcess` starter.
 */
export const forkWorker: StartWorker = (file, args) => {
  const child = fork(file, args, {
    // No inherited flags: a loader the host was started with (tsx in the benchmarks) is not needed there.
    execArgv: [],
    stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
  });
  let failure: Error | undefined;
  child.once('error', (error) => {
    failure = error;
  });
  return {
    send: (step) => child.send(step),
    onMessage: (listener) => child.on('message', listener as (message: unknown) => void),
    onEnd: (listener) =>
      child.once('close', (code, signal) =>
        listener(failure ? `it could not start: ${failure.message}` : (signal ?? `exit code ${code}`)),
      ),
    stderr: child.stderr,
  };
};

/**
 * Runs `steps` as one transaction (all or nothing) on a new connection to `file` in a worker process and resolves
 * with the number of rows changed once it has committed. Rejects, having written nothing, with an Error carrying
 * SQLite's code (so storage faults are named as such) when a statement fails or the worker cannot start.
 */
export function runTransactionOffThread(
  target: { file: string; busyTimeoutMs: number },
  steps: readonly SqlStep[],
  start: StartWorker = forkWorker,
): Promise<number> {
  return new Promise((resolve, reject) => {
    let answer: TransactionAnswer | undefined;
    let stderr = '';
    const job: TransactionJob = { ...target, stepCount: steps.length };
    const worker = start(transactionWorkerFile(), [JSON.stringify(job)]);
    worker.stderr?.setEncoding('utf8');
    worker.stderr?.on('data', (chunk: string) => {
      stderr = (stderr + chunk).slice(-STDERR_KEPT);
    });
    worker.onMessage((message) => {
      answer = message;
    });
    // One step per message: the slices travel one by one and the worker holds them until all are there.
    for (const step of steps) worker.send(step);
    worker.onEnd((how) => {
      if (answer?.ok) return resolve(answer.changes);
      const why = stderr.trim().split('\n').at(-1);
      const failure = answer ?? {
        ok: false,
        message: `the transaction worker stopped (${how}) before it answered${why ? `: ${why}` : ''}`,
      };
      reject(Object.assign(new Error(failure.message), failure.code ? { code: failure.code } : {}));
    });
  });
}

/**
 * Off-thread writes to the database of one host connection, one at a time, and the wait for them. While one runs,
 * the host must not write on its own connection: its write would wait for the lock on the host's thread.
 */
export class OffThreadWriter {
  /** Settles when the write in progress has committed or failed; null when there is none. */
  private inFlight: Promise<void> | null = null;

  constructor(
    private readonly sqlite: Database.Database,
    /** Tests wrap it to hold a write at a point of their choosing. */
    private readonly run: typeof runTransactionOffThread = runTransactionOffThread,
    private readonly onWorkerFailure: (error: Error) => void = () => {},
  ) {}

  /** Resolves once no off-thread write holds the database (at once nearly always). */
  async idle(): Promise<void> {
    while (this.inFlight) await this.inFlight;
  }

  /**
   * Runs `steps` in one transaction on a worker, on the host connection's file with its busy timeout, and calls
   * `then.committed` once it has committed, before anyone waiting in `idle()` goes on (so they see the change).
   * Call it only when idle (await `idle()`, check what the write was planned on, then call this in the same turn).
   * SQLite's failures reject; a worker that could not run (a packaging or platform fault) must not cost the person
   * their write: `then.fallback` makes it on the host's thread instead (with the stall the worker would have saved).
   */
  async write(steps: readonly SqlStep[], then: { committed(): void; fallback(): void }): Promise<void> {
    if (this.inFlight) throw new Error('an off-thread write is already in progress (await idle() first)');
    const busyTimeoutMs = Number(this.sqlite.pragma('busy_timeout', { simple: true }));
    const done = this.run({ file: this.sqlite.name, busyTimeoutMs }, steps);
    this.inFlight = done.then(
      () => {},
      () => {},
    );
    let failed: Error | undefined;
    try {
      await done;
    } catch (error) {
      if ((error as { code?: unknown }).code !== undefined) throw error;
      failed = error as Error;
    } finally {
      this.inFlight = null;
    }
    // In the same turn as the line above: whoever waits in idle() goes on only after this.
    if (!failed) return then.committed();
    this.onWorkerFailure(failed);
    then.fallback();
  }
}
