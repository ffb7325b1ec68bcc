/**
 * The desktop app's worker processes for large device writes (src-main/electron/utility-worker.ts) over Electron's
 * utilityProcess API, here a faithful fake (tests/electron/support/fake-utility-process.mjs: a Node child with
 * `process.parentPort`, messages only after `spawn`): steps sent before the process is up reach it, the answer
 * comes back, the process is ended afterwards, and a failing transaction keeps SQLite's code.
 */
import type Database from 'better-sqlite3';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { runTransactionOffThread } from '../../src-main/core/db/off-thread-transaction';
import { insertRow, scratchDatabase } from '../support/scratch-database';
import { tempDirs } from '../support/temp-dir';

vi.mock('electron', async () => (await import('./fake-electron')).fakeElectronModule());
const { startUtilityWorker } = await import('../../src-main/electron/utility-worker');

const dirs = tempDirs('workshop-utility-worker-');
const connections: Database.Database[] = [];

afterEach(() => {
  for (const connection of connections.splice(0)) connection.close();
  dirs.cleanup();
});

function scratch() {
  const db = scratchDatabase(dirs.make());
  connections.push(db.host);
  return db;
}

describe('large writes in an Electron utility process', () => {
  it('delivers the steps sent before the process was up, commits them and ends the process', async () => {
    const { file, labels } = scratch();
    const steps = Array.from({ length: 30 }, (_, i) => insertRow(i, `row ${i}`));
    expect(await runTransactionOffThread({ file, busyTimeoutMs: 1000 }, steps, startUtilityWorker)).toBe(30);
    expect(labels()).toHaveLength(30);
  });

  it('writes nothing when a step fails, and keeps SQLite’s code', async () => {
    const { file, labels } = scratch();
    const failing = runTransactionOffThread(
      { file, busyTimeoutMs: 1000 },
      [insertRow(1, 'a'), { sql: 'INSERT INTO nowhere VALUES (1)', params: [] }],
      startUtilityWorker,
    );
    await expect(failing).rejects.toMatchObject({ code: 'SQLITE_ERROR' });
    expect(labels()).toEqual([]);
  });

  it('counts a process that never starts as failed after 10 s, so the write falls back instead of hanging', async () => {
    vi.useFakeTimers();
    try {
      const { utilityProcess } = await import('electron');
      const { EventEmitter } = await import('node:events');
      const silent = Object.assign(new EventEmitter(), { kill: vi.fn(), postMessage: vi.fn(), stderr: null });
      const fork = vi.spyOn(utilityProcess, 'fork').mockReturnValueOnce(silent as never);
      const { file } = scratch();
      const writing = runTransactionOffThread(
        { file, busyTimeoutMs: 1000 },
        [insertRow(1, 'a')],
        startUtilityWorker,
      );
      const failed = expect(writing).rejects.toThrow(/did not start within 10 s/);
      await vi.advanceTimersByTimeAsync(10_000);
      await failed;
      expect(silent.kill).toHaveBeenCalled();
      fork.mockRestore();
    } finally {
      vi.useRealTimers();
    }
  });
});
