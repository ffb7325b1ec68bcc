import { performance } from 'node:perf_hooks';
import type { BridgeStub } from '../tests/support/bridge-stub';
import { importFile, startBenchCore } from './fixtures';
import { COALESCING_MS, n } from './options';
import { addRow } from './report';
import { sleep, summarise, waitUntil } from './stats';

/** Importing 1,000 and 10,000 devices: time of the call, pushes it causes. */
export async function benchImport(stub: BridgeStub): Promise<void> {
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
