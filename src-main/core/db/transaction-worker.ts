/**
 * A child process that runs one write transaction on a SQLite connection of its own and exits: the host's thread
 * stays free for other calls while the statements of an import or bulk action on 100,000 devices run and commit
 * (about half a second; issue 9 §6), and everything the work allocated goes back to the system when it exits
 * (a worker thread left some 30 MB of the host's memory with the C allocator). Started by
 * src-main/core/db/off-thread-transaction.ts (Node's child process in the web host, Electron's utility process in the
 * desktop app), which describes the job, the messages and the answer.
 *
 * Self-contained on purpose: Node runs this file straight from the sources (type stripping) and each build turns it
 * into one file beside its bundle, so it imports nothing of ours but types.
 */
import Database from 'better-sqlite3';
import type { SqlStep, TransactionAnswer, TransactionJob } from './off-thread-transaction';

/** The host that started this process; a process whose host died (kill -9, a crash) must not commit after it. */
const hostPid = process.ppid;
/**
 * Whether the host is still there: Node's IPC channel closes when it dies (seen once the event loop turns), and on
 * Linux and macOS the parent process id changes at once. A utility process is ended by Electron with its host.
 */
const hostAlive = () => process.ppid === hostPid && (process.send === undefined || process.connected);

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

async function run(job: TransactionJob, steps: readonly SqlStep[]): Promise<TransactionAnswer> {
  let db: Database.Database | undefined;
  try {
    // The file exists: the host opened, checked and migrated it, and holds the data dir's lock.
    db = new Database(job.file, { fileMustExist: true });
    db.pragma(`busy_timeout = ${job.busyTimeoutMs}`);
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    const statements = new Map<string, Database.Statement>();
    let changes = 0;
    // IMMEDIATE: the write lock is taken before the first statement, so no read made here can go stale.
    db.exec('BEGIN IMMEDIATE');
    for (const step of steps) {
      let statement = statements.get(step.sql);
      if (!statement) {
        statement = db.prepare(step.sql);
        statements.set(step.sql, statement);
      }
      changes += statement.run(...step.params).changes;
      // A turn between steps lets the closing of the host's channel be seen: its host gone, nothing is committed
      // behind the back of the next host on this data dir.
      await nextTurn();
      if (!hostAlive()) throw new Error('the host is gone; rolled back');
    }
    db.exec('COMMIT');
    return { ok: true, changes };
  } catch (error) {
    if (db?.inTransaction) db.exec('ROLLBACK');
    const { message, code } = error as { message?: unknown; code?: unknown };
    return {
      ok: false,
      message: typeof message === 'string' ? message : String(error),
      ...(typeof code === 'string' ? { code } : {}),
    };
  } finally {
    db?.close();
  }
}

/** Electron's utility process hands messages over on `process.parentPort`; Node's child process on `process`. */
const electronPort = (
  process as unknown as {
    parentPort?: {
      on(event: 'message', listener: (event: { data: SqlStep }) => void): void;
      postMessage(message: unknown): void;
    };
  }
).parentPort;

// The job comes as the one argument; the steps follow one message each, and the transaction runs once all are here.
const job = JSON.parse(process.argv.at(-1) ?? '{}') as TransactionJob;
const steps: SqlStep[] = [];
const answer = async () => {
  const result = await run(job, steps);
  // A utility process is ended by the host once it has the answer (exiting here could lose the message).
  if (electronPort) return electronPort.postMessage(result);
  if (!process.connected) return; // the host is gone: nobody to tell, and the process ends by itself
  process.send?.(result);
  // The channel closed, nothing is left to keep the process: it exits.
  process.disconnect?.();
};
const onStep = (step: SqlStep) => {
  steps.push(step);
  if (steps.length === job.stepCount) void answer();
};
if (job.stepCount === 0) void answer();
else if (electronPort) {
  electronPort.on('message', (event) => onStep(event.data));
  // Kept alive until the host ends it: a packaged app's utility process may otherwise exit while it waits.
  setInterval(() => {}, 60_000);
} else process.on('message', onStep);
