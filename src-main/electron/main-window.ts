import { BrowserWindow, screen } from 'electron';
import type { AppPage } from './app-page';
import { mainWindowOptions } from './window-options';
import { restoreWindowBounds, type WindowState } from './window-state';

export interface WindowStateStore {
  get(): unknown;
  set(state: WindowState): void;
}

/** Creates the main window where it was last (if still on a screen), loads the app's page, remembers bounds on close. */
export function createMainWindow(options: {
  page: AppPage;
  preloadPath: string;
  iconPath?: string;
  /** DevTools allowed (development only). */
  developerTools?: boolean;
  windowState: WindowStateStore;
  log: { warn(message: string): void };
}): BrowserWindow {
  const workAreas = screen.getAllDisplays().map((display) => display.workArea);
  const { bounds, maximized } = restoreWindowBounds(options.windowState.get(), workAreas);
  const window = new BrowserWindow(
    mainWindowOptions({
      bounds,
      preloadPath: options.preloadPath,
      developerTools: options.developerTools ?? false,
      ...(options.iconPath ? { iconPath: options.iconPath } : {}),
    }),
  );
  window.once('ready-to-show', () => {
    if (maximized) window.maximize();
    window.show();
  });
  window.on('close', () => {
    // Normal bounds, so a maximized window comes back maximized over its old restore size.
    const normal = window.getNormalBounds();
    options.windowState.set({ ...normal, maximized: window.isMaximized() });
  });
  window.loadURL(options.page.url).catch((error: unknown) => {
    options.log.warn(`loading ${options.page.url} failed: ${String(error)}`);
  });
  return window;
}
