import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { SqlStep } from '../../src-main/core/db/off-thread-transaction';

/**
 * A WAL database file in `dir` with one table `t (n, label)`, the host's connection to it (the caller closes it)
 * and its labels in order: for tests of the off-thread transaction (src-main/core/db/off-thread-transaction.ts).
 */
export function scratchDatabase(dir: string) {
  const file = join(dir, 'scratch.sqlite');
  const host = new Database(file);
  host.pragma('journal_mode = WAL');
  host.exec('CREATE TABLE t (n INTEGER PRIMARY KEY, label TEXT NOT NULL)');
  const labels = () => host.prepare('SELECT label FROM t ORDER BY n').pluck().all();
  return { file, host, labels };
}

/** A step that inserts one row into the scratch table. */
export const insertRow = (n: number, label: string): SqlStep => ({
  sql: 'INSERT INTO t (n, label) VALUES (?, ?)',
  params: [n, label],
});
