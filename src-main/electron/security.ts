/**
 * Session- and window-level hardening, each item from the Electron security checklist:
 * https://www.electronjs.org/docs/latest/tutorial/security
 */
import type { Session, Shell, WebContents } from 'electron';
import { type AppPage, isAppPageUrl } from './app-page';
import { trustedExternalUrl } from './trusted-url';

interface Log {
  warn(message: string): void;
}

/**
 * Checklist #7 (Content-Security-Policy). 'unsafe-inline' for styles only: React and sonner set style
 * attributes; no inline or remote script can run.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "connect-src 'self'",
  "img-src 'self' data:",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join('; ');

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
 * Keeps a window on the app's page: navigation elsewhere refused (checklist #13), new windows denied with
 * plain http(s) links handed to the system browser after validation (checklists #14 and #15), no <webview>
 * (checklist #12).
 */
export function hardenWebContents(contents: WebContents, page: AppPage, shell: Shell, log: Log): void {
  const refuseForeignNavigation = (event: { preventDefault(): void }, url: string) => {
    if (isAppPageUrl(url, page)) return;
    event.preventDefault();
    log.warn(`navigation to ${url} refused: not the app's page`);
  };
  contents.on('will-navigate', refuseForeignNavigation);
  contents.on('will-redirect', refuseForeignNavigation);

  contents.setWindowOpenHandler(({ url }) => {
    const external = trustedExternalUrl(url);
    if (external) {
      shell.openExternal(external).catch((error: unknown) => {
        log.warn(`opening ${external} in the system browser failed: ${String(error)}`);
      });
    } else {
      log.warn(`window.open(${JSON.stringify(url).slice(0, 200)}) refused: not an http(s) link`);
    }
    return { action: 'deny' };
  });

  contents.on('will-attach-webview', (event) => {
    event.preventDefault();
    log.warn('<webview> refused');
  });
}
