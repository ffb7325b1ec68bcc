import { closeSync, existsSync, openSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';

/** Why the data directory cannot be written, in a clause that fits "The data directory … <clause>". */
export interface UnwritableReason {
  /** The path that refused the write. */
  path: string;
  clause: string;
}

const CLAUSES: Record<string, string> = {
  EROFS: 'is on a read-only disk',
  EACCES: 'is not writable by this user',
  EPERM: 'is protected against changes (e.g. marked immutable)',
};

/**
 * Tries a real write rather than asking for permission bits (which say nothing to root, or about a read-only
 * mount): creates and removes a probe file in `dataDir`, and opens each existing `files` entry for writing.
 * Returns null when all of that works, else where and why it failed. Other errors are not about writing and
 * are left to the caller's own open to report.
 */
export function unwritableReason(dataDir: string, files: readonly string[]): UnwritableReason | null {
  const probe = join(dataDir, `.write-check-${process.pid}`);
  const attempts: Array<[string, () => void]> = [
    [
      dataDir,
      () => {
        closeSync(openSync(probe, 'w'));
        unlinkSync(probe);
      },
    ],
    ...files
      .map((name) => join(dataDir, name))
      .filter((file) => existsSync(file))
      .map((file): [string, () => void] => [file, () => closeSync(openSync(file, 'r+'))]),
  ];
  for (const [path, attempt] of attempts) {
    try {
      attempt();
    } catch (error) {
      const reason = unwritableFromError(path, error);
      if (reason) return reason;
    }
  }
  return null;
}

/** The reason an error from writing `path` (EROFS, EACCES, EPERM) gives, or null for other errors. */
export function unwritableFromError(path: string, error: unknown): UnwritableReason | null {
  const code = (error as NodeJS.ErrnoException).code ?? '';
  return Object.hasOwn(CLAUSES, code) ? { path, clause: CLAUSES[code] as string } : null;
}

/** "The data directory /d is on a read-only disk" / "The file /d/workshop.sqlite is not writable by this user". */
export function describeUnwritable(dataDir: string, reason: UnwritableReason): string {
  const what = reason.path === dataDir ? `The data directory ${dataDir}` : `The file ${reason.path}`;
  return `${what} ${reason.clause}, so Workshop Manager cannot save there; the device database is not damaged and was left untouched: make it writable for this user (or copy the data directory to a writable disk and start with that one), then start again.`;
}
