/**
 * `npm run dev` under the page's CSP, in a real Chromium: the renderer's Vite dev server (the renderer part of
 * electron.vite.config.ts) with the CSP header the desktop session adds to dev-server responses
 * (src-main/electron/security.ts). The page must render, with no CSP report at all: not the React preamble
 * (scripts/csp-react-preamble.ts), not zod's eval probe (src-shared/zod-jitless.ts). The same server without
 * the preamble plugin shows the blank page this guards against. The built bundle (what app:// serves, here through
 * the web host, which sends the same policy) reports nothing either.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import type { Browser } from 'playwright-core';
import { createServer, type Plugin, type ViteDevServer } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cspFriendlyReactPreamble } from '../../scripts/csp-react-preamble';
import { CONTENT_SECURITY_POLICY } from '../../src-shared/content-security-policy';
import { chromiumMissing, launchChromium, REPO_ROOT, startWebApp } from './e2e-support';

const SKIP_REASON = '[dev-csp e2e] skipped: /usr/bin/chromium is not installed';
if (chromiumMissing) console.warn(SKIP_REASON);

/** What Electron's session does to every dev-server response: the one policy, as a header. */
const cspHeader = (): Plugin => ({
  name: 'test:csp-header',
  configureServer(server) {
    server.middlewares.use((_req, res, next) => {
      res.setHeader('Content-Security-Policy', CONTENT_SECURITY_POLICY);
      next();
    });
  },
});

let browser: Browser | undefined;
const cacheDir = mkdtempSync(join(tmpdir(), 'wm-dev-csp-'));

async function startDevServer(plugins: Plugin[]): Promise<{ server: ViteDevServer; url: string }> {
  const server = await createServer({
    configFile: false,
    root: resolve(REPO_ROOT, 'src-renderer'),
    cacheDir,
    logLevel: 'error',
    plugins: [react(), ...plugins, cspHeader()],
    server: { host: '127.0.0.1', port: 0, strictPort: false, hmr: { host: '127.0.0.1' } },
  });
  await server.listen();
  const address = server.httpServer?.address() as AddressInfo | null;
  if (!address) throw new Error('the dev server is not listening');
  const { port } = address;
  return { server, url: `http://127.0.0.1:${port}/` };
}

/** Opens the page; returns the CSP reports, page errors and whether React rendered anything. */
async function openPage(url: string, renderTimeoutMs = 30_000) {
  const page = await browser!.newPage();
  // Runs in the page (DOM code, typed loosely here: this file compiles against Node's types).
  await page.addInitScript(() => {
    type Report = { effectiveDirective: string; blockedURI: string };
    const g = globalThis as unknown as {
      __cspReports: string[];
      document: { addEventListener(type: string, listener: (event: Report) => void): void };
    };
    g.__cspReports = [];
    g.document.addEventListener('securitypolicyviolation', (event) => {
      g.__cspReports.push(`${event.effectiveDirective} ${event.blockedURI}`);
    });
  });
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  await page.goto(url);
  const rendered = await page
    .locator('#root > *')
    .first()
    .waitFor({ timeout: renderTimeoutMs })
    .then(() => true)
    .catch(() => false);
  const reports = await page.evaluate(
    () => (globalThis as unknown as { __cspReports: string[] }).__cspReports,
  );
  const html = await (await fetch(url)).text();
  await page.close();
  return { rendered, reports, errors, html };
}

describe.skipIf(chromiumMissing)('npm run dev under the CSP', () => {
  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    rmSync(cacheDir, { recursive: true, force: true });
  });

  it('renders with script-src self: no inline script in the dev HTML, no CSP report, no error', async () => {
    const { server, url } = await startDevServer([cspFriendlyReactPreamble()]);
    try {
      const { rendered, reports, errors, html } = await openPage(url);
      expect([...html.matchAll(/<script(?![^>]*\bsrc=)[^>]*>/g)].map((m) => m[0])).toEqual([]);
      expect(reports).toEqual([]);
      expect(errors).toEqual([]);
      expect(rendered).toBe(true);
    } finally {
      await server.close();
    }
  });

  it('without the preamble plugin, the same policy blanks the page (the bug this guards against)', async () => {
    const { server, url } = await startDevServer([]);
    try {
      const { rendered, reports } = await openPage(url, 5_000);
      expect(reports).toContain('script-src-elem inline');
      expect(rendered).toBe(false);
    } finally {
      await server.close();
    }
  });

  it('the built page under the same policy: it renders and reports nothing (zod jitless in the bundle too)', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'wm-built-csp-'));
    const app = await startWebApp(dataDir, 'http://127.0.0.1:9');
    try {
      const { rendered, reports, errors } = await openPage(app.openUrl);
      expect(reports).toEqual([]);
      expect(errors).toEqual([]);
      expect(rendered).toBe(true);
    } finally {
      await app.stop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
