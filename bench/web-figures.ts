import { rmSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import type { BridgeStub } from '../tests/support/bridge-stub';
import { CHROMIUM_PATH } from '../tests/support/chromium';
import { seededDataDir } from './fixtures';
import { n } from './options';
import { measureKeystrokes, NEXT_FRAME } from './page-probes';
import { addRow, log } from './report';
import { sleep, summarise } from './stats';
import { apiCall, CHROMIUM_ARGS, ensureRendererBuilt, rssOf, startWebHost } from './web-host';

/** The web host in headless Chromium: cold start → first row painted (5,000), keystroke → repaint, RSS (10,000). */
export async function benchWebHost(stub: BridgeStub, machine: Record<string, unknown>): Promise<void> {
  const { chromium } = await import('playwright-core');
  log('building the renderer if needed');
  ensureRendererBuilt();
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
  machine.chromium = browser.version();
  const dirs: string[] = [];
  try {
    const dir5k = await seededDataDir(stub, 5_000);
    dirs.push(dir5k);
    const cold: number[] = [];
    const ready: number[] = [];
    const keystrokes: number[] = [];
    const coldRuns = n(5, 2);
    for (let i = 0; i < coldRuns; i++) {
      const context = await browser.newContext();
      const page = await context.newPage();
      const t0 = performance.now();
      const host = await startWebHost(dir5k, stub.url);
      try {
        await page.goto(host.url);
        await page.getByRole('row').nth(1).waitFor({ state: 'visible', timeout: 30_000 });
        await page.evaluate(NEXT_FRAME);
        cold.push(performance.now() - t0);
        log(`cold start ${i + 1}/${coldRuns}: ${cold.at(-1)!.toFixed(0)} ms`);
        ready.push(host.readyMs);
        if (i === coldRuns - 1) keystrokes.push(...(await measureKeystrokes(page, n(40, 12))));
      } finally {
        await context.close();
        await host.stop();
      }
    }
    const c = summarise(cold);
    addRow(
      {
        id: 'web.coldStart.5000',
        label: 'web host cold start → first row painted, 5,000',
        unit: 'ms',
        aim: '≤ 1500',
        met: c.median <= 1500,
        note: `spawn → URL line alone: median ${summarise(ready).median.toFixed(0)} ms (browser already running)`,
      },
      c,
    );
    const k = summarise(keystrokes);
    addRow(
      {
        id: 'web.keystroke.5000',
        label: 'one search keystroke → repaint, 5,000',
        unit: 'ms',
        aim: '≤ 50',
        met: k.median <= 50,
        note: "keydown → DOM updated → next frame, measured in the page ('7' and Backspace alternately)",
      },
      k,
    );

    const dir10k = await seededDataDir(stub, 10_000);
    dirs.push(dir10k);
    const rss: number[] = [];
    const peaks: number[] = [];
    for (let i = 0; i < n(2, 1); i++) {
      const context = await browser.newContext();
      const page = await context.newPage();
      const host = await startWebHost(dir10k, stub.url);
      try {
        await page.goto(host.url);
        await page.getByRole('row').nth(1).waitFor({ state: 'visible', timeout: 30_000 });
        for (let j = 0; j < 3; j++) await apiCall(host, 'devices.list');
        await apiCall(host, 'config.preview');
        await sleep(200);
        const m = rssOf(host.child.pid!);
        if (m) {
          rss.push(m.rssMb);
          peaks.push(m.peakMb);
        }
      } finally {
        await context.close();
        await host.stop();
      }
    }
    if (rss.length > 0) {
      addRow(
        {
          id: 'web.rss.10000',
          label: 'web host RSS, 10,000 devices (page open, lists served)',
          unit: 'MB',
          note: `peak (VmHWM) ${summarise(peaks).max.toFixed(0)} MB`,
        },
        summarise(rss),
      );
    }
  } finally {
    await browser.close();
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  }
}
