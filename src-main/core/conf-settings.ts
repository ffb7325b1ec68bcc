import { join } from 'node:path';
import Conf from 'conf';
import { createSettingsPort } from './json-settings-port';
import { OWNER_ONLY_FILE, restrictFile } from './owner-only';
import { type Logger, type SettingsPort, silentLogger } from './ports';
import { setAsideUnreadableJson } from './set-aside-unreadable-json';

export const PREFERENCES_FILE = 'preferences';

export interface ConfSettings extends SettingsPort {
  /** Where an unreadable preferences file was moved on opening, or null: the core holds pushes then. */
  readonly setAside: string | null;
}

/** The SettingsPort over `conf` (the library electron-store is built on), for the web host and tests. */
export function createConfSettings(options: { cwd: string; logger?: Logger }): ConfSettings {
  const logger = options.logger ?? silentLogger;
  // An unparsable file (half-written by hand, say) is kept aside for a human, not overwritten.
  const setAside = setAsideUnreadableJson(options.cwd, PREFERENCES_FILE);
  if (setAside) logger.warn(`preferences file was not a JSON object; moved to ${setAside}, using defaults`);
  const store = openConf(options.cwd);
  return { ...createSettingsPort(store, logger), setAside };
}

function openConf(cwd: string): Conf<Record<string, unknown>> {
  // The token is in there: owner-only for every write (conf chmods what it writes), and now for a file an
  // older version left readable to all.
  const conf = new Conf<Record<string, unknown>>({
    cwd,
    configName: PREFERENCES_FILE,
    projectName: 'workshop-manager',
    configFileMode: OWNER_ONLY_FILE,
  });
  restrictFile(join(cwd, `${PREFERENCES_FILE}.json`));
  return conf;
}
