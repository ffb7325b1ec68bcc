import { buildBridgeConfig } from '../src-main/core/build-bridge-config';
import { storedDevices } from './fixtures';
import { n } from './options';
import { addRow, rows } from './report';
import { summarise, timeMany } from './stats';

/** Building + hashing the bridge config vs bare JSON.stringify of the same payload. */
export async function benchConfigBuild(): Promise<void> {
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
