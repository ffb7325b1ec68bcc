import { existsSync, readFileSync, renameSync } from 'node:fs';
import { join } from 'node:path';

/**
 * A preferences file that is not a JSON object (a crash mid-write on an old version, a bad hand edit) would make
 * the JSON store throw at start-up. Both hosts move it aside the same way — `<name>.json.unreadable-<ISO time>`,
 * kept for whoever wants to look, never overwritten — so the store starts from defaults and the app opens.
 * Returns the path it was moved to, or null when the file was fine or absent.
 */
export function setAsideUnreadableJson(
  dir: string,
  name: string,
  now: () => Date = () => new Date(),
): string | null {
  const file = join(dir, `${name}.json`);
  if (!existsSync(file)) return null;
  try {
    const parsed: unknown = JSON.parse(readFileSync(file, 'utf8'));
    if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) return null;
  } catch {
    // Not JSON: set aside below.
  }
  const aside = `${file}.unreadable-${now().toISOString().replace(/[:.]/g, '-')}`;
  renameSync(file, aside);
  return aside;
}
