/**
 * The real desktop app, launched with Playwright's Electron support. Runs wherever the Electron binary is
 * installed (`install-electron` succeeded: node_modules/electron/path.txt names a binary that exists) and a
 * display is available; elsewhere it reports itself skipped with the reason.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { _electron, type ElectronApplication } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { type BridgeStub, startBridgeStub } from '../support/bridge-stub';

const root = resolve(import.meta.dirname, '../..');
const require = createRequire(import.meta.url);
// Resolving a file inside the package does not run electron's index.js (which would try to download).
const electronDir = dirname(require.resolve('electron/package.json'));

function findElectronBinary(): { binary: string } | { reason: string } {
  const pathFile = join(electronDir, 'path.txt');
  if (!existsSync(pathFile)) {
    return {
      reason:
        'the Electron binary is not installed (no node_modules/electron/path.txt: `npx install-electron` could not download it here)',
    };
  }
  const binary = join(electronDir, 'dist', readFileSync(pathFile, 'utf8').trim());
  if (!existsSync(binary)) return { reason: `the Electron binary ${binary} named by path.txt is missing` };
  if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) {
    return { reason: 'there is no display (run the tests under `xvfb-run`)' };
  }
  return { binary };
}

const found = findElectronBinary();
const electronAvailable = 'binary' in found;
if (!electronAvailable) console.warn(`[launch test] skipped: ${found.reason}.`);

type Surface = { keys: string[]; require: string; process: string; ipcRenderer: string };

describe('the desktop app, launched', () => {
  let app: ElectronApplication | undefined;
  let dataDir: string | undefined;
  let bridge: BridgeStub | undefined;

  afterAll(async () => {
    await app?.close();
    await bridge?.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it.skipIf(!electronAvailable)(
    `opens a sandboxed window from app://, whose only bridge is window.workshop, answers a call and shows a notification${electronAvailable ? '' : ` — skipped: ${'reason' in found ? found.reason : ''}`}`,
    async () => {
      if (!('binary' in found)) return;
      const build = spawnSync(
        process.execPath,
        [join(root, 'node_modules/electron-vite/bin/electron-vite.js'), 'build'],
        {
          cwd: root,
          encoding: 'utf8',
        },
      );
      expect(build.status, build.stderr).toBe(0);

      dataDir = mkdtempSync(join(tmpdir(), 'wm-launch-'));
      const env: Record<string, string> = {};
      for (const [key, value] of Object.entries(process.env)) if (value !== undefined) env[key] = value;
      delete env.ELECTRON_RENDERER_URL;
      env.WORKSHOP_DATA_DIR = dataDir;
      // Chromium refuses to start as root with its OS sandbox (CI containers); the renderer's `sandbox: true`
      // still applies to what the page and preload can reach, which is what this test checks.
      const args = process.getuid?.() === 0 ? ['--no-sandbox', root] : [root];
      app = await _electron.launch({ executablePath: found.binary, args, env, cwd: root });

      const page = await app.firstWindow();
      await page.waitForLoadState('domcontentloaded');
      // The built page comes from the app:// protocol, never file://.
      expect(page.url()).toMatch(/^app:\/\/workshop\/(index\.html)?([?#].*)?$/);
      // The app rendered (React mounted under the CSP): the preload's client was chosen, not a missing-* screen.
      await page.locator('#root > *').first().waitFor({ timeout: 30_000 });
      expect(await page.getByText('could not connect to its data').count()).toBe(0);

      const surface = (await page.evaluate(() => {
        const g = globalThis as unknown as Record<string, unknown>;
        return {
          keys: Object.keys(g.workshop as object).sort(),
          require: typeof g.require,
          process: typeof g.process,
          ipcRenderer: typeof g.ipcRenderer,
        };
      })) as Surface;
      expect(surface).toEqual({
        keys: ['invoke', 'on'],
        require: 'undefined',
        process: 'undefined',
        ipcRenderer: 'undefined',
      });

      const listed = await page.evaluate(() =>
        (
          globalThis as unknown as { workshop: { invoke(c: string, i: unknown): Promise<unknown> } }
        ).workshop.invoke('devices.list', undefined),
      );
      expect(listed).toEqual({ ok: true, value: [] });

      const refused = await page.evaluate(() =>
        (
          globalThis as unknown as { workshop: { invoke(c: string, i: unknown): Promise<unknown> } }
        ).workshop.invoke('devices.drop', {}),
      );
      expect(refused).toMatchObject({ ok: false, error: { code: 'unknown_channel' } });

      // One native notification, through the app's own notifier: every push outcome (Notifications: all) while the
      // window is in the background. Notification.show is observed in main; the notification itself is real.
      bridge = await startBridgeStub();
      await app.evaluate(({ Notification }) => {
        const shown: string[] = [];
        (globalThis as unknown as { shownTitles: string[] }).shownTitles = shown;
        const show = Notification.prototype.show;
        Notification.prototype.show = function (this: Electron.Notification) {
          shown.push(this.title);
          return show.call(this);
        };
      });
      const invoke = (channel: string, input: unknown) =>
        page.evaluate(
          ([c, i]) =>
            (
              globalThis as unknown as { workshop: { invoke(c: string, i: unknown): Promise<unknown> } }
            ).workshop.invoke(c as string, i),
          [channel, input] as const,
        );
      expect(
        await invoke('settings.update', { bridgeUrl: bridge.url, notifications: 'all', autoPush: false }),
      ).toMatchObject({ ok: true });
      await app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows()[0]?.blur());
      expect(await invoke('sync.push', undefined)).toMatchObject({ ok: true });
      await expect
        .poll(() => app!.evaluate(() => (globalThis as unknown as { shownTitles: string[] }).shownTitles), {
          timeout: 15_000,
        })
        .toEqual(['Config pushed']);

      // The CSP forbids eval (no 'unsafe-eval' in script-src).
      const evalBlocked = await page.evaluate(() => {
        try {
          // Compiling code from a string is what 'unsafe-eval' would allow.
          new Function('return 1')();
          return false;
        } catch {
          return true;
        }
      });
      expect(evalBlocked).toBe(true);
    },
    120_000,
  );
});
