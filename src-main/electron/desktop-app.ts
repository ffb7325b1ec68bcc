/**
 * The Electron host: wires the one core to the window (ARCHITECTURE.md "Parts and what each may import"). Every
 * decision lives in the core or in the small pure modules beside this file; this only connects them to Electron.
 */
import { existsSync, statfsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import {
  app,
  type BrowserWindow,
  dialog,
  ipcMain,
  Menu,
  Notification,
  protocol,
  safeStorage,
  session,
  shell,
} from 'electron';
import { PREFERENCES_FILE } from '../core/conf-settings';
import { createWorkshopCore, StoreOpenError } from '../core/create-workshop-core';
import { createSettingsPort } from '../core/json-settings-port';
import type { WorkshopCore } from '../core/workshop-core-types';
import { aboutDetail, appMenuTemplate } from './app-menu';
import { resolveAppPage } from './app-page';
import { APP_INDEX_URL, APP_SCHEME, APP_SCHEME_PRIVILEGES, createAppProtocolHandler } from './app-protocol';
import { chooseDataDir, networkDataDirWarning } from './data-folder';
import { forwardCoreEvents } from './forward-events';
import { isAppFrame, registerCallHandlers } from './ipc-calls';
import { openLogFile } from './log-file';
import { createMainWindow } from './main-window';
import { createNativeNotifier } from './native-notifier';
import { openJsonStore } from './open-json-store';
import { logPageDiagnostics } from './page-diagnostics';
import { safeStorageCipher } from './safe-storage-cipher';
import { openSecretSettingsStore } from './secret-settings';
import { hardenWebContents, installSessionSecurity } from './security';
import { createNotificationHolder } from './shown-notifications';
import { claimSingleInstance } from './single-instance';
import { startUtilityWorker } from './utility-worker';
import { windowStateSchema } from './window-state';

/** electron-builder's appId (electron-builder.yml): the id its Windows shortcut carries. */
export const APP_USER_MODEL_ID = 'org.workshop-manager.desktop';
/** How long quitting waits for a push in flight before SQLite is closed anyway. */
const CLOSE_TIMEOUT_MS = 5_000;

const errorText = (error: unknown) =>
  error instanceof Error ? (error.stack ?? error.message) : String(error);

/** Starts the desktop app. Called once by main.ts. */
export function runDesktopApp(): void {
  // Windows attributes notifications (and the taskbar button) by this id; without it they are dropped or
  // shown under a second icon beside a pinned shortcut.
  if (process.platform === 'win32') app.setAppUserModelId(APP_USER_MODEL_ID);
  const chosenDataDir = chooseDataDir({ platform: process.platform, env: process.env });
  if (chosenDataDir) app.setPath('userData', chosenDataDir);
  app.setAppLogsPath(join(app.getPath('userData'), 'logs'));
  // Before `ready`, as Electron requires: app:// gets a real origin for the CSP's 'self'.
  protocol.registerSchemesAsPrivileged([APP_SCHEME_PRIVILEGES]);

  let mainWindow: BrowserWindow | null = null;
  if (!claimSingleInstance(app, () => mainWindow)) return;

  const logFile = openLogFile({ dir: app.getPath('logs') });
  const log = logFile.loggerFor('electron');
  const developerTools = !app.isPackaged || process.env.WORKSHOP_DEVTOOLS === '1';
  const page = resolveAppPage({
    isPackaged: app.isPackaged,
    rendererUrl: process.env.ELECTRON_RENDERER_URL,
    builtIndexUrl: APP_INDEX_URL,
  });

  // Every webContents ever created (the window, and anything a bug might open) gets the same limits.
  app.on('web-contents-created', (_event, contents) => {
    hardenWebContents(contents, page, log);
    logPageDiagnostics(contents, log);
  });
  app.on('window-all-closed', () => app.quit());

  const start = async () => {
    const dataDir = app.getPath('userData');
    log.info(`Workshop Manager ${app.getVersion()} starting; data folder ${dataDir}`);
    const networkWarning = networkDataDirWarning(dataDir, {
      platform: process.platform,
      statfsType: (dir) => (existsSync(dir) ? statfsSync(dir).type : undefined),
    });
    if (networkWarning) {
      log.warn(networkWarning);
      void dialog.showMessageBox({ type: 'warning', title: 'Workshop Manager', message: networkWarning });
    }

    protocol.handle(APP_SCHEME, createAppProtocolHandler(join(import.meta.dirname, '../renderer')));
    installSessionSecurity(session.defaultSession, log);

    const { cipher, reason } = await safeStorageCipher(safeStorage, process.platform);
    const preferences = openJsonStore(dataDir, PREFERENCES_FILE, log);
    const secrets = await openSecretSettingsStore({
      backing: preferences.store,
      cipher,
      ...(reason ? { unavailableReason: reason } : {}),
      onPlainSecretSaved: (message) => {
        log.warn(message);
        const options = { type: 'warning' as const, title: 'Workshop Manager', message };
        void (mainWindow && !mainWindow.isDestroyed()
          ? dialog.showMessageBox(mainWindow, options)
          : dialog.showMessageBox(options));
      },
      log,
    });
    const settings = createSettingsPort(secrets.store, log);
    const windowStateStore = openJsonStore(dataDir, 'window-state', log).store;

    const showWindow = () => {
      if (!mainWindow || mainWindow.isDestroyed()) return;
      if (mainWindow.isMinimized()) mainWindow.restore();
      mainWindow.show();
      mainWindow.focus();
    };
    const notifications = createNotificationHolder({
      create: (title, body) => new Notification({ title, body }),
      onClick: showWindow,
    });
    const notifier = createNativeNotifier({
      level: () => settings.get().notifications,
      windowFocused: () => mainWindow?.isFocused() ?? false,
      show: (title, body) => {
        if (!Notification.isSupported()) return false;
        notifications.show(title, body);
        return true;
      },
      log,
    });

    let core: WorkshopCore;
    try {
      // Preferences set aside as unreadable: the core holds pushes until a person confirms the bridge URL.
      core = createWorkshopCore({
        dataDir,
        settings,
        notifier,
        logger: logFile.loggerFor,
        preferencesSetAside: preferences.setAside,
        startWorker: startUtilityWorker,
      });
    } catch (error) {
      // A damaged database, or one written by a newer version: say so in words and stop; never start on it.
      const message =
        error instanceof StoreOpenError
          ? error.message
          : `Unexpected error while opening the data in ${dataDir}: ${error instanceof Error ? error.message : String(error)}`;
      log.error(error instanceof StoreOpenError ? message : errorText(error));
      dialog.showErrorBox('Workshop Manager cannot start', message);
      app.exit(1);
      return;
    }

    // Quitting: calls keep being answered (with `unavailable` once closing starts) until the process ends.
    let closing = false;
    registerCallHandlers(ipcMain, {
      core,
      isTrustedSender: (event) =>
        isAppFrame(event, mainWindow && !mainWindow.isDestroyed() ? mainWindow.webContents.mainFrame : null),
      isClosing: () => closing,
      log,
    });
    const stopForwarding = forwardCoreEvents(core, (channel, payload) => {
      if (mainWindow && !mainWindow.isDestroyed()) mainWindow.webContents.send(channel, payload);
    });

    const secretsText =
      secrets.protection.kind === 'encrypted'
        ? 'encrypted by the system (safeStorage)'
        : `kept in plain text in preferences.json, because ${secrets.protection.reason}`;
    const menu = appMenuTemplate({
      developerTools,
      showAbout: () => {
        void dialog.showMessageBox({
          type: 'info',
          title: 'About Workshop Manager',
          message: `Workshop Manager ${app.getVersion()}`,
          detail: aboutDetail({
            version: app.getVersion(),
            dataDir,
            logFile: logFile.path,
            secrets: secretsText,
          }),
        });
      },
      openDataFolder: () => void shell.openPath(dataDir),
      openLogFolder: () => void shell.openPath(dirname(logFile.path)),
    });
    Menu.setApplicationMenu(Menu.buildFromTemplate(menu));

    const iconPath = join(app.getAppPath(), 'resources', 'icon.png');
    mainWindow = createMainWindow({
      page,
      preloadPath: join(import.meta.dirname, '../preload/index.cjs'),
      ...(existsSync(iconPath) ? { iconPath } : {}),
      developerTools,
      windowState: {
        get: () => windowStateStore.store,
        set: (state) => windowStateStore.set(windowStateSchema.parse(state)),
      },
      log,
    });
    mainWindow.on('closed', () => {
      mainWindow = null;
    });
    for (const problem of secrets.problems) {
      log.warn(problem);
      void dialog.showMessageBox(mainWindow, {
        type: 'warning',
        title: 'Workshop Manager',
        message: problem,
      });
    }

    // Quit waits for the secrets on their way to disk and core.close (a push in flight finishes or times
    // out, SQLite closes cleanly), once.
    let closed = false;
    app.on('before-quit', (event) => {
      if (closed) return;
      event.preventDefault();
      if (closing) return;
      closing = true;
      stopForwarding();
      secrets
        .flush()
        .then(() => core.close({ timeoutMs: CLOSE_TIMEOUT_MS }))
        .catch((error: unknown) => log.error(`closing the core failed: ${String(error)}`))
        .finally(() => {
          closed = true;
          log.info('closed');
          app.quit();
        });
    });
  };

  app
    .whenReady()
    .then(start)
    .catch((error: unknown) => {
      log.error(`start-up failed: ${errorText(error)}`);
      dialog.showErrorBox(
        'Workshop Manager cannot start',
        error instanceof Error ? error.message : String(error),
      );
      app.exit(1);
    });
}
