import type { WorkshopApi } from '../../../src-shared';
import { createHttpClient } from './http-client';
import { takeWebToken } from './web-token';

export type ClientChoice = { kind: 'ready'; api: WorkshopApi } | { kind: 'no-token' };

/** Chosen once at start-up: the preload's client in Electron, the HTTP+SSE client in a browser. */
export function pickClient(win: Window): ClientChoice {
  if (win.workshop) return { kind: 'ready', api: win.workshop };
  const token = takeWebToken(win);
  if (!token) return { kind: 'no-token' };
  return { kind: 'ready', api: createHttpClient({ token }) };
}
