import { existsSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import Database from 'better-sqlite3';
import { type BetterSQLite3Database, drizzle } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { readMigrationFiles } from 'drizzle-orm/migrator';
import { schema } from './schema';
import { StoreOpenError } from './store-open-error';

export type Db = BetterSQLite3Database<typeof schema> & { $client: Database.Database };

export const DATABASE_FILE = 'workshop.sqlite';

export { StoreOpenError } from './store-open-error';

/** Where the committed migrations are: beside this module in the sources, copied beside the bundle in builds. */
export function defaultMigrationsFolder(): string {
  const candidates = [join(import.meta.dirname, 'migrations'), join(import.meta.dirname, 'db', 'migrations')];
  const found = candidates.find((dir) => existsSync(join(dir, 'meta', '_journal.json')));
  if (!found) throw new Error(`migrations not found (looked in ${candidates.join(', ')})`);
  return found;
}

/**
 * Opens (or creates) the device database in `dataDir`: checks it, refuses a newer schema, migrates.
 * Throws StoreOpenError, having written nothing, when the file is damaged or from a newer app.
 */
export function openDatabase(dataDir: string, migrationsFolder = defaultMigrationsFolder()): Db {
  // Owner-only: the folder holds the preferences with the bridge token beside the devices.
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const file = join(dataDir, DATABASE_FILE);
  let sqlite: Database.Database;
  try {
    // fileMustExist false: a new install starts empty. Nothing below writes before the checks pass.
    sqlite = new Database(file);
  } catch (error) {
    throw new StoreOpenError(
      'unreadable',
      `Cannot open the device database ${file}: ${(error as Error).message}`,
    );
  }
  try {
    checkIntegrity(sqlite, file);
    refuseNewerSchema(sqlite, file, migrationsFolder);
    // WAL keeps readers off the writer's back; FULL makes a commit that returned survive a power cut.
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('synchronous = FULL');
    sqlite.pragma('busy_timeout = 5000');
    runMigrations(sqlite, migrationsFolder);
    sqlite.pragma('foreign_keys = ON');
  } catch (error) {
    sqlite.close();
    throw error;
  }
  return drizzle({ client: sqlite, schema }) as Db;
}

function checkIntegrity(sqlite: Database.Database, file: string): void {
  let rows: Array<{ quick_check: string }>;
  try {
    rows = sqlite.pragma('quick_check') as Array<{ quick_check: string }>;
  } catch (error) {
    // Only SQLite's own verdict on the content means damage; a file that cannot be opened or locked (a read-only
    // disk, missing permission, an I/O error) may be perfectly healthy and must not be called damaged.
    const code = (error as { code?: string }).code ?? '';
    if (!code.startsWith('SQLITE_NOTADB') && !code.startsWith('SQLITE_CORRUPT')) {
      throw new StoreOpenError(
        'unreadable',
        `The device database ${file} could not be read (${(error as Error).message}); it was left untouched and is not known to be damaged: check the disk and this user's permissions on ${dirname(file)}, then start again.`,
      );
    }
    throw new StoreOpenError(
      'damaged',
      `The device database ${file} is damaged or not a database (${(error as Error).message}). It was left untouched: restore a backup or move it aside to start empty.`,
    );
  }
  const problems = rows.map((r) => r.quick_check).filter((r) => r !== 'ok');
  if (problems.length > 0) {
    throw new StoreOpenError(
      'damaged',
      `The device database ${file} is damaged (${problems.slice(0, 3).join('; ')}). It was left untouched: restore a backup or move it aside to start empty.`,
    );
  }
}

/** drizzle's migrator only compares against the newest applied migration, so a newer app's database would pass silently. */
function refuseNewerSchema(sqlite: Database.Database, file: string, migrationsFolder: string): void {
  const table = sqlite
    .prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name = '__drizzle_migrations'`)
    .get();
  if (!table) return;
  const known = new Set(readMigrationFiles({ migrationsFolder }).map((m) => m.hash));
  const applied = sqlite.prepare('SELECT hash FROM __drizzle_migrations').all() as Array<{ hash: string }>;
  const unknown = applied.filter((m) => !known.has(m.hash));
  if (unknown.length > 0) {
    throw new StoreOpenError(
      'newer_schema',
      `The device database ${file} was written by a newer Workshop Manager (${unknown.length} migration(s) this version does not know). Update the app; the file was left untouched.`,
    );
  }
}

function runMigrations(sqlite: Database.Database, migrationsFolder: string): void {
  // drizzle-kit's table-rebuild migrations turn foreign keys off inside the migrator's transaction, where the
  // pragma does nothing, so a rebuilt parent table could cascade-delete child rows (drizzle #4640, #4938).
  // Off outside the transaction, then a foreign_key_check before turning them back on.
  sqlite.pragma('foreign_keys = OFF');
  migrate(drizzle({ client: sqlite }), { migrationsFolder });
  const broken = sqlite.pragma('foreign_key_check') as unknown[];
  if (broken.length > 0) throw new Error(`migration left ${broken.length} broken foreign key reference(s)`);
}
