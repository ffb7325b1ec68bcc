/**
 * The data directory lock and the storage checks in process (issue 9 §4, §5); tests/web/data-dir-guard.test.ts
 * does the same with real host processes, kill -9 and a read-only mount.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createConfSettings } from '../../src-main/core/conf-settings';
import { createWorkshopCore, StoreOpenError } from '../../src-main/core/create-workshop-core';
import { type DataDirLock, LOCK_FILE, lockDataDir } from '../../src-main/core/db/data-dir-lock';
import { DATABASE_FILE } from '../../src-main/core/db/open-database';
import { silentLogger } from '../../src-main/core/ports';
import { tempDirs } from '../support/temp-dir';

const dirs = tempDirs('workshop-lock-');
const held: DataDirLock[] = [];
const immutable: string[] = [];

afterEach(() => {
  for (const lock of held.splice(0)) lock.release();
  for (const path of immutable.splice(0)) spawnSync('chattr', ['-i', path]);
  dirs.cleanup();
});

const take = (dataDir: string, app: string) => {
  const lock = lockDataDir(dataDir, app, new Date('2026-12-02T18:40:00Z'));
  held.push(lock);
  return lock;
};

function refusal(run: () => unknown): StoreOpenError {
  try {
    run();
  } catch (error) {
    if (error instanceof StoreOpenError) return error;
    throw error;
  }
  throw new Error('expected a StoreOpenError');
}

const openCore = (dataDir: string) =>
  createWorkshopCore({
    dataDir,
    settings: createConfSettings({ cwd: dataDir }),
    logger: () => silentLogger,
    appLabel: 'test core',
  });

describe('data directory lock', () => {
  it('lets one holder in and refuses the next, naming the holder, until it is released', () => {
    const dataDir = dirs.make();
    const first = take(dataDir, 'web host');
    const error = refusal(() => take(dataDir, 'desktop app'));
    expect(error.reason).toBe('in_use');
    expect(error.message).toBe(
      `The data directory ${dataDir} is in use by another Workshop Manager (web host, process ${process.pid}, since 2026-12-02 18:40:00 UTC): stop that one first, or start this one with another data directory.`,
    );
    first.release();
    expect(take(dataDir, 'desktop app').dataDir).toBe(dataDir);
  });

  it('makes a second core on the same directory refuse to start before it opens the database', async () => {
    const dataDir = dirs.make();
    const core = openCore(dataDir);
    try {
      const error = refusal(() => openCore(dataDir));
      expect(error).toMatchObject({ reason: 'in_use' });
      expect(error.message).toContain('(test core, process');
    } finally {
      await core.close();
    }
    // Closing the core released it.
    await openCore(dataDir).close();
  });

  it('releases the lock when the database cannot be opened, so fixing the file is enough', async () => {
    const dataDir = dirs.make();
    writeFileSync(join(dataDir, DATABASE_FILE), 'not a database');
    expect(refusal(() => openCore(dataDir)).reason).toBe('damaged');
    expect(existsSync(join(dataDir, LOCK_FILE))).toBe(true);
    expect(take(dataDir, 'web host').dataDir).toBe(dataDir);
  });
});

// chattr +i: the kernel refuses writes to the file even for root (chmod does not stop root). Needs ext2/3/4 or
// similar and CAP_LINUX_IMMUTABLE; skipped elsewhere.
const canChattr = (() => {
  const dir = dirs.make();
  const file = join(dir, 'probe');
  writeFileSync(file, '');
  const ok = spawnSync('chattr', ['+i', file]).status === 0;
  spawnSync('chattr', ['-i', file]);
  dirs.cleanup();
  return ok;
})();

describe('a database file that refuses writes', () => {
  it.skipIf(!canChattr)(
    'is named as such, not as damaged, and left untouched (needs chattr +i; skipped where unavailable)',
    async () => {
      const dataDir = dirs.make();
      const core = openCore(dataDir);
      await core.invoke('devices.create', { name: 'Laser', deviceId: 'laser', topicPattern: 'laser/#' });
      await core.close();
      const file = join(dataDir, DATABASE_FILE);
      expect(spawnSync('chattr', ['+i', file]).status).toBe(0);
      immutable.push(file);
      const error = refusal(() => openCore(dataDir));
      expect(error.reason).toBe('read_only');
      expect(error.message).toBe(
        `The file ${file} is protected against changes (e.g. marked immutable), so Workshop Manager cannot save there; the device database is not damaged and was left untouched: make it writable for this user (or copy the data directory to a writable disk and start with that one), then start again.`,
      );
    },
  );
});
