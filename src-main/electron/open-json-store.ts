import Store from 'electron-store';
import { setAsideUnreadableJson } from '../core/set-aside-unreadable-json';

/**
 * Opens the electron-store file `<name>.json` in `dir`. A file that is not a JSON object is first moved aside
 * (the core's rule, shared with the web host's conf store) and the store starts from its defaults, so a damaged
 * file is kept for a person to look at and never overwritten.
 */
export function openJsonStore(
  dir: string,
  name: string,
  log: { warn(message: string): void },
): Store<Record<string, unknown>> {
  const aside = setAsideUnreadableJson(dir, name);
  if (aside)
    log.warn(`${name}.json in ${dir} was not a JSON object; moved to ${aside}, starting from defaults`);
  return new Store<Record<string, unknown>>({ name, cwd: dir, clearInvalidConfig: false });
}
