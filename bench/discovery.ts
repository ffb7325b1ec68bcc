/**
 * Discover meters on a busy broker: 5,000 meter topics publishing once a second each (5,000 messages/s through an
 * embedded aedes broker in this process) while the web host's discovery listens and the page stays open.
 * Measured: the search keystroke → repaint in the page (as the web-host bench), a `discovery.state` call's
 * round trip, and the host's CPU and RSS before and during discovery.
 */
import { readFileSync, rmSync } from 'node:fs';
import { connectAsync } from 'mqtt';
import type { Page } from 'playwright-core';
import type { DiscoveryState } from '../src-shared';
import type { BridgeStub } from '../tests/support/bridge-stub';
import { CHROMIUM_PATH } from '../tests/support/chromium';
import { startEmbeddedBroker } from '../tests/support/embedded-broker';
import { seededDataDir } from './fixtures';
import { n } from './options';
import { measureKeystrokes } from './page-probes';
import { addRow } from './report';
import { sleep, summarise } from './stats';
import {
  apiCall,
  CHROMIUM_ARGS,
  ensureRendererBuilt,
  type RunningHost,
  rssOf,
  startWebHost,
} from './web-host';

export interface DiscoveryBenchResult {
  keystrokesMs: number[];
  stateCallMs: number[];
  /** Host CPU in % of one core while discovery listened. */
  hostCpuPct: number;
  rssBeforeMb: number;
  rssDuringMb: number;
  published: number;
  heard: number;
  found: number;
  leftOut: number;
}

const TOPICS = 5_000;
const TICKS_PER_S = 10;

/** Host process CPU seconds (user + system) from /proc (Linux). */
function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100; // utime, stime in clock ticks (100 Hz)
}

export async function benchDiscoveryOnBusyBroker(options: {
  host: RunningHost;
  page: Page;
  measureKeystrokes(page: Page, count: number): Promise<number[]>;
  keystrokes: number;
  seconds: number;
}): Promise<DiscoveryBenchResult> {
  const { host, page } = options;
  const pid = host.child.pid!;
  const broker = await startEmbeddedBroker();
  const publisher = await connectAsync(broker.url, { reconnectPeriod: 0, clientId: 'bench-publisher' });
  let published = 0;
  let stopped = false;
  // Each tick publishes a tenth of the topics, so every topic is published once a second.
  const publishing = (async () => {
    let tick = 0;
    while (!stopped) {
      const started = Date.now();
      const from = (tick % TICKS_PER_S) * (TOPICS / TICKS_PER_S);
      for (let i = from; i < from + TOPICS / TICKS_PER_S; i++) {
        const watts = Math.round(Math.random() * 20_000) / 10;
        publisher.publish(`bench/meter-${i}/status/pm1:0`, `{"id":0,"apower":${watts},"voltage":230.1}`);
        published++;
      }
      tick++;
      await sleep(Math.max(0, 1000 / TICKS_PER_S - (Date.now() - started)));
    }
  })();
  try {
    await apiCall(host, 'settings.update', { brokerUrl: broker.url });
    await sleep(2000);
    const rssBefore = rssOf(pid)?.rssMb ?? Number.NaN;
    const cpu0 = cpuSeconds(pid);
    const t0 = Date.now();
    await apiCall(host, 'discovery.start', { seconds: options.seconds + 30 });
    await sleep(3000);
    const keystrokesMs = await options.measureKeystrokes(page, options.keystrokes);
    const stateCallMs: number[] = [];
    let last: DiscoveryState | null = null;
    while (Date.now() - t0 < options.seconds * 1000) {
      const s = performance.now();
      last = await apiCall<DiscoveryState>(host, 'discovery.state');
      stateCallMs.push(performance.now() - s);
      await sleep(500);
    }
    const hostCpuPct = ((cpuSeconds(pid) - cpu0) / ((Date.now() - t0) / 1000)) * 100;
    const rssDuring = rssOf(pid)?.rssMb ?? Number.NaN;
    await apiCall(host, 'discovery.stop');
    return {
      keystrokesMs,
      stateCallMs,
      hostCpuPct,
      rssBeforeMb: rssBefore,
      rssDuringMb: rssDuring,
      published,
      heard: last?.messages ?? 0,
      found: last?.meters.length ?? 0,
      leftOut: last?.leftOut ?? 0,
    };
  } finally {
    stopped = true;
    await publishing;
    await publisher.endAsync();
    await apiCall(host, 'settings.update', { brokerUrl: '' }).catch(() => {});
    await broker.close();
  }
}

/** Discover meters on a broker carrying 5,000 topics at 1 message/s each, the page open on 5,000 devices. */
export async function benchDiscovery(stub: BridgeStub): Promise<void> {
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
