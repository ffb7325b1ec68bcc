/**
 * The BUILT main bundle (out/main/index.js from electron-vite), run in plain Node with a fake `electron`: proves
 * the bundle loads as ESM (no `__dirname` clash, externals resolve), finds its migrations, opens the real core on
 * SQLite and electron-store, serves contract calls, and shuts down cleanly — everything short of a real window.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY } from '../../src-shared/content-security-policy';

const root = resolve(import.meta.dirname, '../..');
// Inside the project (gitignored) so the bundle's external imports resolve from node_modules, and apart from
// out/ so a parallel e2e run serving out/renderer is never disturbed.
const buildRoot = join(root, 'test-results');
let outDir: string;
let dataDir: string;
let records: Array<{ what: string; data?: unknown }> = [];
let stderr = '';

beforeAll(() => {
  mkdirSync(buildRoot, { recursive: true });
  outDir = mkdtempSync(join(buildRoot, 'built-main-'));
  const build = spawnSync(
    process.execPath,
    [
      join(root, 'node_modules/electron-vite/bin/electron-vite.js'),
      'build',
      '--outDir',
      outDir,
      '--logLevel',
      'error',
    ],
    { cwd: root, encoding: 'utf8' },
  );
  if (build.status !== 0) throw new Error(`electron-vite build failed: ${build.stderr}`);

  dataDir = mkdtempSync(join(buildRoot, 'built-main-data-'));
  writeFileSync(join(dataDir, 'preferences.json'), JSON.stringify({ notifications: 42, autoPush: false }));
  const env: NodeJS.ProcessEnv = { ...process.env, WORKSHOP_DATA_DIR: dataDir };
  delete env.ELECTRON_RENDERER_URL;
  const run = spawnSync(
    process.execPath,
    [
      '--import',
      pathToFileURL(join(import.meta.dirname, 'support/register-fake-electron.mjs')).href,
      join(outDir, 'main/index.js'),
    ],
    { cwd: root, encoding: 'utf8', env, timeout: 20_000 },
  );
  stderr = run.stderr;
  records = run.stdout
    .split('\n')
    .filter((line) => line.startsWith('@@ '))
    .map((line) => JSON.parse(line.slice(3)));
}, 60_000);

afterAll(() => {
  rmSync(outDir, { recursive: true, force: true });
  rmSync(dataDir, { recursive: true, force: true });
});

const find = (what: string) => records.filter((r) => r.what === what).map((r) => r.data);

describe('the built main bundle', () => {
  it('builds a CommonJS preload that requires nothing but electron', () => {
    const preload = readFileSync(join(outDir, 'preload/index.cjs'), 'utf8');
    expect([...preload.matchAll(/require\("([^"]+)"\)/g)].map((m) => m[1])).toEqual(['electron']);
    expect(preload).not.toMatch(/^\s*(import|export)\s/m);
  });

  it('starts: CSP installed, a sandboxed window on the built page, a handler for every call', () => {
    expect(find('dialog'), stderr).toEqual([]);
    expect(find('csp')).toHaveLength(1);
    expect(find('window')[0]).toMatchObject({
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
    });
    expect(String((find('window')[0] as { preload: string }).preload)).toBe(
      join(outDir, 'preload/index.cjs'),
    );
    expect(find('loadURL')).toEqual(['app://workshop/index.html']);
    expect((find('handlers')[0] as string[]).length).toBeGreaterThan(0);
    expect(find('schemes')).toEqual([
      [{ scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } }],
    ]);
  });

  it('serves the built page on app:// with the shared CSP, and nothing outside the renderer folder', () => {
    const pages = find('page') as Array<{ url: string; status: number; csp: string | null; html: string }>;
    expect(pages[0]).toMatchObject({ status: 200, csp: CONTENT_SECURITY_POLICY });
    expect(pages[0]?.html).toContain('<div id="root">');
    expect(pages[1]).toMatchObject({ status: 404 });
  });

  it('answers a call made after quitting started with `unavailable`, not a missing handler', () => {
    expect(find('closing-result')[0]).toMatchObject({
      channel: 'devices.list',
      result: { ok: false, error: { code: 'unavailable' } },
    });
  });

  it('has no Reload or DevTools in the menu of a packaged app', () => {
    const menu = (find('menu')[0] as string[][]).flat();
    expect(menu).toEqual(expect.arrayContaining(['cut', 'copy', 'paste', 'About Workshop Manager']));
    expect(menu).not.toContain('toggleDevTools');
    expect(menu).not.toContain('reload');
  });

  it('says so when secrets cannot be encrypted (no keyring), and logs to a file', () => {
    expect(stderr).toMatch(/plain text in the preferences file.*no system keyring/);
    const log = readFileSync(join(dataDir, 'logs', 'main.log'), 'utf8');
    expect(log).toContain('plain text in the preferences file');
    expect(log).toContain('Workshop Manager 0.0.0-test starting');
  });

  it('answers contract calls from the real core, with the corrupt preference replaced by its default', () => {
    const results = find('result') as Array<{
      channel: string;
      result: { ok: boolean; value?: unknown; error?: { code: string } };
    }>;
    expect(results.find((r) => r.channel === 'devices.list')?.result).toEqual({ ok: true, value: [] });
    expect(results.find((r) => r.channel === 'settings.get')?.result).toMatchObject({
      ok: true,
      value: { autoPush: false, notifications: 'errors' },
    });
    expect(results.find((r) => r.channel === 'devices.get')?.result).toMatchObject({
      ok: false,
      error: { code: 'invalid_input' },
    });
    expect(stderr).toContain('notifications');
  });

  it('writes a large import on the worker process built beside the bundle', () => {
    expect(existsSync(join(outDir, 'main/transaction-worker.js'))).toBe(true);
    expect(find('large-import')).toEqual([
      { ok: true, counts: { create: 1200, update: 0, unchanged: 0, delete: 0, refuse: 0 }, listed: 1200 },
    ]);
  });

  it('quits only after the core has closed', () => {
    const order = records.map((r) => r.what).filter((w) => w === 'quit-deferred' || w === 'quit');
    expect(order).toEqual(['quit-deferred', 'quit']);
  });
});
