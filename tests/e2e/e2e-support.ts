/**
 * End-to-end plumbing: Debian's Chromium through playwright-core, and the web host as a child process started
 * exactly as `npm run web` starts it (scripts/web.mjs builds the renderer when stale, then runs the CLI).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { type Browser, chromium, type Locator, type Page } from 'playwright-core';

export const REPO_ROOT = resolve(import.meta.dirname, '../..');
export const CHROMIUM_PATH = '/usr/bin/chromium';
export const chromiumMissing = !existsSync(CHROMIUM_PATH);
export const SCREENSHOT_DIR = resolve(REPO_ROOT, 'test-results');

/** Launches headless Chromium with the flags it needs here: no sandbox as root, and no background networking (which floods a closed network with refused connections). */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/**
 * TEST ONLY push/sync timings (WORKSHOP_TEST_TIMINGS, docs/web-host.md): retries and background backoff in
 * fractions of a second, so "bridge comes back → In sync" takes moments instead of the production 1-2-4 s.
 */
export const E2E_TIMINGS = {
  push: { retries: 1, delaysMs: [100], timeoutMs: 5_000 },
  sync: { debounceMs: 100, maxWaitMs: 1_000, backoffMs: [300, 600] },
};

export interface WebApp {
  /** The printed line: `http://127.0.0.1:<port>/#token=<token>`. */
  openUrl: string;
  baseUrl: string;
  token: string;
  dataDir: string;
  stderr(): string;
  /** SIGTERM, then the exit code. */
  stop(): Promise<number | string>;
}

/** Starts `node scripts/web.mjs --port 0 --data-dir <dir> --bridge-url <url>` and reads its URL line. */
export async function startWebApp(dataDir: string, bridgeUrl: string): Promise<WebApp> {
  const child: ChildProcess = spawn(
    process.execPath,
    ['scripts/web.mjs', '--port', '0', '--data-dir', dataDir, '--bridge-url', bridgeUrl],
    {
      cwd: REPO_ROOT,
      env: { ...process.env, WORKSHOP_TEST_TIMINGS: JSON.stringify(E2E_TIMINGS) },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => {
    stderr += chunk.toString('utf8');
  });
  const exited = once(child, 'exit').then(([code, signal]) => (code ?? signal) as number | string);
  const lines = createInterface({ input: child.stdout! });
  // The first start may build the renderer (several seconds on 2 cores).
  const line = await new Promise<string>((resolveLine, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`web host printed no URL in 90 s; stderr: ${stderr}`)),
      90_000,
    );
    lines.once('line', (text) => {
      clearTimeout(timer);
      resolveLine(text);
    });
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`web host exited (${code}) before printing its URL; stderr: ${stderr}`));
    });
  });
  const match = /^(http:\/\/127\.0\.0\.1:\d+)\/#token=([A-Za-z0-9_-]+)$/.exec(line);
  if (!match) throw new Error(`unexpected URL line ${JSON.stringify(line)}`);
  return {
    openUrl: line,
    baseUrl: match[1]!,
    token: match[2]!,
    dataDir,
    stderr: () => stderr,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      return exited;
    },
  };
}

/** Calls the web host's API directly (to check what is stored, independent of the page). */
export async function api<T>(app: WebApp, channel: string, input: unknown = null): Promise<T> {
  const response = await fetch(`${app.baseUrl}/api/${channel}`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${app.token}`, 'Content-Type': 'application/json' },
    body: JSON.stringify(input),
  });
  const result = (await response.json()) as { ok: boolean; value?: T; error?: unknown };
  if (!result.ok) throw new Error(`${channel}: ${JSON.stringify(result.error)}`);
  return result.value as T;
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

/** The table row that holds a device's name. */
export const deviceRow = (page: Page, name: string): Locator =>
  page.getByRole('row').filter({ has: page.getByRole('cell', { name, exact: true }) });
