/**
 * The Live dialog in a real browser against a real broker: a fake Shelly publishes on an embedded aedes broker,
 * the web host listens (--broker-url), and the dialog draws the buffered curve with uPlot on a canvas,
 * re-simulates sessions as thresholds change, and Apply pushes the new thresholds to the bridge stub. Then a 12 h
 * trace imported as CSV, photographed at three window sizes.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { traceToCsv } from '../../src-main/core/trace-csv';
import type { BridgeConfig, Device, PowerTrace } from '../../src-shared';
import { type BridgeStub, startBridgeStub } from '../support/bridge-stub';
import { type EmbeddedBroker, startEmbeddedBroker } from '../support/embedded-broker';
import { type FakeShelly, startFakeShelly } from '../support/fake-shelly';
import { laserDay } from '../support/power-traces';
import { tempDirs } from '../support/temp-dir';
import {
  api,
  chromiumMissing,
  deviceRow,
  launchChromium,
  SCREENSHOT_DIR,
  startWebApp,
  type WebApp,
  waitForStatus,
} from './e2e-support';

const dirs = tempDirs('workshop-live-e2e-');
const PREFIX = 'shellypmminig3-e2elaser';

async function waitFor(check: () => Promise<boolean>, what: string, timeoutMs = 15_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** The cells of the Simulated sessions table, row by row. */
async function sessionRows(dialog: Locator): Promise<string[][]> {
  const rows = dialog.getByRole('table', { name: 'Simulated sessions' }).locator('tbody tr');
  const out: string[][] = [];
  for (const row of await rows.all()) out.push(await row.locator('td').allTextContents());
  return out;
}

/** How many pixels of the chart's canvas are not blank (the curve, bands and lines were drawn). */
const PAINTED_PIXELS = `(() => {
  const canvas = document.querySelector('[aria-label="Power curve"] canvas');
  if (!canvas) return -1;
  const data = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
  let n = 0;
  for (let i = 3; i < data.length; i += 4) if (data[i] > 0) n++;
  return n;
})()`;
const paintedPixels = (page: Page) => page.evaluate(PAINTED_PIXELS) as Promise<number>;

/** Whether the chart's canvas has the width of its box (it follows the box through a ResizeObserver). */
const CANVAS_FITS = `(() => {
  const box = document.querySelector('[aria-label="Power curve"]');
  return Math.abs(box.querySelector('canvas').getBoundingClientRect().width - box.clientWidth) <= 1;
})()`;

/** The CSS y (page) of the canvas row holding the most pixels of the working line's colour (#1f7a44). */
const WORKING_LINE_Y = `(() => {
  const canvas = document.querySelector('[aria-label="Power curve"] canvas');
  const { data, width, height } = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height);
  let best = -1, bestCount = 0;
  for (let y = 0; y < height; y++) {
    let n = 0;
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 4;
      if (Math.abs(data[i] - 31) < 8 && Math.abs(data[i + 1] - 122) < 8 && Math.abs(data[i + 2] - 68) < 8) n++;
    }
    if (n > bestCount) { best = y; bestCount = n; }
  }
  const rect = canvas.getBoundingClientRect();
  return rect.top + (best + 0.5) * (rect.height / height);
})()`;

describe.skipIf(chromiumMissing)('the Live dialog in Chromium with a real broker', () => {
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let bridge: BridgeStub;
  let broker: EmbeddedBroker;
  let app: WebApp;
  let meter: FakeShelly;
  const consoleErrors: string[] = [];

  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
  });

  beforeEach(async () => {
    bridge = await startBridgeStub();
    broker = await startEmbeddedBroker();
    app = await startWebApp(dirs.make(), bridge.url, ['--broker-url', broker.url]);
    meter = await startFakeShelly(broker.url, { prefix: PREFIX });
    context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    page = await context.newPage();
    consoleErrors.length = 0;
    page.on('console', (m) => {
      if (m.type() === 'error') consoleErrors.push(m.text());
    });
  });

  afterEach(async () => {
    await context?.close();
    await meter?.close();
    const code = await app?.stop();
    await broker?.close();
    await bridge?.close();
    dirs.cleanup();
    expect(code, `web host stderr:\n${app?.stderr()}`).toBe(0);
  });

  it('Live shows the curve; a new working threshold changes the sessions; Apply pushes it to the bridge', async () => {
    const device = await api<Device>(app, 'devices.create', {
      name: 'Laser cutter',
      deviceId: 'laser-01',
      topicPattern: `${PREFIX}/#`,
      strategyConfig: { startDebounceS: 1, stopDebounceS: 1 },
    });
    await broker.waitForSubscription(`${PREFIX}/status/pm1:0`);
    // Idle, a job at 500 W, idle again. Samples are timed by when the app hears them, so each reading is
    // published only after the previous one is buffered, and 250 ms later: the 12 job readings span at least
    // 2.75 s of the app's clock however busy the machine is (more than the 1 s start debounce).
    const plan = [...Array(4).fill(5), ...Array(12).fill(500), ...Array(10).fill(5)];
    const buffered = async () =>
      (await api<PowerTrace>(app, 'live.history', { id: device.id })).samples.length;
    for (const watts of plan) {
      const before = await buffered();
      await meter.power(watts);
      await waitFor(async () => (await buffered()) > before, 'the app to buffer the reading');
      await new Promise((r) => setTimeout(r, 250));
    }
    await page.goto(app.openUrl);
    await deviceRow(page, 'Laser cutter').waitFor();
    await deviceRow(page, 'Laser cutter').getByRole('button', { name: 'Live: Laser cutter' }).click();
    const dialog = page.getByRole('dialog', { name: 'Live: Laser cutter' });
    const chart = dialog.getByRole('img', { name: 'Power curve' });
    await chart.waitFor();
    await expect
      .poll(async () => Number(await chart.getAttribute('data-points')))
      .toBeGreaterThanOrEqual(plan.length);
    expect(await paintedPixels(page)).toBeGreaterThan(1000);

    const before = await sessionRows(dialog);
    expect(before).toHaveLength(1);
    const seconds = (cell: string | undefined) => Number(/^(\d+) s$/.exec(cell ?? '')?.[1] ?? Number.NaN);
    const jobSeconds = seconds(before[0]![3]); // working time: the job
    expect(jobSeconds).toBeGreaterThanOrEqual(2);
    expect(before[0]![4]).toBe('0 s');

    const working = dialog.getByLabel('Working threshold (W)');
    // The working line dragged up to the top of the chart, above the job's 500 W: the field follows the line
    // and the job becomes standby time, as when the value is typed.
    const lineY = (await page.evaluate(WORKING_LINE_Y)) as number;
    const plotArea = (await chart.locator('.u-over').boundingBox())!;
    const x = plotArea.x + plotArea.width / 2;
    await page.mouse.move(x, lineY);
    await page.mouse.down();
    await page.mouse.move(x, plotArea.y + 2, { steps: 8 });
    await page.mouse.up();
    await expect.poll(async () => Number(await working.inputValue())).toBeGreaterThan(500);
    await expect.poll(async () => (await sessionRows(dialog))[0]?.[3]).toBe('0 s');

    await working.fill('100');
    await expect.poll(async () => seconds((await sessionRows(dialog))[0]?.[3])).toBe(jobSeconds);
    await working.fill('600');
    await expect.poll(async () => (await sessionRows(dialog))[0]?.[3]).toBe('0 s');
    expect(seconds((await sessionRows(dialog))[0]![4])).toBe(jobSeconds); // the job is standby time now

    await dialog.getByRole('button', { name: 'Apply thresholds' }).click();
    await dialog.getByText(/Saved to Laser cutter/).waitFor();
    await waitForStatus(page, 'In sync');
    const pushed = bridge.requestsTo('POST /config').at(-1)!.body as BridgeConfig;
    expect(pushed.devices.find((d) => d.device_id === 'laser-01')).toMatchObject({
      session_config: expect.objectContaining({ working_threshold_w: 600 }),
    });
    expect(consoleErrors).toEqual([]);
  });

  it('a 12 h trace imported as CSV draws, simulates and looks right at 1280×800, 1024×640 and 800×600', async () => {
    await api<Device>(app, 'devices.create', {
      name: 'Laser cutter',
      deviceId: 'laser-01',
      topicPattern: `${PREFIX}/#`,
    });
    const start = Date.now() - 12 * 3_600_000;
    const csvPath = join(dirs.make(), 'laser-tuesday.csv');
    writeFileSync(csvPath, traceToCsv(laserDay({ start, count: 43_200 })));

    await page.goto(app.openUrl);
    // The row's actions (Live, Edit, Delete) fit their column beside the live columns.
    const row = deviceRow(page, 'Laser cutter');
    for (const name of ['Live: Laser cutter', 'Edit Laser cutter', 'Delete Laser cutter']) {
      const button = row.getByRole('button', { name, exact: true });
      const cell = (await row.locator('td.cell-actions').boundingBox())!;
      const box = (await button.boundingBox())!;
      expect(box.x + box.width, name).toBeLessThanOrEqual(cell.x + cell.width);
    }
    mkdirSync(SCREENSHOT_DIR, { recursive: true });
    await page.screenshot({ path: join(SCREENSHOT_DIR, 'live-device-list-1280x800.png') });
    await row.getByRole('button', { name: 'Live: Laser cutter' }).click();
    const dialog = page.getByRole('dialog', { name: 'Live: Laser cutter' });
    await dialog.getByLabel('Import trace CSV').setInputFiles(csvPath);
    await dialog.getByText('Imported “laser-tuesday” (43,200 readings).').waitFor({ timeout: 30_000 });
    const chart = dialog.getByRole('img', { name: 'Power curve' });
    await expect.poll(async () => chart.getAttribute('data-points')).toBe('43200');
    expect(await paintedPixels(page)).toBeGreaterThan(5000);
    expect((await sessionRows(dialog)).length).toBeGreaterThan(3);
    const summary = dialog.getByRole('status').filter({ hasText: 'working in the last' });
    expect(await summary.textContent()).toMatch(
      /^\d+ sessions, (\d+ h )?\d+ min working in the last 11 h 59 min/,
    );

    mkdirSync(SCREENSHOT_DIR, { recursive: true });
    for (const [width, height] of [
      [1280, 800],
      [1024, 640],
      [800, 600],
    ] as const) {
      await page.setViewportSize({ width, height });
      await expect.poll(() => page.evaluate(CANVAS_FITS)).toBe(true);
      const box = await chart.boundingBox();
      expect(box!.width).toBeLessThanOrEqual(width);
      await page.screenshot({ path: join(SCREENSHOT_DIR, `live-dialog-${width}x${height}.png`) });
    }
    expect(consoleErrors).toEqual([]);
  });
});
