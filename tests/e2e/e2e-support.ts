/**
 * End-to-end plumbing: one fixture that gives each test a fresh bridge stub, a fresh web host started exactly as
 * `npm run web` starts it (tests/support/web-host-process.ts), and a fresh page in a shared headless Chromium
 * (tests/support/chromium.ts); and the page helpers every e2e file uses.
 */
import { resolve } from 'node:path';
import type { Browser, BrowserContext, BrowserContextOptions, Locator, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { CallInput, CallName } from '../../src-shared';
import { type BridgeStub, startBridgeStub } from '../support/bridge-stub';
import { CHROMIUM_PATH, chromiumMissing, launchChromium } from '../support/chromium';
import { tempDirs } from '../support/temp-dir';
import { REPO_ROOT, type RunningWebHost, startWebHost } from '../support/web-host-process';

export { CHROMIUM_PATH, chromiumMissing, launchChromium, REPO_ROOT };
export const SCREENSHOT_DIR = resolve(REPO_ROOT, 'test-results');

/**
 * TEST ONLY push/sync timings (WORKSHOP_TEST_TIMINGS, docs/web-host.md): retries and background backoff in
 * fractions of a second, so "bridge comes back → In sync" takes moments instead of the production 1-2-4 s.
 */
export const E2E_TIMINGS = {
  push: { retries: 1, delaysMs: [100], timeoutMs: 5_000 },
  sync: { debounceMs: 100, maxWaitMs: 1_000, backoffMs: [300, 600] },
};

export type WebApp = RunningWebHost & { dataDir: string };

/**
 * Starts `node scripts/web.mjs --port 0 --data-dir <dir> --bridge-url <url> [...args]` (e.g. `--broker-url`) with
 * the e2e timings.
 */
export async function startWebApp(dataDir: string, bridgeUrl: string, args: string[] = []): Promise<WebApp> {
  const host = await startWebHost({ entry: 'npm-run-web', dataDir, bridgeUrl, args, timings: E2E_TIMINGS });
  return { ...host, dataDir };
}

/**
 * Calls the web host's API directly (to check what is stored, independent of the page). Kept for older tests:
 * `app.value(channel, input)` is the same call with the output typed by the contract.
 */
export function api<T>(app: WebApp, channel: CallName, input?: unknown): Promise<T> {
  return app.value(channel, input as CallInput<CallName>) as Promise<T>;
}

/** What each test of a describeInChromium block gets, fresh per test (the browser is shared per file). */
export interface E2eFixture {
  readonly browser: Browser;
  readonly context: BrowserContext;
  readonly page: Page;
  readonly bridge: BridgeStub;
  readonly app: WebApp;
  /** console.error lines of the page so far in this test. */
  readonly consoleErrors: string[];
}

export interface E2eOptions {
  /** Options of each test's browser context (the viewport is 1280×800 unless given). */
  context?: BrowserContextOptions;
}

const SKIP_REASON = `no Chromium at ${CHROMIUM_PATH} (apt-get install -y chromium)`;

/**
 * A describe block in Chromium, with the browser, bridge, host and page hooks registered once. Each test starts
 * on a fresh install ("Nothing pushed yet"); after it the host must exit 0 on SIGTERM.
 * Without Chromium the block is skipped with the reason — except on CI (CI set), where it fails.
 */
export function describeInChromium(
  title: string,
  body: (e2e: E2eFixture) => void,
  options: E2eOptions = {},
): void {
  const e2e = {} as { -readonly [K in keyof E2eFixture]: E2eFixture[K] };
  if (chromiumMissing) {
    if (process.env.CI) {
      describe(title, () => {
        it('finds Chromium', () => {
          expect.fail(`CI is set but ${SKIP_REASON}`);
        });
      });
      return;
    }
    console.warn(`e2e skipped: ${SKIP_REASON}; set CI=1 to make this a failure`);
    describe.skip(`${title} — skipped: ${SKIP_REASON}`, () => body(e2e));
    return;
  }
  describe(title, () => {
    const dirs = tempDirs('workshop-e2e-');
    e2e.consoleErrors = [];

    beforeAll(async () => {
      e2e.browser = await launchChromium();
    });

    afterAll(async () => {
      await e2e.browser?.close();
    });

    beforeEach(async () => {
      e2e.bridge = await startBridgeStub();
      e2e.app = await startWebApp(dirs.make(), e2e.bridge.url);
      e2e.context = await e2e.browser.newContext({
        viewport: { width: 1280, height: 800 },
        ...options.context,
      });
      e2e.page = await e2e.context.newPage();
      e2e.consoleErrors.length = 0;
      e2e.page.on('console', (message) => {
        if (message.type() === 'error') e2e.consoleErrors.push(message.text());
      });
      await e2e.page.goto(e2e.app.openUrl);
      // A fresh install pushes nothing by itself (it must never wipe a bridge configured elsewhere): the app
      // says so calmly and the bridge has seen no config.
      await waitForStatus(e2e.page, 'Nothing pushed yet');
      expect(e2e.bridge.requestsTo('POST /config')).toHaveLength(0);
    });

    afterEach(async () => {
      await e2e.context?.close();
      const code = await e2e.app?.stop();
      await e2e.bridge?.close();
      dirs.cleanup();
      expect(code, `web host stderr:\n${e2e.app?.stderr()}`).toBe(0);
    });

    body(e2e);
  });
}

/** The header's sync status (role status, name "Sync status"). */
export const syncStatus = (page: Page): Locator => page.getByRole('status', { name: 'Sync status' });

/** Waits until the sync status shows the given words (it updates live from sync.status events). */
export async function waitForStatus(page: Page, words: string | RegExp, timeoutMs = 20_000): Promise<string> {
  const status = syncStatus(page);
  await status.filter({ hasText: words }).waitFor({ timeout: timeoutMs });
  return (await status.textContent()) ?? '';
}

export interface DeviceInput {
  name: string;
  deviceId: string;
  topic: string;
}

/** Adds a device through the editor the way a person does: Add device, fill the labelled fields, Save. */
export async function addDevice(page: Page, device: DeviceInput): Promise<void> {
  await page.getByRole('button', { name: 'Add device' }).click();
  const dialog = page.getByRole('dialog', { name: 'Add device' });
  await dialog.getByLabel('Name', { exact: true }).fill(device.name);
  await dialog.getByLabel('Device ID', { exact: true }).fill(device.deviceId);
  await dialog.getByLabel('MQTT topic', { exact: true }).fill(device.topic);
  await dialog.getByRole('button', { name: 'Save' }).click();
  await dialog.waitFor({ state: 'hidden' });
}

/** The table row that holds a device's name (its cell may add "not on the bridge yet" under the name). */
export const deviceRow = (page: Page, name: string): Locator =>
  page.getByRole('row').filter({
    has: page.getByRole('cell', { name: new RegExp(`^${escapeRegExp(name)}\\s*(not on the bridge yet)?$`) }),
  });

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
