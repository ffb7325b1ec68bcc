import { join } from 'node:path';
import Conf from 'conf';
import { createSettingsPort } from './json-settings-port';
import { OWNER_ONLY_FILE, restrictFile } from './owner-only';
import { type Logger, type SettingsPort, silentLogger } from './ports';
import { setAsideUnreadableJson } from './set-aside-unreadable-json';

export const PREFERENCES_FILE = 'preferences';

/** The SettingsPort over `conf` (the library electron-store is built on), for the web host and tests. */
export function createConfSettings(options: { cwd: string; logger?: Logger }): SettingsPort {
  const logger = options.logger ?? silentLogger;
  const store = openConf(options.cwd, logger);
  return createSettingsPort(store, logger);
}

function openConf(cwd: string, logger: Logger): Conf<Record<string, unknown>> {
  // An unparsable file (half-written by hand, say) is kept aside for a human, not overwritten.
  const aside = setAsideUnreadableJson(cwd, PREFERENCES_FILE);
  if (aside) logger.warn(`preferences file was not a JSON object; moved to ${aside}, using defaults`);
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
