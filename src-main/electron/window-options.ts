import type { BrowserWindowConstructorOptions, Rectangle } from 'electron';

/**
 * The main window's options. Each webPreferences flag is a checklist item:
 * https://www.electronjs.org/docs/latest/tutorial/security — #2 nodeIntegration off, #3 contextIsolation on,
 * #4 sandbox on, #6 webSecurity on, #8 allowRunningInsecureContent off, #9 experimental features off.
 */
export function mainWindowOptions(options: {
  bounds: Partial<Rectangle> & { width: number; height: number };
  preloadPath: string;
  iconPath?: string;
  /** False for staff: no DevTools even by shortcut (src-main/electron/app-menu.ts has no entry either). */
  developerTools?: boolean;
}): BrowserWindowConstructorOptions {
  return {
    ...options.bounds,
    minWidth: 800,
    minHeight: 560,
    title: 'Workshop Manager',
    // Shown on 'ready-to-show' so the user never sees an empty white frame.
    show: false,
    ...(options.iconPath ? { icon: options.iconPath } : {}),
    webPreferences: {
      preload: options.preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      devTools: options.developerTools ?? false,
      // Off: Chromium's spellchecker fetches dictionaries from Google on first use, which fails offline and
      // sends a request nobody asked for; device names and topics are not prose.
      spellcheck: false,
    },
  };
}
