/**
 * Session- and window-level hardening, each item from the Electron security checklist:
 * https://www.electronjs.org/docs/latest/tutorial/security
 */
import type { Session, WebContents } from 'electron';
import { CONTENT_SECURITY_POLICY } from '../../src-shared/content-security-policy';
import { type AppPage, isAppPageUrl } from './app-page';

interface Log {
  warn(message: string): void;
}

/** Checklist #7: the page's policy, the same text the web host sends (one source, in src-shared). */
export { CONTENT_SECURITY_POLICY };

/**
 * Puts the CSP on every response of the session (checklist #7) and denies every permission request and
 * check (checklist #5: the app needs no camera, geolocation, notifications-from-web, …; native notifications
 * come from main).
 */
export function installSessionSecurity(session: Session, log: Log): void {
  session.webRequest.onHeadersReceived((details, callback) => {
    const headers = { ...details.responseHeaders };
    // Drop any CSP the server sent (the dev server sends none) so ours is the one that applies.
    for (const name of Object.keys(headers)) {
      if (name.toLowerCase() === 'content-security-policy') delete headers[name];
    }
    headers['Content-Security-Policy'] = [CONTENT_SECURITY_POLICY];
    callback({ responseHeaders: headers });
  });
  session.setPermissionRequestHandler((_webContents, permission, callback) => {
    log.warn(`permission request "${permission}" denied`);
    callback(false);
  });
  session.setPermissionCheckHandler(() => false);
}

/**
 * Keeps a window on the app's page: navigation elsewhere refused (checklist #13), every new window denied and no
 * link handed to the system browser (checklists #14 and #15: `shell.openExternal` is never called while no
 * feature needs it), no <webview> (checklist #12).
 */
export function hardenWebContents(contents: WebContents, page: AppPage, log: Log): void {
  const refuseForeignNavigation = (event: { preventDefault(): void }, url: string) => {
    if (isAppPageUrl(url, page)) return;
    event.preventDefault();
    log.warn(`navigation to ${url} refused: not the app's page`);
  };
  contents.on('will-navigate', refuseForeignNavigation);
  contents.on('will-redirect', refuseForeignNavigation);

  contents.setWindowOpenHandler(({ url }) => {
    log.warn(`window.open(${JSON.stringify(url).slice(0, 200)}) refused: the app opens no other windows`);
    return { action: 'deny' };
  });

  contents.on('will-attach-webview', (event) => {
    event.preventDefault();
    log.warn('<webview> refused');
  });
}
