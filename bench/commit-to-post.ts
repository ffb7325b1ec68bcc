import type { BridgeStub } from '../tests/support/bridge-stub';
import { deviceInput, startBenchCore } from './fixtures';
import { COALESCING_MS, n } from './options';
import { addRow } from './report';
import { sleep, summarise, waitUntil } from './stats';

/** Change committed → POST received by a loopback bridge (production coalescing window). */
export async function benchCommitToPost(stub: BridgeStub): Promise<void> {
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
