/**
 * Where the desktop app keeps its data, and whether that place can hold a SQLite database. Pure over the
 * platform, the environment and a statfs function, so the Windows and network-share rules are tested anywhere.
 */
import { resolve, win32 } from 'node:path';

/** The folder name under the OS's application-data folder; package.json's productName, settled for good. */
export const PRODUCT_NAME = 'Workshop Manager';

/**
 * The data folder to set as Electron's userData, or null to keep Electron's default
 * (`~/.config/Workshop Manager` on Linux).
 * - WORKSHOP_DATA_DIR wins (tests, two installations side by side, a local folder when the profile is remote).
 * - Windows: under Local AppData, not Electron's default Roaming AppData. Roaming AppData is what IT redirects
 *   to a network share (folder redirection, roaming profiles), and SQLite's write-ahead log does not work on a
 *   network share; Local AppData stays on the PC.
 */
export function chooseDataDir(options: {
  platform: NodeJS.Platform;
  env: Record<string, string | undefined>;
}): string | null {
  const override = options.env.WORKSHOP_DATA_DIR;
  if (override) return options.platform === 'win32' ? win32.resolve(override) : resolve(override);
  const local = options.env.LOCALAPPDATA;
  if (options.platform === 'win32' && local) return win32.join(local, PRODUCT_NAME);
  return null;
}

/** statfs `type` magic numbers of network file systems (Linux, see statfs(2)). */
const NETWORK_FS_TYPES = new Map<number, string>([
  [0x6969, 'NFS'],
  [0xff534d42, 'CIFS'],
  [0xfe534d42, 'SMB2'],
  [0x517b, 'SMB'],
]);

/**
 * A sentence for the user when `dir` is on a network share (a UNC path on Windows, an NFS/SMB mount on
 * Linux), else null. The database would open, then lock up or lose writes: SQLite's WAL needs a local disk.
 */
export function networkDataDirWarning(
  dir: string,
  options: { platform: NodeJS.Platform; statfsType?: (dir: string) => number | undefined },
): string | null {
  let where: string | null = null;
  if (options.platform === 'win32' && (dir.startsWith('\\\\') || dir.startsWith('//'))) {
    where = 'a network share';
  } else if (options.platform === 'linux') {
    let type: number | undefined;
    try {
      type = options.statfsType?.(dir);
    } catch {
      type = undefined;
    }
    const name = type === undefined ? undefined : NETWORK_FS_TYPES.get(type);
    if (name) where = `a network drive (${name})`;
  }
  if (!where) return null;
  return (
    `The data folder ${dir} is on ${where}. Workshop Manager keeps its device database there, and the database ` +
    'needs a local disk: on a network share it can lock up or lose changes. Quit, then start Workshop Manager ' +
    'with the environment variable WORKSHOP_DATA_DIR set to a folder on this PC (for example C:\\WorkshopManager), ' +
    'or ask IT to keep AppData\\Local on the PC.'
  );
}
