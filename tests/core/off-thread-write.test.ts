/**
 * Large device writes run in one transaction in a worker process with a SQLite connection of its own
 * (src-main/core/db/off-thread-transaction.ts, issue 9 §6): all or nothing; a failure keeps SQLite's code so it is
 * named a storage error; the host's thread keeps reading (the state before) and answering while the worker waits
 * for or holds the write lock; device writes made meanwhile wait for it and are neither lost nor failed.
 * Order of events is checked, never time (the stall itself: `npm run bench -- --only=many`).
 */
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { createConfSettings } from '../../src-main/core/conf-settings';
import { createWorkshopCore } from '../../src-main/core/create-workshop-core';
import {
  forkWorker,
  runTransactionOffThread,
  type SqlStep,
  type StartWorker,
  type TransactionAnswer,
  transactionWorkerFile,
  type WorkerProcess,
} from '../../src-main/core/db/off-thread-transaction';
import { DATABASE_FILE, type Db, openDatabase } from '../../src-main/core/db/open-database';
import { DeviceStore, OFF_THREAD_FROM } from '../../src-main/core/device-store';
import { importDevices } from '../../src-main/core/import-devices';
import { silentLogger, systemClock } from '../../src-main/core/ports';
import { DEFAULT_STRATEGY_CONFIG } from '../../src-shared';
import { callCore } from '../support/api-client';
import { insertRow, scratchDatabase } from '../support/scratch-database';
import { tempDirs } from '../support/temp-dir';

const dirs = tempDirs('workshop-off-thread-');
const open: Array<{ close(): unknown }> = [];

afterEach(() => {
  for (const connection of open.splice(0)) connection.close();
  dirs.cleanup();
});

function scratch() {
  const db = scratchDatabase(dirs.make());
  open.push(db.host);
  return db;
}

function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

const turns = async (count: number) => {
  for (let i = 0; i < count; i++) await new Promise((r) => setImmediate(r));
};

describe('one transaction off the host thread', () => {
  it('finds the worker beside the module in the sources', () => {
    expect(transactionWorkerFile()).toMatch(/transaction-worker\.ts$/);
    expect(() => transactionWorkerFile(dirs.make())).toThrow(/transaction worker is missing/);
  });

  it('commits every step and answers the rows changed; the host connection then reads them', async () => {
    const { file, labels } = scratch();
    const changes = await runTransactionOffThread({ file, busyTimeoutMs: 1000 }, [
      insertRow(1, 'a'),
      insertRow(2, 'b'),
    ]);
    expect(changes).toBe(2);
    expect(labels()).toEqual(['a', 'b']);
  });

  it('answers a transaction of no steps (and its worker ends)', async () => {
    const { file } = scratch();
    expect(await runTransactionOffThread({ file, busyTimeoutMs: 1000 }, [])).toBe(0);
  });

  it('writes nothing when a step fails, and rejects with SQLite’s code and message', async () => {
    const { file, labels } = scratch();
    const failed = runTransactionOffThread({ file, busyTimeoutMs: 1000 }, [
      insertRow(1, 'a'),
      { sql: 'INSERT INTO nowhere VALUES (1)', params: [] },
    ]);
    await expect(failed).rejects.toMatchObject({
      code: 'SQLITE_ERROR',
      message: expect.stringMatching(/no such table: nowhere/),
    });
    expect(labels()).toEqual([]);
  });

  it('keeps the host thread free while it waits for the write lock: reads see the state before', async () => {
    const { file, host, labels } = scratch();
    host.prepare('INSERT INTO t VALUES (0, ?)').run('before');
    const blocker = new Database(file);
    open.push(blocker);
    blocker.exec('BEGIN IMMEDIATE');
    const order: string[] = [];
    const writing = runTransactionOffThread({ file, busyTimeoutMs: 10_000 }, [insertRow(1, 'new')]).then(() =>
      order.push('committed'),
    );
    await turns(5);
    order.push(`host read ${labels().join(',')}`);
    blocker.exec('COMMIT');
    order.push('lock released');
    await writing;
    expect(order).toEqual(['host read before', 'lock released', 'committed']);
    expect(labels()).toEqual(['before', 'new']);
  });

  it('names a lock it could not get as SQLite’s busy error, having written nothing', async () => {
    const { file, labels } = scratch();
    const blocker = new Database(file);
    open.push(blocker);
    blocker.exec('BEGIN IMMEDIATE');
    await expect(
      runTransactionOffThread({ file, busyTimeoutMs: 20 }, [insertRow(1, 'x')]),
    ).rejects.toMatchObject({
      code: 'SQLITE_BUSY',
    });
    blocker.exec('ROLLBACK');
    expect(labels()).toEqual([]);
  });
});

describe('the device store writes large plans off the host thread', () => {
  const COUNT = OFF_THREAD_FROM + 500;
  const file = () =>
    JSON.stringify({
      devices: Array.from({ length: COUNT }, (_, i) => ({
        name: `Machine ${i}`,
        deviceId: `m-${i}`,
        topicPattern: `shellypmmini-m${i}/#`,
      })),
    });
  const clock = systemClock;

  function storeWith(run: typeof runTransactionOffThread, failures: Error[] = []) {
    const db: Db = openDatabase(dirs.make());
    open.push(db.$client);
    const store = new DeviceStore(db, clock, undefined, run, (error) => failures.push(error));
    const commits: number[] = [];
    store.onCommit(() => commits.push(store.list().length));
    return { db, store, commits };
  }

  it('answers reads with the devices before and holds device writes until the import has committed', async () => {
    const started = deferred();
    const release = deferred();
    let runs = 0;
    const { store, commits } = storeWith(async (target, steps) => {
      runs++;
      started.resolve();
      await release.promise;
      return runTransactionOffThread(target, steps);
    });
    const importing = importDevices(store, { content: file(), format: 'json', mode: 'merge', dryRun: false });
    await started.promise;

    expect(store.list()).toEqual([]);
    const order: string[] = [];
    const creating = store.writable().then(() => {
      order.push('create');
      return store.create({
        name: 'By hand',
        deviceId: 'by-hand',
        topicPattern: 'shellypmmini-by-hand/#',
        parserType: 'shelly_pm',
        strategy: 'power_threshold',
        strategyConfig: { ...DEFAULT_STRATEGY_CONFIG },
        active: true,
        notes: '',
      });
    });
    await turns(5);
    expect(order).toEqual([]);

    release.resolve();
    const report = await importing;
    const mine = await creating;
    expect(runs).toBe(1);
    expect(report).toMatchObject({ applied: true, counts: { create: COUNT } });
    expect(commits).toEqual([COUNT, COUNT + 1]);
    expect(store.get(mine.id).name).toBe('By hand');
  });

  it('writes a plan below the threshold on the host thread, without a worker', async () => {
    const { store, commits } = storeWith(() => Promise.reject(new Error('no worker expected')));
    const small = JSON.stringify({
      devices: [{ name: 'Laser', deviceId: 'laser', topicPattern: 'shellies/laser/#' }],
    });
    await importDevices(store, { content: small, format: 'json', mode: 'merge', dryRun: false });
    expect(commits).toEqual([1]);
  });

  it('writes on the host thread instead when the worker process cannot run, so the import is not lost', async () => {
    const failures: Error[] = [];
    const { store, commits } = storeWith(
      () => Promise.reject(new Error('spawn /usr/bin/app EACCES')),
      failures,
    );
    const report = await importDevices(store, {
      content: file(),
      format: 'json',
      mode: 'merge',
      dryRun: false,
    });
    expect(report).toMatchObject({ applied: true, counts: { create: COUNT } });
    expect(commits).toEqual([COUNT]);
    expect(failures.map((e) => e.message)).toEqual(['spawn /usr/bin/app EACCES']);
  });

  it('announces nothing and keeps the devices as they were when the worker’s transaction fails', async () => {
    const { db, store, commits } = storeWith((target, steps) =>
      runTransactionOffThread(target, [...steps, { sql: 'INSERT INTO nowhere VALUES (1)', params: [] }]),
    );
    const importing = importDevices(store, { content: file(), format: 'json', mode: 'merge', dryRun: false });
    await expect(importing).rejects.toMatchObject({ code: 'SQLITE_ERROR' });
    expect(store.list()).toEqual([]);
    expect(commits).toEqual([]);
    // The worker used the file the host opened, and left it free for the host's next write.
    expect(db.$client.name).toMatch(new RegExp(`${DATABASE_FILE}$`));
    store.delete(
      store.create({
        name: 'Laser',
        deviceId: 'laser',
        topicPattern: 'shellies/laser/#',
        parserType: 'shelly_pm',
        strategy: 'power_threshold',
        strategyConfig: { ...DEFAULT_STRATEGY_CONFIG },
        active: true,
        notes: '',
      }).id,
    );
    expect(commits).toEqual([1, 0]);
  });
});

describe('through the core: calls while a large import is written', () => {
  it('answers a list at once and holds a create until the import has committed; the write ran in a worker', async () => {
    const started = deferred();
    const release = deferred();
    let workers = 0;
    // Node's fork, started only once the test says so: the import's write is held right where it goes off thread.
    const held: StartWorker = (file, args) => {
      workers++;
      started.resolve();
      const sends: SqlStep[] = [];
      const onMessage: Array<(answer: TransactionAnswer) => void> = [];
      const onEnd: Array<(how: string) => void> = [];
      let real: WorkerProcess | undefined;
      void release.promise.then(() => {
        real = forkWorker(file, args);
        for (const listener of onMessage) real.onMessage(listener);
        for (const listener of onEnd) real.onEnd(listener);
        for (const step of sends.splice(0)) real.send(step);
      });
      return {
        send: (step) => (real ? real.send(step) : sends.push(step)),
        onMessage: (listener) => onMessage.push(listener),
        onEnd: (listener) => onEnd.push(listener),
        stderr: null,
      };
    };
    const dataDir = dirs.make();
    const settings = createConfSettings({ cwd: dataDir });
    settings.set({ autoPush: false });
    const core = createWorkshopCore({ dataDir, settings, logger: () => silentLogger, startWorker: held });
    open.push({ close: () => void core.close() });
    const COUNT = OFF_THREAD_FROM + 200;
    const content = JSON.stringify({
      devices: Array.from({ length: COUNT }, (_, i) => ({
        name: `Machine ${i}`,
        deviceId: `m-${i}`,
        topicPattern: `shellypmmini-m${i}/#`,
      })),
    });
    const order: string[] = [];
    const importing = callCore(core, 'devices.import', { content, format: 'json', dryRun: false }).then(
      (r) => {
        order.push('import');
        return r;
      },
    );
    await started.promise;
    expect(await callCore(core, 'devices.list')).toEqual([]);
    const creating = callCore(core, 'devices.create', {
      name: 'By hand',
      deviceId: 'by-hand',
      topicPattern: 'shellypmmini-by-hand/#',
    }).then((d) => {
      order.push('create');
      return d;
    });
    await turns(5);
    expect(order).toEqual([]);
    release.resolve();
    expect((await importing).counts.create).toBe(COUNT);
    await creating;
    expect(order).toContain('create');
    expect(workers).toBe(1);
    expect(await callCore(core, 'devices.list')).toHaveLength(COUNT + 1);
    await core.close();
  });
});
