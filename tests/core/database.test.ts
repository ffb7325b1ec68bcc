import { randomBytes } from 'node:crypto';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  readFileSync,
  statSync,
  truncateSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import {
  DATABASE_FILE,
  defaultMigrationsFolder,
  openDatabase,
  StoreOpenError,
} from '../../src-main/core/db/open-database';
import { DeviceStore } from '../../src-main/core/device-store';
import { DEFAULT_STRATEGY_CONFIG, type DeviceFields } from '../../src-shared/device';
import { tempDirs } from '../support/temp-dir';

const dirs = tempDirs('workshop-db-');
afterEach(() => dirs.cleanup());

const fixedClock = {
  now: () => Date.parse('2026-11-29T10:00:00.000Z'),
  setTimeout: () => 0,
  clearTimeout: () => {},
};

const fields = (i: number): DeviceFields => ({
  name: `Machine ${i}`,
  deviceId: `machine-${i}`,
  topicPattern: `shellypmmini-${i}/#`,
  parserType: 'shelly_pm',
  strategy: 'power_threshold',
  strategyConfig: { ...DEFAULT_STRATEGY_CONFIG },
  active: i % 2 === 0,
  notes: `note ${i}`,
});

interface JournalEntry {
  idx: number;
  tag: string;
  when: number;
}
const migrationsFolder = defaultMigrationsFolder();
const journal = JSON.parse(readFileSync(join(migrationsFolder, 'meta', '_journal.json'), 'utf8')) as {
  entries: JournalEntry[];
} & Record<string, unknown>;

/** A copy of the migrations folder holding only the first `count` migrations of the journal. */
function migrationsUpTo(count: number): string {
  const folder = join(dirs.make(), 'migrations');
  mkdirSync(join(folder, 'meta'), { recursive: true });
  const entries = journal.entries.slice(0, count);
  writeFileSync(join(folder, 'meta', '_journal.json'), JSON.stringify({ ...journal, entries }));
  for (const entry of entries)
    copyFileSync(join(migrationsFolder, `${entry.tag}.sql`), join(folder, `${entry.tag}.sql`));
  return folder;
}

const userTables = (sqlite: Database.Database) =>
  (
    sqlite
      .prepare(
        `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name != '__drizzle_migrations'`,
      )
      .all() as Array<{ name: string }>
  ).map((t) => t.name);

interface Column {
  name: string;
  type: string;
  pk: number;
}
interface ForeignKey {
  table: string;
  from: string;
  to: string | null;
}

/**
 * Puts `rows` rows in every table the schema has so far, whatever its columns: a value per declared type,
 * distinct per row (unique indexes), and foreign keys pointing at real parent rows (parents seeded first).
 * Returns the rowids per table.
 */
function seedEveryTable(sqlite: Database.Database, rows = 3): Map<string, number[]> {
  const tables = userTables(sqlite);
  const fks = new Map(tables.map((t) => [t, sqlite.pragma(`foreign_key_list("${t}")`) as ForeignKey[]]));
  const ordered: string[] = [];
  const visit = (t: string, path: string[] = []) => {
    if (ordered.includes(t) || path.includes(t)) return;
    for (const fk of fks.get(t) ?? []) if (fk.table !== t) visit(fk.table, [...path, t]);
    ordered.push(t);
  };
  for (const t of tables) visit(t);

  const seeded = new Map<string, number[]>();
  for (const table of ordered) {
    const columns = (sqlite.pragma(`table_info("${table}")`) as Column[]).filter(
      (c) => !(c.pk === 1 && /INT/i.test(c.type)),
    );
    const ids: number[] = [];
    for (let i = 0; i < rows; i++) {
      const values = columns.map((c) => {
        const fk = fks.get(table)?.find((f) => f.from === c.name);
        if (fk) {
          const parent = sqlite
            .prepare(`SELECT "${fk.to ?? 'rowid'}" AS v FROM "${fk.table}" LIMIT 1 OFFSET ?`)
            .get(i % rows) as { v: unknown } | undefined;
          return parent?.v ?? null;
        }
        if (/INT/i.test(c.type)) return i + 1;
        if (/REAL|FLOA|DOUB|NUM/i.test(c.type)) return i + 0.5;
        if (/BLOB/i.test(c.type)) return Buffer.from([i, 1, 2]);
        return `seed-${table}-${c.name}-${i}`;
      });
      const sql = `INSERT INTO "${table}" (${columns.map((c) => `"${c.name}"`).join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`;
      ids.push(Number(sqlite.prepare(sql).run(...values).lastInsertRowid));
    }
    seeded.set(table, ids);
  }
  return seeded;
}

const rowids = (sqlite: Database.Database, table: string) =>
  (sqlite.prepare(`SELECT rowid AS id FROM "${table}" ORDER BY rowid`).all() as Array<{ id: number }>).map(
    (r) => r.id,
  );

const fileOf = (dir: string) => join(dir, DATABASE_FILE);

function expectOpenError(dir: string, reason: StoreOpenError['reason']): StoreOpenError {
  let caught: unknown;
  try {
    openDatabase(dir).$client.close();
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(StoreOpenError);
  expect((caught as StoreOpenError).reason).toBe(reason);
  return caught as StoreOpenError;
}

describe('opening a fresh database', () => {
  it('creates the file with WAL journaling and synchronous = FULL', () => {
    const dir = dirs.make();
    const db = openDatabase(dir);
    expect(db.$client.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.$client.pragma('synchronous', { simple: true })).toBe(2); // 2 = FULL
    expect(db.$client.pragma('foreign_keys', { simple: true })).toBe(1);
    db.$client.close();
    // WAL is a property of the file: a later connection finds it too.
    const raw = new Database(fileOf(dir), { readonly: true });
    expect(raw.pragma('journal_mode', { simple: true })).toBe('wal');
    raw.close();
  });

  it('creates a missing data directory', () => {
    const dir = join(dirs.make(), 'nested', 'data');
    openDatabase(dir).$client.close();
    expect(existsSync(fileOf(dir))).toBe(true);
  });

  it('applies every migration of the journal and records each once', () => {
    const dir = dirs.make();
    const db = openDatabase(dir);
    const applied = db.$client.prepare('SELECT hash FROM __drizzle_migrations').all();
    expect(applied).toHaveLength(journal.entries.length);
    expect(userTables(db.$client).sort()).toEqual(['devices', 'power_traces', 'push_log', 'sync_state']);
    db.$client.close();
  });

  it('treats an empty (zero-byte) file as a new database', () => {
    const dir = dirs.make();
    writeFileSync(fileOf(dir), '');
    const db = openDatabase(dir);
    expect(userTables(db.$client)).toContain('devices');
    db.$client.close();
  });
});

describe('migrations on a database holding data', () => {
  it('keeps every device when an up-to-date database is opened again', () => {
    const dir = dirs.make();
    const first = openDatabase(dir);
    const store = new DeviceStore(first, fixedClock);
    for (let i = 1; i <= 5; i++) store.create(fields(i));
    const before = store.list();
    first.$client.close();

    const second = openDatabase(dir);
    expect(new DeviceStore(second, fixedClock).list()).toEqual(before);
    expect(second.$client.prepare('SELECT hash FROM __drizzle_migrations').all()).toHaveLength(
      journal.entries.length,
    );
    second.$client.close();
  });

  // For every k: a database with the journal's first k migrations applied (k = n-1 is "the previous
  // release"), holding rows in every table it has, is opened by this app; every row must still be there
  // (drizzle's table rebuilds can cascade-delete child rows while reporting success).
  it.each(journal.entries.map((_, k) => k).concat(journal.entries.length))(
    'migrates a database with the first %i migration(s) applied and holding data, without losing a row',
    (k) => {
      const dir = dirs.make();
      let seeded = new Map<string, number[]>();
      if (k > 0) {
        const old = openDatabase(dir, migrationsUpTo(k));
        expect(old.$client.prepare('SELECT hash FROM __drizzle_migrations').all()).toHaveLength(k);
        seeded = seedEveryTable(old.$client);
        expect(seeded.size).toBeGreaterThan(0);
        old.$client.close();
      }
      const db = openDatabase(dir);
      for (const [table, ids] of seeded) {
        expect({ table, ids: rowids(db.$client, table) }).toEqual({ table, ids });
      }
      expect(db.$client.prepare('SELECT hash FROM __drizzle_migrations').all()).toHaveLength(
        journal.entries.length,
      );
      db.$client.close();
    },
  );

  it('keeps rows in every table when a database at the newest migration is opened again', () => {
    const dir = dirs.make();
    const db = openDatabase(dir);
    const seeded = seedEveryTable(db.$client);
    expect([...seeded.keys()].sort()).toEqual(userTables(db.$client).sort());
    db.$client.close();
    const again = openDatabase(dir);
    for (const [table, ids] of seeded)
      expect({ table, ids: rowids(again.$client, table) }).toEqual({ table, ids });
    again.$client.close();
  });
});

describe('refusing a file it must not touch', () => {
  it('reports random bytes as damaged and leaves them as they were', () => {
    const dir = dirs.make();
    const bytes = randomBytes(8192);
    writeFileSync(fileOf(dir), bytes);
    const error = expectOpenError(dir, 'damaged');
    expect(error.message).toContain(fileOf(dir));
    expect(error.message).toMatch(/left untouched/);
    expect(readFileSync(fileOf(dir)).equals(bytes)).toBe(true);
  });

  /** A real database with enough rows to span many pages, closed cleanly. */
  function realDatabase(): string {
    const dir = dirs.make();
    const db = openDatabase(dir);
    const store = new DeviceStore(db, fixedClock);
    store.transaction(() => {
      for (let i = 0; i < 400; i++) store.create({ ...fields(i), notes: 'n'.repeat(200) });
    });
    db.$client.close();
    return dir;
  }

  it('reports a truncated database as damaged and leaves it as it was', () => {
    const dir = realDatabase();
    const size = statSync(fileOf(dir)).size;
    truncateSync(fileOf(dir), Math.floor(size / 2 / 4096) * 4096 + 100);
    const bytes = readFileSync(fileOf(dir));
    expectOpenError(dir, 'damaged');
    expect(readFileSync(fileOf(dir)).equals(bytes)).toBe(true);
  });

  it('reports a database with garbled pages as damaged and leaves it as it was', () => {
    const dir = realDatabase();
    const garbled = readFileSync(fileOf(dir));
    for (let i = 3 * 4096; i < 3 * 4096 + 2000; i++) garbled[i] = (i * 7) & 0xff;
    writeFileSync(fileOf(dir), garbled);
    expectOpenError(dir, 'damaged');
    expect(readFileSync(fileOf(dir)).equals(garbled)).toBe(true);
  });

  it('reports a garbled header as damaged, and does so again on the next start', () => {
    const dir = realDatabase();
    const garbled = readFileSync(fileOf(dir));
    garbled.write('not sqlite at all', 0);
    writeFileSync(fileOf(dir), garbled);
    expectOpenError(dir, 'damaged');
    expectOpenError(dir, 'damaged');
    expect(readFileSync(fileOf(dir)).equals(garbled)).toBe(true);
  });

  it('refuses a database from a newer app (an unknown migration applied) and leaves it as it was', () => {
    const dir = dirs.make();
    const db = openDatabase(dir);
    new DeviceStore(db, fixedClock).create(fields(1));
    const newest = Math.max(...journal.entries.map((e) => e.when));
    db.$client
      .prepare('INSERT INTO __drizzle_migrations (hash, created_at) VALUES (?, ?)')
      .run('f'.repeat(64), newest + 1);
    db.$client.close();
    const bytes = readFileSync(fileOf(dir));

    const error = expectOpenError(dir, 'newer_schema');
    expect(error.message).toMatch(/newer Workshop Manager/);
    expect(readFileSync(fileOf(dir)).equals(bytes)).toBe(true);
  });

  it('refuses an unknown migration even when it is older than the newest one it knows', () => {
    const dir = dirs.make();
    const db = openDatabase(dir);
    db.$client
      .prepare('INSERT INTO __drizzle_migrations (hash, created_at) VALUES (?, ?)')
      .run('e'.repeat(64), 1);
    db.$client.close();
    expectOpenError(dir, 'newer_schema');
  });

  it('reports a database path it cannot open as unreadable', () => {
    const dir = dirs.make();
    mkdirSync(fileOf(dir));
    expectOpenError(dir, 'unreadable');
  });
});
