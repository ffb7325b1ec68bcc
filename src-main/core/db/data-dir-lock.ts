import { mkdirSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { StoreOpenError } from './store-open-error';
import { describeUnwritable, unwritableFromError, unwritableReason } from './writable-check';

/**
 * One writer per data directory. The lock is SQLite's own: a small database beside the device database whose
 * write lock this process holds for as long as it runs. SQLite takes it with the operating system's file locks
 * (POSIX advisory locks, LockFileEx on Windows), which the kernel drops when the process ends in any way, kill -9
 * and power loss included, so a lock left behind can never block a restart, and nothing has to guess whether a
 * lock file is stale. In WAL mode the holder's row stays readable while it holds the lock, so a refused start can
 * say who holds the directory. The device database itself stays free for a second connection (the worker process of
 * src-main/core/db/off-thread-transaction.ts).
 */
export const LOCK_FILE = 'workshop.lock';
/** Files of the data directory that must be writable (the database and its WAL companions, the lock). */
export const DATA_FILES = [
  'workshop.sqlite',
  'workshop.sqlite-wal',
  'workshop.sqlite-shm',
  LOCK_FILE,
  `${LOCK_FILE}-wal`,
  `${LOCK_FILE}-shm`,
];

interface Holder {
  pid: number;
  app: string;
  host: string;
  since: string;
}

/** Held until release() or the end of the process. */
export interface DataDirLock {
  readonly dataDir: string;
  release(): void;
}

/** Takes the data directory for this process, or throws StoreOpenError ('in_use' naming the holder, 'read_only'). */
export function lockDataDir(dataDir: string, app: string, now: Date = new Date()): DataDirLock {
  try {
    mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  } catch (error) {
    throw unwritableOr(dataDir, error);
  }
  const unwritable = unwritableReason(dataDir, DATA_FILES);
  if (unwritable) throw new StoreOpenError('read_only', describeUnwritable(dataDir, unwritable));

  let db: Database.Database | undefined;
  try {
    // timeout 0: a held lock answers SQLITE_BUSY at once instead of after better-sqlite3's default 5 s wait.
    db = new Database(join(dataDir, LOCK_FILE), { timeout: 0 });
    db.pragma('journal_mode = WAL');
    db.exec('BEGIN IMMEDIATE');
    db.exec('CREATE TABLE IF NOT EXISTS holder (pid INTEGER, app TEXT, host TEXT, since TEXT)');
    db.exec('DELETE FROM holder');
    db.prepare('INSERT INTO holder (pid, app, host, since) VALUES (?, ?, ?, ?)').run(
      process.pid,
      app,
      hostname(),
      now.toISOString(),
    );
    db.exec('COMMIT');
    // Held from here on. Should another process have slipped in between the two, it holds the lock and wins.
    db.exec('BEGIN IMMEDIATE');
  } catch (error) {
    const holder = db ? readHolder(db) : null;
    db?.close();
    if (isBusy(error)) throw new StoreOpenError('in_use', inUseMessage(dataDir, holder));
    throw unwritableOr(dataDir, error);
  }
  const held = db;
  let released = false;
  return {
    dataDir,
    release() {
      if (released) return;
      released = true;
      held.close();
    },
  };
}

function isBusy(error: unknown): boolean {
  const code = (error as { code?: string }).code ?? '';
  return code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED');
}

function readHolder(db: Database.Database): Holder | null {
  try {
    if (db.inTransaction) db.exec('ROLLBACK');
    return (
      (db.prepare('SELECT pid, app, host, since FROM holder LIMIT 1').get() as Holder | undefined) ?? null
    );
  } catch {
    return null;
  }
}

function inUseMessage(dataDir: string, holder: Holder | null): string {
  const who = holder
    ? `${holder.app}, process ${holder.pid}${holder.host === hostname() ? '' : ` on ${holder.host}`}, since ${holder.since.replace('T', ' ').slice(0, 19)} UTC`
    : 'which is still starting';
  return `The data directory ${dataDir} is in use by another Workshop Manager (${who}): stop that one first, or start this one with another data directory.`;
}

/** A failure to create or write in the data directory, named for what it is. */
function unwritableOr(dataDir: string, error: unknown): StoreOpenError {
  const unwritable = unwritableFromError(dataDir, error) ?? unwritableReason(dataDir, DATA_FILES);
  if (unwritable) return new StoreOpenError('read_only', describeUnwritable(dataDir, unwritable));
  return new StoreOpenError(
    'unreadable',
    `The data directory ${dataDir} cannot be used (${(error as Error).message}); nothing in it was changed.`,
  );
}
