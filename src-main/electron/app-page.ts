/**
 * The app's own page: the only URL the window may show and the only frame whose IPC main answers.
 * Pure so navigation and sender checks are tested without Electron.
 */

/** Where the renderer is loaded from. */
export interface AppPage {
  /** The URL the window loads. */
  url: string;
}

/**
 * The dev server (electron-vite sets ELECTRON_RENDERER_URL for `dev`) or the built page on app://
 * (src-main/electron/app-protocol.ts).
 * A packaged app ignores the variable: an environment variable must not be able to point the window, and
 * with it the preload's API, at another origin.
 */
export function resolveAppPage(options: {
  isPackaged: boolean;
  rendererUrl: string | undefined;
  builtIndexUrl: string;
}): AppPage {
  if (!options.isPackaged && options.rendererUrl) return { url: options.rendererUrl };
  return { url: options.builtIndexUrl };
}

/** A URL without its query and fragment; `/index.html` and `/` count as the same page. */
function pageKey(raw: string): string | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return null;
  }
  if (url.username || url.password) return null;
  const path = url.pathname.replace(/\/index\.html$/, '/');
  return `${url.protocol}//${url.host}${path}`;
}

/** True when `candidate` is the app's page (any query or #route of it), and nothing else. */
export function isAppPageUrl(candidate: unknown, page: AppPage): boolean {
  if (typeof candidate !== 'string') return false;
  const key = pageKey(candidate);
  return key !== null && key === pageKey(page.url);
}
