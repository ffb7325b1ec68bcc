import { DEFAULT_SETTINGS, type Settings, type SettingsPatch, settingsSchema } from '../../src-shared';
import type { Logger, SettingsPort } from './ports';

/**
 * Reads preferences from whatever a settings file holds: each valid field is kept, each missing or invalid one
 * falls back to its default (and is logged), so a hand-edited or damaged file never stops the app.
 * Shared by the conf (web host) and electron-store (desktop) implementations of the SettingsPort.
 */
export function readSettings(raw: unknown, logger?: Logger): Settings {
  const source = typeof raw === 'object' && raw !== null ? (raw as Record<string, unknown>) : {};
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(DEFAULT_SETTINGS) as Array<keyof Settings>) {
    if (!(key in source)) {
      out[key] = DEFAULT_SETTINGS[key];
      continue;
    }
    const parsed = settingsSchema.shape[key].safeParse(source[key]);
    if (parsed.success) {
      out[key] = parsed.data;
    } else {
      logger?.warn(`preference ${key} is invalid (${parsed.error.issues[0]?.message}); using the default`);
      out[key] = DEFAULT_SETTINGS[key];
    }
  }
  return out as Settings;
}

/** What a SettingsPort needs from electron-store or conf (electron-store is a conf). */
export interface JsonStore {
  readonly store: Record<string, unknown>;
  set(values: Record<string, unknown>): void;
}

/** The SettingsPort over a JSON settings file, for both hosts: checked on read, written before it applies. */
export function createSettingsPort(store: JsonStore, logger: Logger): SettingsPort {
  // Read once: the app is the only writer (single-instance lock / one web host per data dir), and a bad value
  // is logged once, not per read.
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
