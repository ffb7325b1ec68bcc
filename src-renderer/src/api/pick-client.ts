import type { WorkshopApi } from '../../../src-shared';
import { createHttpClient } from './http-client';
import { takeWebToken } from './web-token';

export type ClientChoice =
  | { kind: 'ready'; api: WorkshopApi }
  | { kind: 'no-token' }
  /** Inside the desktop app, but its preload did not run: no bridge to main, and a token would not help. */
  | { kind: 'no-preload' };

/**
 * The desktop app's page: served from app:// (src-main/electron/app-protocol.ts), or from the dev server inside
 * Electron, whose user agent names it.
 */
function isDesktopPage(win: Window): boolean {
  return win.location.protocol === 'app:' || /\bElectron\//.test(win.navigator.userAgent);
}

/** Chosen once at start-up: the preload's client in Electron, the HTTP+SSE client in a browser. */
export function pickClient(win: Window): ClientChoice {
  if (win.workshop) return { kind: 'ready', api: win.workshop };
  if (isDesktopPage(win)) return { kind: 'no-preload' };
  const token = takeWebToken(win);
  if (!token) return { kind: 'no-token' };
  return { kind: 'ready', api: createHttpClient({ token }) };
}
