import { mkdtempSync, rmSync } from 'node:fs';
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
});

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
    const loaded = window?.loadURL.mock.calls[0]?.[0] as string;
    expect(loaded).toMatch(/^file:\/\/.*\/renderer\/index\.html$/);

    // A call from the window's main frame on the app's page reaches the core.
    const handler = electron.ipcMain.handlers.get('workshop:call:devices.list');
    const fromApp = { sender: { id: window?.webContents.id }, senderFrame: { url: loaded, parent: null } };
    await expect(handler?.(fromApp, undefined)).resolves.toEqual({ ok: true, value: [] });
    // The same call from another page does not.
    const fromElsewhere = { ...fromApp, senderFrame: { url: 'https://evil.example/', parent: null } };
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

    const quitEvent = { defaultPrevented: false, preventDefault: vi.fn() };
    electron.app.emit('before-quit', quitEvent);
    expect(quitEvent.preventDefault).toHaveBeenCalled();
    expect(core.close).toHaveBeenCalledTimes(1);
    expect(electron.ipcMain.handlers.size).toBe(0);
    expect(electron.app.quit).not.toHaveBeenCalled();

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
});
