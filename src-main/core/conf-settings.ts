import { existsSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import Conf from 'conf';
import { type Logger, type SettingsPort, silentLogger } from './ports';
import { createSettingsPort } from './settings-values';

export const PREFERENCES_FILE = 'preferences';

/** The SettingsPort over `conf` (the library electron-store is built on), for the web host and tests. */
export function createConfSettings(options: { cwd: string; logger?: Logger }): SettingsPort {
  const logger = options.logger ?? silentLogger;
  const store = openConf(options.cwd, logger);
  return createSettingsPort(store, logger);
}

function openConf(cwd: string, logger: Logger): Conf<Record<string, unknown>> {
  const make = () =>
    new Conf<Record<string, unknown>>({ cwd, configName: PREFERENCES_FILE, projectName: 'workshop-manager' });
  try {
    return make();
  } catch (error) {
    // An unparsable file (half-written by hand, say) is kept aside for a human, not overwritten.
    const file = join(cwd, `${PREFERENCES_FILE}.json`);
    if (!existsSync(file)) throw error;
    const aside = `${file}.unreadable-${Date.now()}`;
    renameSync(file, aside);
    logger.warn(
      `preferences file was unreadable (${(error as Error).message}); moved to ${aside}, using defaults`,
    );
    return make();
  }
}
