/**
 * The built page is served from `app://workshop/…` through `protocol.handle`, never from file://: a file:// page
 * would have the whole disk as its 'self'. Pure (web-standard Request → Response over a folder) so it is tested
 * in Node without Electron; desktop-app.ts registers it.
 */
import { readFile } from 'node:fs/promises';
import { CONTENT_SECURITY_POLICY } from '../../src-shared/content-security-policy';
import { contentTypeFor, resolveStaticPath } from '../core/static-path';

export const APP_SCHEME = 'app';
export const APP_HOST = 'workshop';
/** The page the window loads in a built app. */
export const APP_INDEX_URL = `${APP_SCHEME}://${APP_HOST}/index.html`;

/**
 * How the scheme is registered before `ready` (`protocol.registerSchemesAsPrivileged`): standard (real origin,
 * relative URLs, 'self' in the CSP) and secure (like https), and nothing more — no bypassing the CSP.
 */
export const APP_SCHEME_PRIVILEGES = {
  scheme: APP_SCHEME,
  privileges: { standard: true, secure: true, supportFetchAPI: true },
} as const;

/** The file under `root` an app:// URL names, or null for another host, an odd path, or a way out of `root`. */
export function appFilePath(root: string, rawUrl: string): string | null {
  let url: URL;
  try {
    url = new URL(rawUrl);
  } catch {
    return null;
  }
  if (url.protocol !== `${APP_SCHEME}:` || url.host !== APP_HOST) return null;
  return resolveStaticPath(root, url.pathname);
}

const text = (status: number, body: string) =>
  new Response(body, { status, headers: { 'Content-Type': 'text/plain; charset=utf-8' } });

/** The `protocol.handle` handler: GET/HEAD of files under `root`, each answer with the page's CSP. */
export function createAppProtocolHandler(root: string): (request: Request) => Promise<Response> {
  return async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return text(405, 'method not allowed');
    const file = appFilePath(root, request.url);
    if (!file) return text(404, 'not found');
    let body: Buffer;
    try {
      body = await readFile(file);
    } catch {
      return text(404, 'not found');
    }
    return new Response(request.method === 'HEAD' ? null : new Uint8Array(body), {
      status: 200,
      headers: {
        'Content-Type': contentTypeFor(file),
        'Content-Security-Policy': CONTENT_SECURITY_POLICY,
        'X-Content-Type-Options': 'nosniff',
        'Cache-Control': 'no-cache',
      },
    });
  };
}
