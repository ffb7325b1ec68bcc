import type { Settings, SettingsPatch } from '../../../src-shared';
import type { SettingsPort } from '../ports';
import type { DomainHandlers } from './handler-types';

/** The preferences; a change is handed to whoever depends on it (sync, live) and announced. */
export function settingsHandlers(
  settings: SettingsPort,
  onChanged: (before: Settings, after: Settings, patch: SettingsPatch) => void,
): DomainHandlers<'settings'> {
  return {
    'settings.get': () => settings.get(),
    'settings.update': (patch) => {
      const before = settings.get();
      const after = settings.set(patch);
      onChanged(before, after, patch);
      return after;
    },
  };
}
