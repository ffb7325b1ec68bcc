import type { BridgeStub } from '../tests/support/bridge-stub';
import { deviceInput, importFile, startBenchCore } from './fixtures';
import { COALESCING_MS, n } from './options';
import { addRow } from './report';
import { sleep, summarise, timeMany } from './stats';

/** One device create through the core while the bridge hangs every push. */
export async function benchCreateWhileHanging(stub: BridgeStub): Promise<void> {
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
