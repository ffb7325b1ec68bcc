/**
 * The SettingsPort over electron-store. electron-store is a `conf`, so the tests run this over `conf` on a
 * temp dir. Field checking is the core's readSettings (shared with the web host's conf port): a bad stored
 * value falls back to its default alone and is logged; the other fields keep their values.
 */

import type { Settings, SettingsPatch } from '../../src-shared';
import type { Logger, SettingsPort } from '../core/ports';
import { readSettings } from '../core/settings-values';

/** What the port needs from electron-store / conf. */
export interface JsonStore {
  readonly store: Record<string, unknown>;
  set(values: Record<string, unknown>): void;
}

export function createSettingsPort(store: JsonStore, logger: Logger): SettingsPort {
  // Read once: the app is the only writer (single-instance lock), and a bad value is logged once, not per read.
  let current = readSettings(store.store, logger);
  return {
    get: () => current,
    set(patch: SettingsPatch): Settings {
      // Through readSettings again so a bug elsewhere can never write a value every later read would reject.
      const next = readSettings({ ...current, ...patch }, logger);
      // Written first: a failed write (disk full) must leave the app on the preferences the file still holds.
      store.set(next);
      current = next;
      return current;
    },
  };
}
