import { chmodSync, existsSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** Owner-only modes: the preferences hold the bridge token, the data directory holds the preferences. */
export const OWNER_ONLY_DIR = 0o700;
export const OWNER_ONLY_FILE = 0o600;

/**
 * Takes group and other access away from the data directory when it is this installation's own: created by it,
 * or holding its database. Left alone: a shared folder (sticky bit, like /tmp), one owned by another user, and
 * platforms without POSIX modes (Windows keeps its ACLs).
 */
export function restrictDataDir(dataDir: string, databaseFile: string): void {
  if (process.platform === 'win32' || !existsSync(dataDir)) return;
  const stat = statSync(dataDir);
  const ours = process.getuid === undefined || stat.uid === process.getuid();
  const shared = (stat.mode & 0o1000) !== 0;
  const holdsOurData = existsSync(join(dataDir, databaseFile));
  if (ours && !shared && holdsOurData && (stat.mode & 0o077) !== 0) chmodSync(dataDir, OWNER_ONLY_DIR);
}

/** Takes group and other access away from an existing file (a preferences file written before this rule). */
export function restrictFile(file: string): void {
  if (process.platform === 'win32' || !existsSync(file)) return;
  if ((statSync(file).mode & 0o077) !== 0) chmodSync(file, OWNER_ONLY_FILE);
}
