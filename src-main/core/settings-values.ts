import { DEFAULT_SETTINGS, type Settings, settingsSchema } from '../../src-shared';
import type { Logger } from './ports';

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
