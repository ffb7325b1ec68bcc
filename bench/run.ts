/**
 * `npm run bench [-- --short]`: the figures of issue 6 "Benchmarks" — median and p95 of each, beside its aim.
 * Numbers, not pass/fail: it prints a table and writes bench/results.json (gitignored) with the machine's
 * details. `--short` runs fewer iterations (CI); the figures are noisier but come from the same code paths.
 *
 * Everything runs on loopback: the bridge is tests/support/bridge-stub.ts, the browser headless Chromium.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, release, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { buildBridgeConfig } from '../src-main/core/build-bridge-config';
import { PRODUCTION_SYNC_TIMING } from '../src-main/core/sync/sync-types';
import { type BridgeStub, startBridgeStub } from '../tests/support/bridge-stub';
import { CHROMIUM_PATH } from '../tests/support/chromium';
import { benchDiscoveryOnBusyBroker } from './discovery';
import { deviceInput, importFile, startBenchCore, storedDevices } from './fixtures';
import { benchLiveIngest, benchLiveMemoryPerDevice } from './live-ingest';
import { benchManyDevices } from './many-devices';
import { benchChart, benchSimulate } from './session-model';
import { type Summary, sleep, summarise, timeMany, waitUntil } from './stats';
import { apiCall, CHROMIUM_ARGS, ensureRendererBuilt, ROOT, rssOf, startWebHost } from './web-host';

const SHORT = process.argv.includes('--short');
const SKIP_BROWSER = process.argv.includes('--no-browser');
/** `--only=web` (or config, create, commit, import): one section, for working on it. */
const ONLY = process.argv.find((a) => a.startsWith('--only='))?.slice('--only='.length);
const runs = (section: string) => ONLY === undefined || ONLY === section;
const n = (full: number, short: number) => (SHORT ? short : full);
/** The production coalescing window, taken from the engine's own timing. */
const COALESCING_MS = PRODUCTION_SYNC_TIMING.debounceMs;

interface Row {
  id: string;
  label: string;
  unit: 'ms' | 'MB' | 'x' | 'pushes' | 'KiB' | '%';
  n: number;
  median: number;
  p95: number;
  p99?: number;
  aim?: string;
  /** Whether the aim was met (undefined when the figure has no aim). */
  met?: boolean;
  note?: string;
}

const rows: Row[] = [];
const log = (message: string) => process.stderr.write(`bench: ${message}\n`);

function addRow(row: Omit<Row, 'n' | 'median' | 'p95'>, s: Summary, withP99 = false): Row {
  const full: Row = { ...row, n: s.n, median: s.median, p95: s.p95, ...(withP99 ? { p99: s.p99 } : {}) };
  rows.push(full);
  return full;
}

// 1. Building + hashing the bridge config vs bare JSON.stringify of the same payload.
async function benchConfigBuild(): Promise<void> {
  const meta = { revision: 7, timestamp: '2026-11-29T10:00:00.000Z' };
  for (const [size, iterations] of [
    [100, n(400, 80)],
    [1_000, n(80, 20)],
    [10_000, n(20, 6)],
  ] as const) {
    const devices = storedDevices(size);
    const payload = buildBridgeConfig(devices, meta);
    const build = summarise(await timeMany(iterations, () => buildBridgeConfig(devices, meta)));
    const stringify = summarise(await timeMany(iterations, () => JSON.stringify(payload)));
    const ratio = build.median / stringify.median;
    const label = `${size.toLocaleString('en')} devices`;
    addRow({ id: `config.build.${size}`, label: `config build+hash, ${label}`, unit: 'ms' }, build);
    addRow(
      { id: `config.stringify.${size}`, label: `JSON.stringify same payload, ${label}`, unit: 'ms' },
      stringify,
    );
    rows.push({
      id: `config.ratio.${size}`,
      label: `ratio build+hash / stringify, ${label}`,
      unit: 'x',
      n: iterations,
      median: ratio,
      p95: build.p95 / stringify.p95,
      aim: '≤ 2×',
      met: ratio <= 2,
      note: 'ratio of medians (p95 column: ratio of p95s)',
    });
  }
}

// 2. One device create through the core while the bridge hangs every push.
async function benchCreateWhileHanging(stub: BridgeStub): Promise<void> {
  stub.setDefault('hang');
  for (const [seed, creates] of [
    [0, n(1000, 300)],
    [5_000, n(300, 100)],
  ] as const) {
    const bc = startBenchCore(stub.url);
    try {
      if (seed > 0) {
        await bc.call('devices.import', { content: importFile(seed, 's'), format: 'json', dryRun: false });
      }
      // The first create starts a push after 300 ms that hangs; every later create happens with it in flight.
      let next = 0;
      const samples = await timeMany(
        creates,
        async () => {
          await bc.call('devices.create', deviceInput(next++, 'c'));
          if (next === 5) await sleep(COALESCING_MS + 50);
        },
        5,
      );
      const status = await bc.status();
      const s = summarise(samples);
      addRow(
        {
          id: `create.hanging.store${seed}`,
          label: `device create, bridge hanging, store ${seed.toLocaleString('en')}→${(seed + creates + 5).toLocaleString('en')}`,
          unit: 'ms',
          aim: 'p50 ≤ 1, p99 ≤ 5',
          met: s.median <= 1 && s.p99 <= 5,
          note: `state during the run: ${status.state}; p99 ${s.p99.toFixed(2)} ms, max ${s.max.toFixed(2)} ms`,
        },
        s,
        true,
      );
    } finally {
      await bc.close();
    }
  }
  stub.setDefault({ status: 200, body: { status: 'ok' } });
  await stub.close().catch(() => {});
}

// 3. Change committed → POST received by a loopback bridge (production coalescing window).
async function benchCommitToPost(stub: BridgeStub): Promise<void> {
  const bc = startBenchCore(stub.url);
  try {
    // A fresh store pushes nothing by itself; the loop below waits for in sync after each of its own changes.
    const latencies: number[] = [];
    for (let i = 0; i < n(20, 6); i++) {
      const before = stub.requestsTo('POST /config').length;
      await bc.call('devices.create', { ...deviceInput(i, 'p'), active: true }); // an inactive one pushes nothing
      const committedAt = Date.now();
      const posts = await waitUntil(() => {
        const all = stub.requestsTo('POST /config');
        return all.length > before ? all : null;
      }, 'the POST');
      latencies.push(posts[before]!.receivedAt - committedAt);
      await bc.waitInSync();
      await sleep(30);
    }
    const s = summarise(latencies);
    addRow(
      {
        id: 'sync.commitToPost',
        label: `change committed → POST received (window ${COALESCING_MS} ms)`,
        unit: 'ms',
        aim: `≤ ${COALESCING_MS + 20}`,
        met: s.median <= COALESCING_MS + 20,
      },
      s,
    );
    const excess = summarise(latencies.map((l) => l - COALESCING_MS));
    addRow(
      {
        id: 'sync.commitToPost.excess',
        label: '  excess over the coalescing window',
        unit: 'ms',
        aim: '≤ 20',
        met: excess.median <= 20,
      },
      excess,
    );
  } finally {
    await bc.close();
  }
}

// 4. Importing 1,000 and 10,000 devices: time of the call, pushes it causes.
async function benchImport(stub: BridgeStub): Promise<void> {
  for (const [size, iterations, aimMs] of [
    [1_000, n(8, 3), 300],
    [10_000, n(3, 1), undefined],
  ] as const) {
    const content = importFile(size);
    const times: number[] = [];
    const pushes: number[] = [];
    for (let i = 0; i < iterations; i++) {
      const bc = startBenchCore(stub.url);
      try {
        stub.clearRequests();
        const t0 = performance.now();
        const report = await bc.call('devices.import', {
          content,
          format: 'json',
          dryRun: false,
        });
        times.push(performance.now() - t0);
        if (!report.applied || report.counts.create !== size) {
          throw new Error(`bench: import of ${size} not applied: ${JSON.stringify(report.counts)}`);
        }
        await waitUntil(() => stub.requestsTo('POST /config').length > 0, 'the import push', 30_000);
        await bc.waitInSync();
        await sleep(COALESCING_MS * 3); // anything coalesced later would show up here
        pushes.push(stub.requestsTo('POST /config').length);
      } finally {
        await bc.close();
      }
    }
    const label = `${size.toLocaleString('en')} devices`;
    const t = summarise(times);
    addRow(
      {
        id: `import.${size}.time`,
        label: `import ${label} (one call)`,
        unit: 'ms',
        ...(aimMs ? { aim: `≤ ${aimMs}`, met: t.median <= aimMs } : {}),
      },
      t,
    );
    const p = summarise(pushes);
    addRow(
      { id: `import.${size}.pushes`, label: `  pushes caused`, unit: 'pushes', aim: '1', met: p.max === 1 },
      p,
    );
  }
}

/** A data dir holding `count` devices the stub has already acknowledged (so the host starts in sync). */
async function seededDataDir(stub: BridgeStub, count: number): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), `wm-bench-web${count}-`));
  const bc = startBenchCore(stub.url, dir);
  try {
    if (count > 0)
      await bc.call('devices.import', { content: importFile(count), format: 'json', dryRun: false });
    await bc.waitInSync(60_000);
  } finally {
    await bc.close();
  }
  return dir;
}

// 5. The web host in headless Chromium: cold start → first row painted (5,000), keystroke → repaint, RSS (10,000).
async function benchWebHost(stub: BridgeStub, machine: Record<string, unknown>): Promise<void> {
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

// 5b. Discover meters on a broker carrying 5,000 topics at 1 message/s each, the page open on 5,000 devices.
async function benchDiscovery(stub: BridgeStub): Promise<void> {
  const { chromium } = await import('playwright-core');
  ensureRendererBuilt();
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
  const dir = await seededDataDir(stub, 5_000);
  const host = await startWebHost(dir, stub.url);
  try {
    const page = await browser.newPage();
    await page.goto(host.url);
    await page.getByRole('row').nth(1).waitFor({ state: 'visible', timeout: 30_000 });
    const r = await benchDiscoveryOnBusyBroker({
      host,
      page,
      measureKeystrokes,
      keystrokes: n(40, 12),
      seconds: n(30, 12),
    });
    const k = summarise(r.keystrokesMs);
    addRow(
      {
        id: 'discovery.keystroke.5000topics',
        label: 'search keystroke → repaint while discovering (5,000 topics at 1 msg/s)',
        unit: 'ms',
        aim: '≤ 50',
        met: k.median <= 50,
        note: `host CPU ${r.hostCpuPct.toFixed(0)} % of one core while discovering; RSS ${r.rssBeforeMb.toFixed(0)} → ${r.rssDuringMb.toFixed(0)} MB; ${r.heard.toLocaleString()} of ${r.published.toLocaleString()} published messages read, ${r.found} meters kept (cap 500), ${r.leftOut.toLocaleString()} messages of further meters left out`,
      },
      k,
    );
    addRow(
      {
        id: 'discovery.stateCall',
        label: 'discovery.state call while discovering',
        unit: 'ms',
        aim: '≤ 100',
        met: summarise(r.stateCallMs).p95 <= 100,
      },
      summarise(r.stateCallMs),
    );
  } finally {
    await host.stop();
    await browser.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

// In-page scripts as strings: the node tsconfig has no DOM types.
/** Resolves after the next frame has been produced (rAF, then a task: the paint has happened). */
const NEXT_FRAME = 'new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)))';
/**
 * window.__benchRepaint resolves with ms from the next keydown in the search box to the frame after the first
 * DOM change it causes (React commits a discrete event's update in one synchronous batch).
 */
const ARM_REPAINT_PROBE = `
  window.__benchRepaint = new Promise((resolve) => {
    setTimeout(() => resolve(-1), 5000);
    const input = document.getElementById('device-search');
    input.addEventListener('keydown', () => {
      const t0 = performance.now();
      const observer = new MutationObserver(() => {
        observer.disconnect();
        requestAnimationFrame(() => setTimeout(() => resolve(performance.now() - t0), 0));
      });
      observer.observe(document.querySelector('main') || document.body, { childList: true, subtree: true, characterData: true });
    }, { once: true, capture: true });
  });
  0; // the script's value: not the promise, or evaluate() would wait for the keystroke it precedes
`;

async function measureKeystrokes(page: import('playwright-core').Page, count: number): Promise<number[]> {
  const search = page.getByRole('searchbox', { name: 'Search devices' });
  await search.click();
  const out: number[] = [];
  for (let i = 0; i < count + 2; i++) {
    const key = i % 2 === 0 ? '7' : 'Backspace';
    await page.evaluate(ARM_REPAINT_PROBE);
    await page.keyboard.press(key);
    const ms = (await page.evaluate('window.__benchRepaint')) as number;
    if (ms < 0) throw new Error(`bench: keystroke ${key} caused no repaint within 5 s`);
    if (i >= 2) out.push(ms); // the first two warm up
  }
  return out;
}

// 6. The Live dialog's engine: the session model over 12 h at 1 Hz; the power chart redrawing 43,200 points.
async function benchSessionModel(machine: Record<string, unknown>): Promise<void> {
  const sim = await benchSimulate(n(200, 40));
  const simRow = addRow(
    {
      id: 'model.simulate.43200',
      label: 'simulate sessions, 43,200 samples (12 h at 1 Hz)',
      unit: 'ms',
      aim: '≤ 5 ms',
    },
    sim,
  );
  simRow.met = sim.median <= 5;
  if (SKIP_BROWSER) return;
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
  machine.chromium ??= browser.version();
  try {
    const chart = await benchChart(await browser.newPage(), n(40, 10));
    addRow(
      {
        id: 'model.chart.setData.43200',
        label: 'power chart setData + draw, 43,200 points',
        unit: 'ms',
        aim: '≤ 16 ms',
      },
      chart.setData,
    ).met = chart.setData.median <= 16;
    addRow(
      {
        id: 'model.chart.retune.43200',
        label: 'threshold change: re-simulate + redraw, 43,200',
        unit: 'ms',
        aim: '≤ 16 ms',
      },
      chart.retune,
    ).met = chart.retune.median <= 16;
  } finally {
    await browser.close();
  }
}

// 7. The live view: 500 meters × 2 messages/s through a loopback broker; memory per device for 12 h.
async function benchLive(): Promise<void> {
  const seconds = n(30, 8);
  const ingest = await benchLiveIngest(500, 2, seconds);
  addRow(
    {
      id: 'live.ingest.latency',
      label: `publish → live.overview event, 500 meters × 2 msg/s, ${seconds} s`,
      unit: 'ms',
      aim: 'p99 ≤ 600 ms (window 250 ms)',
      note: `${ingest.messages} messages, ${ingest.events} events`,
    },
    ingest.latency,
    true,
  ).met = ingest.latency.p99 <= 600;
  rows.push({
    id: 'live.ingest.cpu',
    label: 'CPU meanwhile (broker + publisher + live view, one process)',
    unit: '%',
    n: 1,
    median: ingest.cpuPercent,
    p95: ingest.cpuPercent,
    note: '% of one core',
  });
  const memory = benchLiveMemoryPerDevice();
  rows.push({
    id: 'live.memory.device12h',
    label: 'memory per device, 12 h at 1 msg/s: samples (median) / whole state (p95)',
    unit: 'KiB',
    n: 20,
    median: memory.ringBytes / 1024,
    p95: memory.heapBytes / 1024,
    aim: 'bounded: ≤ 768 KiB ring',
    met: memory.ringBytes <= 768 * 1024,
  });
}

async function benchMany(stub: BridgeStub): Promise<void> {
  const figures = await benchManyDevices(stub, n(100_000, 10_000));
  const count = figures.count.toLocaleString('en');
  for (const action of ['import', 'bulk', 'export'] as const) {
    const stall = figures.stallMs[action];
    rows.push({
      id: `many.${action}.stall`,
      label: `longest stall of other calls during ${action === 'bulk' ? 'bulk deactivate' : action}, ${count} devices`,
      unit: 'ms',
      n: 1,
      median: stall,
      p95: stall,
      aim: '≤ 500 ms',
      met: stall <= 500,
      note: `the ${action} took ${Math.round(figures.durationMs[action])} ms; longest stall until it answered ${Math.round(figures.callStallMs[action])} ms, in the second after ${Math.round(figures.afterStallMs[action])} ms`,
    });
  }
  const { before, peak, after } = figures.rssMb;
  rows.push({
    id: 'many.rss',
    label: `RSS before / after (peak in note), ${count} devices`,
    unit: 'MB',
    n: 1,
    median: before,
    p95: after,
    aim: 'after ≤ before + 100 MB',
    met: after <= before + 100,
    note: `peak ${Math.round(peak)} MB`,
  });
}

function machineInfo(): Record<string, unknown> {
  const list = cpus();
  return {
    cpuModel: list[0]?.model ?? 'unknown',
    cores: list.length,
    memoryGb: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    node: process.version,
    platform: `${process.platform} ${release()}`,
  };
}

const fmt = (value: number | undefined, unit: Row['unit']) => {
  if (value === undefined || Number.isNaN(value)) return '';
  if (unit === 'x') return `${value.toFixed(2)}×`;
  if (unit === 'pushes') return String(value);
  if (unit === 'MB') return value.toFixed(0);
  return value < 10 ? value.toFixed(3) : value.toFixed(1);
};

function printTable(machine: Record<string, unknown>): void {
  const header = ['benchmark', 'unit', 'n', 'median', 'p95', 'aim', 'met'];
  const body = rows.map((r) => [
    r.label,
    r.unit,
    String(r.n),
    fmt(r.median, r.unit),
    fmt(r.p95, r.unit),
    r.aim ?? '',
    r.met === undefined ? '' : r.met ? 'yes' : 'NO',
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((b) => b[i]!.length)));
  const line = (cells: string[]) =>
    `| ${cells.map((c, i) => (i >= 2 && i <= 4 ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join(' | ')} |`;
  console.log(line(header));
  console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
  for (const b of body) console.log(line(b));
  for (const r of rows)
    if (r.p99 !== undefined) console.log(`  ${r.label.trim()}: p99 ${fmt(r.p99, r.unit)} ms`);
  for (const r of rows) if (r.note) console.log(`  ${r.label.trim()}: ${r.note}`);
  console.log(
    `machine: ${machine.cpuModel}, ${machine.cores} cores, ${machine.memoryGb} GB, Node ${machine.node}, ${machine.platform}${machine.chromium ? `, Chromium ${machine.chromium}` : ''}; mode ${SHORT ? 'short' : 'full'}`,
  );
}

async function main(): Promise<void> {
  const started = performance.now();
  const machine = machineInfo();
  log(`mode ${SHORT ? 'short' : 'full'}`);
  if (runs('config')) {
    log('config build + hash');
    await benchConfigBuild();
  }
  if (runs('create')) {
    log('device create with the bridge hanging');
    await benchCreateWhileHanging(await startBridgeStub());
  }
  if (runs('model')) {
    log('session model and power chart');
    await benchSessionModel(machine);
  }
  if (runs('live')) {
    log('live view ingest and memory');
    await benchLive();
  }
  const stub = await startBridgeStub();
  try {
    if (runs('commit')) {
      log('commit → POST');
      await benchCommitToPost(stub);
    }
    if (runs('import')) {
      log('imports');
      await benchImport(stub);
    }
    if (runs('many')) {
      log(`many devices: import, bulk, export of ${n(100_000, 10_000).toLocaleString('en')}`);
      await benchMany(stub);
    }
    if (runs('discovery') && !SKIP_BROWSER) {
      log('discovery on a broker carrying 5,000 topics');
      await benchDiscovery(stub);
    }
    if (!runs('web')) {
      // skipped
    } else if (SKIP_BROWSER) log('web host: skipped (--no-browser)');
    else {
      log('web host in headless Chromium');
      await benchWebHost(stub, machine);
    }
  } finally {
    await stub.close();
  }
  const durationS = Math.round((performance.now() - started) / 100) / 10;
  printTable(machine);
  const results = {
    generatedAt: new Date().toISOString(),
    mode: SHORT ? 'short' : 'full',
    durationS,
    machine,
    results: rows,
  };
  writeFileSync(join(ROOT, 'bench/results.json'), `${JSON.stringify(results, null, 2)}\n`);
  log(`done in ${durationS} s; wrote bench/results.json`);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error instanceof Error ? (error.stack ?? error.message) : error);
    process.exit(1);
  },
);
