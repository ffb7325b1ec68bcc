/**
 * `npm run bench [-- --short]`: the figures of issue 6 "Benchmarks" — median and p95 of each, beside its aim.
 * Numbers, not pass/fail: it prints a table and writes bench/results.json (gitignored) with the machine's
 * details. `--short` runs fewer iterations (CI); the figures are noisier but come from the same code paths.
 *
 * Everything runs on loopback: the bridge is tests/support/bridge-stub.ts, the browser headless Chromium.
 * Each section lives in its own file (bench/<section>.ts); this runs those asked for and writes the report
 * (bench/report.ts).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { startBridgeStub } from '../tests/support/bridge-stub';
import { benchCommitToPost } from './commit-to-post';
import { benchConfigBuild } from './config-build';
import { benchCreateWhileHanging } from './create-while-hanging';
import { benchDiscovery } from './discovery';
import { benchImport } from './imports';
import { benchLive } from './live-ingest';
import { benchMany } from './many-devices';
import { n, runs, SHORT, SKIP_BROWSER } from './options';
import { log, machineInfo, printTable, rows } from './report';
import { benchSessionModel } from './session-model';
import { benchWebHost } from './web-figures';
import { ROOT } from './web-host';

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
