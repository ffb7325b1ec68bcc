import { describe, expect, it, vi } from 'vitest';
import { aboutDetail, appMenuTemplate } from '../../src-main/electron/app-menu';

type Item = { role?: string; label?: string; click?: () => void; submenu?: Item[] };
const flatten = (items: Item[]): Item[] => items.flatMap((item) => [item, ...flatten(item.submenu ?? [])]);

const template = (developerTools: boolean) => {
  const actions = { showAbout: vi.fn(), openDataFolder: vi.fn(), openLogFolder: vi.fn() };
  return { items: flatten(appMenuTemplate({ developerTools, ...actions }) as Item[]), actions };
};

describe('appMenuTemplate', () => {
  it('gives staff Edit (undo, redo, cut, copy, paste, select all) and no Reload or DevTools', () => {
    const roles = template(false).items.map((item) => item.role);
    expect(roles).toEqual(
      expect.arrayContaining(['undo', 'redo', 'cut', 'copy', 'paste', 'selectAll', 'quit']),
    );
    for (const role of ['reload', 'forceReload', 'toggleDevTools']) expect(roles).not.toContain(role);
  });

  it('adds Reload and DevTools for development', () => {
    const roles = template(true).items.map((item) => item.role);
    expect(roles).toEqual(expect.arrayContaining(['reload', 'forceReload', 'toggleDevTools']));
  });

  it('Help opens the data folder, the log folder and About', () => {
    const { items, actions } = template(false);
    for (const label of ['Open data folder', 'Open log folder', 'About Workshop Manager']) {
      items.find((item) => item.label === label)?.click?.();
    }
    expect(actions.openDataFolder).toHaveBeenCalledTimes(1);
    expect(actions.openLogFolder).toHaveBeenCalledTimes(1);
    expect(actions.showAbout).toHaveBeenCalledTimes(1);
  });
});

describe('aboutDetail', () => {
  it('names the version, the data folder, the log file and how secrets are kept', () => {
    const text = aboutDetail({
      version: '0.1.0',
      dataDir: 'C:\\Users\\ana\\AppData\\Local\\Workshop Manager',
      logFile: 'C:\\Users\\ana\\AppData\\Local\\Workshop Manager\\logs\\main.log',
      secrets: 'encrypted by the system (safeStorage)',
    });
    expect(text.split('\n')).toEqual([
      'Version 0.1.0',
      'Data folder: C:\\Users\\ana\\AppData\\Local\\Workshop Manager',
      'Log file: C:\\Users\\ana\\AppData\\Local\\Workshop Manager\\logs\\main.log',
      'Bridge token and broker password: encrypted by the system (safeStorage)',
    ]);
  });
});
