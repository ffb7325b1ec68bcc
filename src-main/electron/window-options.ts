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
      spellcheck: true,
    },
  };
}
