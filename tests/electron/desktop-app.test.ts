import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CALL_NAMES, EVENT_NAMES } from '../../src-shared';
import type { FakeBrowserWindow, FakeWebContents, fakeElectronModule } from './fake-electron';

// The wiring of runDesktopApp, with electron, electron-store and the core replaced: what starts, in which order,
// and what a second launch, a damaged database and quitting do.
vi.mock('electron', async () => (await import('./fake-electron')).fakeElectronModule());
vi.mock('electron-store', () => ({
  default: class FakeStore {
    store: Record<string, unknown> = {};
    set(values: Record<string, unknown>) {
      Object.assign(this.store, values);
    }
    delete(key: string) {
      delete this.store[key];
    }
  },
}));
vi.mock('../../src-main/core/create-workshop-core', () => {
  class StoreOpenError extends Error {
    override name = 'StoreOpenError';
  }
  return { StoreOpenError, createWorkshopCore: vi.fn() };
});

type FakeElectron = ReturnType<typeof fakeElectronModule>;

const fakeCore = () => {
  const listeners = new Map<string, (payload: unknown) => void>();
  return {
    listeners,
    invoke: vi.fn(async () => ({ ok: true, value: [] })),
    on: vi.fn((event: string, listener: (payload: unknown) => void) => {
      listeners.set(event, listener);
      return () => listeners.delete(event);
    }),
    close: vi.fn(async () => {}),
  };
};

let dataDir: string;
let electron: FakeElectron;
let createWorkshopCore: ReturnType<typeof vi.fn>;
let StoreOpenError: new (message: string) => Error;
let runDesktopApp: () => void;

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));
const windows = async () =>
  (await import('./fake-electron')).FakeBrowserWindow.instances as FakeBrowserWindow[];

beforeEach(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'wm-desktop-'));
  electron = (await import('electron')) as unknown as FakeElectron;
  // One mocked module for the whole file: undo what earlier tests did to it.
  electron.app.removeAllListeners();
  electron.app.requestSingleInstanceLock.mockReturnValue(true);
  electron.app.getPath.mockReturnValue(dataDir);
  electron.ipcMain.handlers.clear();
  electron.notifications.length = 0;
  electron.app.isPackaged = false;
  vi.clearAllMocks();
  electron.app.requestSingleInstanceLock.mockReturnValue(true);
  electron.app.getPath.mockReturnValue(dataDir);
  const coreModule = (await import('../../src-main/core/create-workshop-core')) as unknown as {
    createWorkshopCore: ReturnType<typeof vi.fn>;
    StoreOpenError: new (message: string) => Error;
  };
  createWorkshopCore = coreModule.createWorkshopCore;
  StoreOpenError = coreModule.StoreOpenError;
  ({ runDesktopApp } = await import('../../src-main/electron/desktop-app'));
  electron.BrowserWindow.instances = [];
});
afterEach(() => {
  rmSync(dataDir, { recursive: true, force: true });
  delete process.env.WORKSHOP_DATA_DIR;
  Object.defineProperty(process, 'platform', { value: realPlatform });
});
const realPlatform = process.platform;

describe('runDesktopApp', () => {
  it('a second launch quits without opening a window or the database', async () => {
    electron.app.requestSingleInstanceLock.mockReturnValue(false);
    runDesktopApp();
    await settle();
    expect(electron.app.quit).toHaveBeenCalled();
    expect(createWorkshopCore).not.toHaveBeenCalled();
    expect(await windows()).toHaveLength(0);
  });

  it('starts the core on userData, secures the session, serves every call and forwards every event', async () => {
    const core = fakeCore();
    createWorkshopCore.mockReturnValue(core);
    runDesktopApp();
    await settle();

    expect(createWorkshopCore).toHaveBeenCalledWith(expect.objectContaining({ dataDir }));
    expect(electron.session.defaultSession.webRequest.onHeadersReceived).toHaveBeenCalled();
    expect(electron.session.defaultSession.setPermissionRequestHandler).toHaveBeenCalled();
    expect([...electron.ipcMain.handlers.keys()].sort()).toEqual(
      CALL_NAMES.map((n) => `workshop:call:${n}`).sort(),
    );
    expect([...core.listeners.keys()].sort()).toEqual([...EVENT_NAMES].sort());

    const [window] = await windows();
    expect(window?.options.webPreferences).toMatchObject({ sandbox: true, contextIsolation: true });
    expect(String((window?.options.webPreferences as { preload?: string } | undefined)?.preload)).toMatch(
      /[/\\]preload[/\\]index\.cjs$/,
    );
    // The built page from app://, served by the protocol handler registered after ready, never file://.
    expect(window?.loadURL.mock.calls[0]?.[0]).toBe('app://workshop/index.html');
    expect(electron.protocol.handle).toHaveBeenCalledWith('app', expect.any(Function));

    // A call from the window's main frame (the same object) reaches the core.
    const handler = electron.ipcMain.handlers.get('workshop:call:devices.list');
    const fromApp = { sender: window?.webContents, senderFrame: window?.webContents.mainFrame };
    await expect(handler?.(fromApp, undefined)).resolves.toEqual({ ok: true, value: [] });
    // Another frame does not, even one whose URL reads the same (an iframe, another window).
    const fromElsewhere = { ...fromApp, senderFrame: { url: 'app://workshop/index.html' } };
    await expect(handler?.(fromElsewhere, undefined)).rejects.toThrow(/refused/);
    expect(core.invoke).toHaveBeenCalledTimes(1);

    core.listeners.get('sync.status')?.({ state: 'pending' });
    expect(window?.webContents.send).toHaveBeenCalledWith('workshop:event:sync.status', { state: 'pending' });
  });

  it('hardens every webContents that is created, not only the main window', async () => {
    createWorkshopCore.mockReturnValue(fakeCore());
    runDesktopApp();
    await settle();
    const { FakeWebContents: Contents } = await import('./fake-electron');
    const contents: FakeWebContents = new Contents();
    electron.app.emit('web-contents-created', {}, contents);
    expect(contents.windowOpenHandler?.({ url: 'file:///etc/passwd' })).toEqual({ action: 'deny' });
    expect(contents.fire('will-navigate', 'https://evil.example/').defaultPrevented).toBe(true);
  });

  it('shows a damaged or newer database in a dialog and quits, opening no window', async () => {
    createWorkshopCore.mockImplementation(() => {
      throw new StoreOpenError('The device database was written by a newer Workshop Manager (schema 9).');
    });
    runDesktopApp();
    await settle();
    expect(electron.dialog.showErrorBox).toHaveBeenCalledWith(
      'Workshop Manager cannot start',
      'The device database was written by a newer Workshop Manager (schema 9).',
    );
    expect(electron.app.exit).toHaveBeenCalledWith(1);
    expect(await windows()).toHaveLength(0);
    expect(electron.ipcMain.handlers.size).toBe(0);
  });

  it('on quit, waits for the core to close before letting the app exit', async () => {
    const core = fakeCore();
    let finishClose: () => void = () => {};
    core.close.mockImplementation(() => new Promise<void>((resolve) => (finishClose = resolve)));
    createWorkshopCore.mockReturnValue(core);
    runDesktopApp();
    await settle();
    await settle();

    const quitEvent = { defaultPrevented: false, preventDefault: vi.fn() };
    electron.app.emit('before-quit', quitEvent);
    expect(quitEvent.preventDefault).toHaveBeenCalled();
    await settle();
    expect(core.close).toHaveBeenCalledTimes(1);
    expect(electron.app.quit).not.toHaveBeenCalled();
    // A call in the last seconds is answered with an error the UI shows, not "No handler registered".
    const [window] = await windows();
    const handler = electron.ipcMain.handlers.get('workshop:call:devices.update');
    const fromApp = { sender: window?.webContents, senderFrame: window?.webContents.mainFrame };
    await expect(handler?.(fromApp, { id: 1, version: 1, patch: {} })).resolves.toMatchObject({
      ok: false,
      error: { code: 'unavailable' },
    });
    expect(core.invoke).not.toHaveBeenCalled();

    finishClose();
    await settle();
    expect(electron.app.quit).toHaveBeenCalledTimes(1);
    const second = { preventDefault: vi.fn() };
    electron.app.emit('before-quit', second);
    expect(second.preventDefault).not.toHaveBeenCalled();
  });

  it('uses WORKSHOP_DATA_DIR as the data directory when set', async () => {
    process.env.WORKSHOP_DATA_DIR = dataDir;
    createWorkshopCore.mockReturnValue(fakeCore());
    runDesktopApp();
    expect(electron.app.setPath).toHaveBeenCalledWith('userData', dataDir);
  });

  it('on Windows, sets the AppUserModelID of the installer shortcut before anything else', async () => {
    Object.defineProperty(process, 'platform', { value: 'win32' });
    createWorkshopCore.mockReturnValue(fakeCore());
    runDesktopApp();
    await settle();
    expect(electron.app.setAppUserModelId).toHaveBeenCalledWith('org.workshop-manager.desktop');
    const builder = readFileSync(join(import.meta.dirname, '../../electron-builder.yml'), 'utf8');
    expect(builder).toMatch(/^appId: org\.workshop-manager\.desktop$/m);
    const first = electron.app.setAppUserModelId.mock.invocationCallOrder[0] ?? Infinity;
    expect(first).toBeLessThan(electron.app.requestSingleInstanceLock.mock.invocationCallOrder[0] ?? 0);
    expect(first).toBeLessThan(electron.app.whenReady.mock.invocationCallOrder[0] ?? 0);
  });

  it('elsewhere, sets no AppUserModelID', async () => {
    Object.defineProperty(process, 'platform', { value: 'linux' });
    createWorkshopCore.mockReturnValue(fakeCore());
    runDesktopApp();
    await settle();
    expect(electron.app.setAppUserModelId).not.toHaveBeenCalled();
  });

  it('registers app:// as a standard, secure scheme before the app is ready', () => {
    createWorkshopCore.mockReturnValue(fakeCore());
    runDesktopApp();
    expect(electron.protocol.registerSchemesAsPrivileged).toHaveBeenCalledWith([
      { scheme: 'app', privileges: expect.objectContaining({ standard: true, secure: true }) },
    ]);
    expect(electron.protocol.registerSchemesAsPrivileged.mock.invocationCallOrder[0]).toBeLessThan(
      electron.app.whenReady.mock.invocationCallOrder[0] ?? 0,
    );
  });

  it('tells the core where unreadable preferences were set aside, so it holds pushes (issue 9 §5)', async () => {
    writeFileSync(join(dataDir, 'preferences.json'), '{"bridgeUrl": "http://ours:8080", trunc');
    createWorkshopCore.mockReturnValue(fakeCore());
    runDesktopApp();
    await settle();
    const options = createWorkshopCore.mock.calls[0]?.[0] as { preferencesSetAside?: string | null };
    expect(options.preferencesSetAside).toMatch(/[/\\]preferences\.json\.unreadable-[\dTZ-]+$/);
    expect(existsSync(options.preferencesSetAside as string)).toBe(true);
    expect(existsSync(join(dataDir, 'preferences.json'))).toBe(false);
  });

  it('tells the core nothing was set aside when the preferences read fine', async () => {
    writeFileSync(join(dataDir, 'preferences.json'), '{"bridgeUrl": "http://ours:8080"}');
    createWorkshopCore.mockReturnValue(fakeCore());
    runDesktopApp();
    await settle();
    expect(createWorkshopCore).toHaveBeenCalledWith(expect.objectContaining({ preferencesSetAside: null }));
  });

  it('holds a shown notification until it is clicked, and a click brings the window forward', async () => {
    createWorkshopCore.mockReturnValue(fakeCore());
    runDesktopApp();
    await settle();
    const options = createWorkshopCore.mock.calls[0]?.[0] as
      | { notifier: { notify(notice: unknown): void } }
      | undefined;
    options?.notifier.notify({ kind: 'failure', title: 'Push failed', message: 'Bridge unreachable' });
    const [notification] = electron.notifications;
    expect(notification?.show).toHaveBeenCalled();
    expect(notification?.listenerCount('click')).toBe(1);
    const [window] = await windows();
    notification?.emit('click');
    expect(window?.show).toHaveBeenCalled();
    expect(window?.focus).toHaveBeenCalled();
  });

  it('sets its own menu: Edit and Help for everyone, Reload and DevTools only in development', async () => {
    electron.app.isPackaged = true;
    createWorkshopCore.mockReturnValue(fakeCore());
    runDesktopApp();
    await settle();
    const template = electron.Menu.buildFromTemplate.mock.calls[0]?.[0] as Array<{
      label?: string;
      submenu: Array<{ role?: string; label?: string }>;
    }>;
    expect(electron.Menu.setApplicationMenu).toHaveBeenCalled();
    const roles = template.flatMap((menu) => menu.submenu.map((item) => item.role).filter(Boolean));
    expect(roles).toEqual(expect.arrayContaining(['cut', 'copy', 'paste', 'undo', 'redo', 'selectAll']));
    expect(roles).not.toContain('toggleDevTools');
    expect(roles).not.toContain('reload');
    const [window] = await windows();
    expect(window?.options.webPreferences).toMatchObject({ devTools: false, spellcheck: false });
  });

  it('writes what the console shows to a log file under the logs folder', async () => {
    createWorkshopCore.mockReturnValue(fakeCore());
    runDesktopApp();
    await settle();
    expect(electron.app.setAppLogsPath).toHaveBeenCalled();
    const logFile = join(dataDir, 'main.log');
    expect(existsSync(logFile)).toBe(true);
    expect(readFileSync(logFile, 'utf8')).toMatch(/INFO +\[electron\] Workshop Manager 0\.1\.0 starting/);
  });
});
