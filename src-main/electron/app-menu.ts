/**
 * The window's menu: our own, not Electron's default (which offers Reload and Toggle Developer Tools to
 * everyone). Pure template so the tests read it without Electron; desktop-app.ts builds and sets it.
 */
import type { MenuItemConstructorOptions } from 'electron';

export interface AppMenuOptions {
  /** Reload and DevTools: only in development (`npm run dev`, or WORKSHOP_DEVTOOLS=1). */
  developerTools: boolean;
  /** Help → About: the version, the data folder and the log file. */
  showAbout(): void;
  openDataFolder(): void;
  openLogFolder(): void;
}

export function appMenuTemplate(options: AppMenuOptions): MenuItemConstructorOptions[] {
  const view: MenuItemConstructorOptions[] = [
    { role: 'resetZoom' },
    { role: 'zoomIn' },
    { role: 'zoomOut' },
    { type: 'separator' },
    { role: 'togglefullscreen' },
  ];
  if (options.developerTools) {
    view.push({ type: 'separator' }, { role: 'reload' }, { role: 'forceReload' }, { role: 'toggleDevTools' });
  }
  return [
    { label: '&File', submenu: [{ role: 'quit' }] },
    {
      label: '&Edit',
      submenu: [
        { role: 'undo' },
        { role: 'redo' },
        { type: 'separator' },
        { role: 'cut' },
        { role: 'copy' },
        { role: 'paste' },
        { type: 'separator' },
        { role: 'selectAll' },
      ],
    },
    { label: '&View', submenu: view },
    {
      label: '&Help',
      submenu: [
        { label: 'Open data folder', click: () => options.openDataFolder() },
        { label: 'Open log folder', click: () => options.openLogFolder() },
        { type: 'separator' },
        { label: 'About Workshop Manager', click: () => options.showAbout() },
      ],
    },
  ];
}

/** The About box's text: what a helper on the phone asks for first. */
export function aboutDetail(info: {
  version: string;
  dataDir: string;
  logFile: string;
  secrets: string;
}): string {
  return [
    `Version ${info.version}`,
    `Data folder: ${info.dataDir}`,
    `Log file: ${info.logFile}`,
    `Bridge token and broker password: ${info.secrets}`,
  ].join('\n');
}
