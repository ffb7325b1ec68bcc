import Store from 'electron-store';
import { setAsideUnreadableJson } from '../core/set-aside-unreadable-json';

/**
 * Opens the electron-store file `<name>.json` in `dir`. A file that is not a JSON object is first moved aside
 * (the core's rule, shared with the web host's conf store) and the store starts from its defaults, so a damaged
 * file is kept for a person to look at and never overwritten. `setAside` says where it went (null: it was fine),
 * which the core needs for the preferences: their defaults name a bridge URL nobody chose.
 */
export function openJsonStore(
  dir: string,
  name: string,
  log: { warn(message: string): void },
): { store: Store<Record<string, unknown>>; setAside: string | null } {
  const setAside = setAsideUnreadableJson(dir, name);
  if (setAside)
    log.warn(`${name}.json in ${dir} was not a JSON object; moved to ${setAside}, starting from defaults`);
  return {
    store: new Store<Record<string, unknown>>({ name, cwd: dir, clearInvalidConfig: false }),
    setAside,
  };
}
