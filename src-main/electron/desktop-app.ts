/**
 * The Electron host: wires the one core to the window (ARCHITECTURE.md "Parts and what each may import"). Every decision lives in the core or
 * in the small pure modules beside this file; this only connects them to Electron.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { app, type BrowserWindow, dialog, ipcMain, Notification, session, shell } from 'electron';
import Store from 'electron-store';
import { PREFERENCES_FILE } from '../core/conf-settings';
import { createWorkshopCore, StoreOpenError } from '../core/create-workshop-core';
import { consoleLogger } from '../core/ports';
import type { WorkshopCore } from '../core/workshop-core-types';
import { resolveAppPage } from './app-page';
import { forwardCoreEvents } from './forward-events';
import { isAppFrame, registerCallHandlers } from './ipc-calls';
import { createMainWindow } from './main-window';
import { createNativeNotifier } from './native-notifier';
import { setAsideUnreadableJson } from './open-json-store';
import { hardenWebContents, installSessionSecurity } from './security';
import { createSettingsPort } from './settings-port';
import { claimSingleInstance } from './single-instance';
import { windowStateSchema } from './window-state';

const log = consoleLogger('electron');
/** How long quitting waits for a push in flight before SQLite is closed anyway. */
const CLOSE_TIMEOUT_MS = 5_000;

/** Opens an electron-store file in `dir`, moving an unreadable one aside first (see open-json-store.ts). */
function openJsonStore(dir: string, name: string): Store<Record<string, unknown>> {
  const aside = setAsideUnreadableJson(dir, name);
  if (aside)
    log.warn(`${name}.json in ${dir} was not a JSON object; moved to ${aside}, starting from defaults`);
  return new Store<Record<string, unknown>>({ name, cwd: dir, clearInvalidConfig: false });
}

/** Starts the desktop app. Called once by main.ts. */
export function runDesktopApp(): void {
  // For tests and for running two separate installations side by side: an explicit data directory.
  const dataDirOverride = process.env.WORKSHOP_DATA_DIR;
  if (dataDirOverride) app.setPath('userData', resolve(dataDirOverride));

  let mainWindow: BrowserWindow | null = null;
  if (!claimSingleInstance(app, () => mainWindow)) return;

  const page = resolveAppPage({
    isPackaged: app.isPackaged,
    rendererUrl: process.env.ELECTRON_RENDERER_URL,
    builtIndexFileUrl: pathToFileURL(join(import.meta.dirname, '../renderer/index.html')).href,
  });

  // Every webContents ever created (the window, and anything a bug might open) gets the same limits.
  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents, page, shell, log));
  app.on('window-all-closed', () => app.quit());

  const start = () => {
    const dataDir = app.getPath('userData');
    installSessionSecurity(session.defaultSession, log);
    const settings = createSettingsPort(openJsonStore(dataDir, PREFERENCES_FILE), log);
    const windowStateStore = openJsonStore(dataDir, 'window-state');

    const notifier = createNativeNotifier({
      level: () => settings.get().notifications,
      windowFocused: () => mainWindow?.isFocused() ?? false,
      show: (title, body) => {
        if (!Notification.isSupported()) return false;
        const notification = new Notification({ title, body });
        notification.on('click', () => {
          if (!mainWindow || mainWindow.isDestroyed()) return;
          if (mainWindow.isMinimized()) mainWindow.restore();
          mainWindow.show();
          mainWindow.focus();
        });
        notification.show();
        return true;
      },
      log,
    });

    let core: WorkshopCore;
    try {
      core = createWorkshopCore({ dataDir, settings, notifier, logger: consoleLogger });
    } catch (error) {
      // A damaged database, or one written by a newer version: say so in words and stop; never start on it.
      const message =
        error instanceof StoreOpenError
          ? error.message
          : `Unexpected error while opening the data in ${dataDir}: ${error instanceof Error ? error.message : String(error)}`;
      if (!(error instanceof StoreOpenError))
        log.error(error instanceof Error ? (error.stack ?? message) : message);
      dialog.showErrorBox('Workshop Manager cannot start', message);
      app.exit(1);
      return;
    }

    const removeHandlers = registerCallHandlers(ipcMain, {
      core,
      isTrustedSender: (event) => isAppFrame(event, mainWindow?.webContents ?? null, page),
      log,
    });
    const stopForwarding = forwardCoreEvents(core, (channel, payload) => {
      if (mainWindow && !mainWindow.isDestroyed()) mainWindow.webContents.send(channel, payload);
    });

    const iconPath = join(app.getAppPath(), 'resources', 'icon.png');
    mainWindow = createMainWindow({
      page,
      preloadPath: join(import.meta.dirname, '../preload/index.cjs'),
      ...(existsSync(iconPath) ? { iconPath } : {}),
      windowState: {
        get: () => windowStateStore.store,
        set: (state) => windowStateStore.set(windowStateSchema.parse(state)),
      },
      log,
    });
    mainWindow.on('closed', () => {
      mainWindow = null;
    });

    // Quit waits for core.close (a push in flight finishes or times out, SQLite closes cleanly), once.
    let closing = false;
    let closed = false;
    app.on('before-quit', (event) => {
      if (closed) return;
      event.preventDefault();
      if (closing) return;
      closing = true;
      stopForwarding();
      removeHandlers();
      core
        .close({ timeoutMs: CLOSE_TIMEOUT_MS })
        .catch((error: unknown) => log.error(`closing the core failed: ${String(error)}`))
        .finally(() => {
          closed = true;
          app.quit();
        });
    });
  };

  app
    .whenReady()
    .then(start)
    .catch((error: unknown) => {
      log.error(
        `start-up failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
      );
      dialog.showErrorBox(
        'Workshop Manager cannot start',
        error instanceof Error ? error.message : String(error),
      );
      app.exit(1);
    });
}
