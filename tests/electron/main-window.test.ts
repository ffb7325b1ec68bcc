import { beforeEach, describe, expect, it, vi } from 'vitest';
import { createMainWindow } from '../../src-main/electron/main-window';
import type { WindowState } from '../../src-main/electron/window-state';
import { FakeBrowserWindow } from './fake-electron';

vi.mock('electron', async () => (await import('./fake-electron')).fakeElectronModule());

const page = { url: 'file:///app/out/renderer/index.html' };

const open = (saved: unknown = undefined) => {
  const stored: WindowState[] = [];
  const window = createMainWindow({
    page,
    preloadPath: '/app/out/preload/index.cjs',
    windowState: { get: () => saved, set: (state) => stored.push(state) },
    log: { warn: vi.fn() },
  }) as unknown as FakeBrowserWindow;
  return { window, stored };
};

beforeEach(() => {
  FakeBrowserWindow.instances = [];
});

describe('createMainWindow', () => {
  it('opens with every security flag of the checklist and the CommonJS preload', () => {
    const { window } = open();
    expect(window.options.webPreferences).toMatchObject({
      preload: '/app/out/preload/index.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
    });
  });

  it('loads the app page and shows the window only when it is ready', () => {
    const { window } = open();
    expect(window.loadURL).toHaveBeenCalledWith(page.url);
    expect(window.options.show).toBe(false);
    expect(window.show).not.toHaveBeenCalled();
    window.emit('ready-to-show');
    expect(window.show).toHaveBeenCalled();
  });

  it('reopens at the remembered bounds, maximized if it was', () => {
    const { window } = open({ x: 40, y: 30, width: 1300, height: 850, maximized: true });
    expect(window.options).toMatchObject({ x: 40, y: 30, width: 1300, height: 850 });
    window.emit('ready-to-show');
    expect(window.maximize).toHaveBeenCalled();
  });

  it('remembers its normal bounds and maximized state when closed', () => {
    const { window, stored } = open();
    window.maximized = true;
    window.emit('close', {});
    expect(stored).toEqual([{ x: 10, y: 20, width: 1000, height: 700, maximized: true }]);
  });
});
