/**
 * Import, bulk actions and export of many devices run in slices (issue 9 §6): other calls are answered while they
 * run, a change committed meanwhile is neither lost nor overwritten, and the result is the same as all at once.
 * Order of answers is checked, never time (the stall itself is measured by `npm run bench -- --only=many`).
 */
import Papa from 'papaparse';
import { afterEach, describe, expect, it } from 'vitest';
import {
  desiredDevices,
  desiredDevicesInSlices,
  hashBridgeDevices,
} from '../../src-main/core/build-bridge-config';
import { CSV_HEADER } from '../../src-main/core/device-csv';
import { EXPORT_MARKER, exportDevices } from '../../src-main/core/import-export';
import { noTurn } from '../../src-main/core/in-slices';
import {
  type BridgeConfig,
  DEFAULT_STRATEGY_CONFIG,
  type Device,
  LABELLED_FIELDS,
  pickFields,
  type StrategyConfig,
  toBridgeDevices,
} from '../../src-shared';
import { type BridgeStub, startBridgeStub } from '../support/bridge-stub';
import { type Harness, startCore } from '../support/core-harness';

let bridge: BridgeStub | undefined;
let h: Harness | undefined;

afterEach(async () => {
  await h?.close();
  await bridge?.close();
  h = undefined;
  bridge = undefined;
});

/** Enough devices for several slices (src-main/core/in-slices.ts SLICE_SIZE is 1,000). */
const COUNT = 3_500;

const device = (i: number) => ({
  name: `Machine ${String(i).padStart(5, '0')}`,
  deviceId: `m-${String(i).padStart(5, '0')}`,
  topicPattern: `shellypmmini-m${i}/#`,
  active: i % 10 !== 9,
});
const file = (count: number) =>
  JSON.stringify({ devices: Array.from({ length: count }, (_, i) => device(i)) });

async function open() {
  bridge = await startBridgeStub();
  h = await startCore({ bridgeUrl: bridge.url, autoPush: false });
  const changed: string[] = [];
  h.core.on('devices.changed', (e) => changed.push(e.at));
  return { h, changed };
}

/** Runs `call` and writes `label` into `order` when it answers. */
function track<T>(order: string[], label: string, call: Promise<T>): Promise<T> {
  return call.then((value) => {
    order.push(label);
    return value;
  });
}

describe('many devices: other calls are answered meanwhile', () => {
  it('answers a list and a create while a large import runs; the import then counts the new device as stored', async () => {
    const { h, changed } = await open();
    const order: string[] = [];
    const importing = track(
      order,
      'import',
      h.call('devices.import', { content: file(COUNT), format: 'json', dryRun: false }),
    );
    expect(await track(order, 'list', h.call('devices.list'))).toEqual([]);
    // The file holds m-00007 too: the import must see this device, committed while it was under way.
    const mine = await track(order, 'create', h.call('devices.create', { ...device(7), name: 'By hand' }));
    expect(order).toEqual(['list', 'create']);
    const report = await importing;

    expect(order).toEqual(['list', 'create', 'import']);
    expect(report.counts).toEqual({ create: COUNT - 1, update: 1, unchanged: 0, delete: 0, refuse: 0 });
    expect(report.rows.find((r) => r.deviceId === 'm-00007')).toMatchObject({
      action: 'update',
      changes: [{ field: 'name', from: 'By hand', to: 'Machine 00007' }],
    });
    const stored = await h.call('devices.list');
    expect(stored).toHaveLength(COUNT);
    expect(stored.find((d) => d.deviceId === 'm-00007')).toMatchObject({
      id: mine.id,
      name: 'Machine 00007',
    });
    expect(changed).toHaveLength(2);
  });

  it('answers a get while a bulk action on every device runs, and keeps a rename committed meanwhile', async () => {
    const { h, changed } = await open();
    await h.call('devices.import', { content: file(COUNT), format: 'json', dryRun: false });
    const all = await h.call('devices.list');
    const target = all.find((d) => d.deviceId === 'm-00042')!;
    changed.length = 0;
    const order: string[] = [];
    const bulk = track(
      order,
      'bulk',
      h.call('devices.bulk', { ids: all.map((d) => d.id), action: { kind: 'deactivate' } }),
    );
    const got = track(order, 'get', h.call('devices.get', { id: target.id }));
    const renamed = track(
      order,
      'update',
      h.call('devices.update', { id: target.id, patch: { name: 'Renamed' } }),
    );
    const [result] = await Promise.all([bulk, got, renamed]);

    expect(order).toEqual(['get', 'update', 'bulk']);
    expect(result).toEqual({ changed: all.filter((d) => d.active).length, deleted: 0 });
    const after = await h.call('devices.get', { id: target.id });
    expect(after).toMatchObject({ name: 'Renamed', active: false });
    expect((await h.call('devices.list')).filter((d) => d.active)).toEqual([]);
    expect(changed).toHaveLength(2);
  });

  it('answers a status call while a large export is written', async () => {
    const { h } = await open();
    await h.call('devices.import', { content: file(COUNT), format: 'json', dryRun: false });
    const order: string[] = [];
    const exported = track(order, 'export', h.call('devices.export', { format: 'json' }));
    const status = track(order, 'status', h.call('sync.status'));
    const [result] = await Promise.all([exported, status]);
    expect(order).toEqual(['status', 'export']);
    expect(result.count).toBe(COUNT);
  });
});

describe('many devices: the live view follows in slices', () => {
  it('listens to every active device of a large import at once, its rows sent in several events', async () => {
    const { h } = await open();
    const active = Array.from({ length: COUNT }, (_, i) => device(i)).filter((d) => d.active);
    const sent = new Set<number>();
    const events: number[] = [];
    const allSent = new Promise<void>((resolve) =>
      h.core.on('live.overview', (e) => {
        events.push(e.devices.length);
        for (const row of e.devices) sent.add(row.id);
        if (sent.size === active.length) resolve();
      }),
    );
    await h.call('devices.import', { content: file(COUNT), format: 'json', dryRun: false });
    await allSent;
    expect(events.length).toBeGreaterThan(1);
    expect(Math.max(...events)).toBeLessThanOrEqual(2000);
    const overview = await h.call('live.overview');
    expect(overview.devices.map((d) => d.deviceId).sort()).toEqual(active.map((d) => d.deviceId).sort());
  });
});

describe('many devices: the same result as all at once', () => {
  /** Awkward text across slice borders: quotes, commas, line breaks, formulae, accents and emoji. */
  const devices: Device[] = Array.from({ length: 2_345 }, (_, i) => ({
    id: i + 1,
    name: [`Machine ${i}`, `=SUM(A${i})`, `Ünïcode "${i}", ✓`, `multi\nline ${i}`][i % 4] as string,
    deviceId: `d-${i}`,
    topicPattern: `shop/${i}/power`,
    parserType: i % 3 === 0 ? 'generic' : 'shelly_pm',
    strategy: 'power_threshold',
    strategyConfig: { ...DEFAULT_STRATEGY_CONFIG, workingThresholdW: 100 + (i % 17) / 4 },
    active: i % 5 !== 0,
    notes: i % 6 === 0 ? `note, with "quotes"\r\nand more ${i}` : '',
    createdAt: '2026-12-01T00:00:00.000Z',
    updatedAt: '2026-12-01T00:00:00.000Z',
  }));
  const at = new Date('2026-12-03T08:00:00.000Z');

  it('writes the JSON export slice by slice as one JSON.stringify would', async () => {
    for (const list of [devices, devices.slice(0, 1), []]) {
      const whole = `${JSON.stringify({ format: EXPORT_MARKER, version: 1, exportedAt: at.toISOString(), devices: list.map(pickFields) }, null, 2)}\n`;
      expect((await exportDevices(list, 'json', at)).content).toBe(whole);
    }
  });

  it('writes the CSV export slice by slice as one Papa.unparse would', async () => {
    for (const list of [devices, []]) {
      const data = list.map((d) =>
        LABELLED_FIELDS.map((field) =>
          field === 'active'
            ? String(d.active)
            : field in d.strategyConfig
              ? d.strategyConfig[field as keyof StrategyConfig]
              : d[field as keyof Device],
        ),
      );
      const fields = [...CSV_HEADER];
      const whole = `${Papa.unparse({ fields, data }, { newline: '\n', escapeFormulae: true })}\n`;
      expect((await exportDevices(list, 'csv', at)).content).toBe(whole);
    }
  });

  it('lists many devices in the order of name, then device id, as the one-go list does', async () => {
    const { h } = await open();
    const shuffled = Array.from({ length: COUNT }, (_, i) => ({
      ...device(i),
      name: ['b', 'A', 'a', 'Ä', 'c'][(i * 7) % 5] as string,
    }));
    await h.call('devices.import', { content: JSON.stringify(shuffled), format: 'json', dryRun: false });
    const list = await h.call('devices.list');
    const expected = [...list].sort(
      (a, b) =>
        a.name.localeCompare(b.name, undefined, { sensitivity: 'base' }) ||
        (a.deviceId < b.deviceId ? -1 : a.deviceId > b.deviceId ? 1 : 0),
    );
    expect(list.map((d) => d.deviceId)).toEqual(expected.map((d) => d.deviceId));
  });
});

/** The desired config of the stored devices, built in one go. */
async function builtInOneGo(h: Harness) {
  return desiredDevices(await h.call('devices.list'));
}

// After a commit to a large store sync rebuilds its desired config in slices: a push after the commit carries the
// whole new config (never the one before, never half of one), and the sliced config is the one built in one go.
describe('many devices: the desired config after a large commit', () => {
  it('pushes the whole new config when a push is asked for right after a large import', async () => {
    const { h } = await open();
    await h.call('devices.import', { content: file(COUNT), format: 'json', dryRun: false });
    // Asked at once: the rebuild in slices has not ended yet, the push must wait for it.
    const outcome = await h.call('sync.push');
    expect(outcome.ok).toBe(true);
    const [request] = (bridge as BridgeStub).requestsTo('POST /config');
    const sent = request?.body as BridgeConfig;
    const expected = await builtInOneGo(h);
    expect(sent.devices).toHaveLength(
      Array.from({ length: COUNT }, (_, i) => device(i)).filter((d) => d.active).length,
    );
    expect(sent.config_hash).toBe(expected.hash);
    expect(sent.devices).toEqual(expected.devices);
    // The log keeps what it carried (its payload written in slices and gzipped off the host's thread).
    const logged = (await h.call('sync.history', { limit: 1 }))[0]?.attempts.at(-1);
    const detail = await h.call('sync.pushDetail', { id: logged?.id ?? -1 });
    expect(detail.diff?.added.map((d) => d.device_id)).toEqual(expected.devices.map((d) => d.device_id));
    const status = await h.call('sync.status');
    expect(status).toMatchObject({
      state: 'in_sync',
      desiredHash: expected.hash,
      acknowledgedHash: expected.hash,
    });
  });

  it('includes a device created while the rebuild ran in the preview and the push that follow', async () => {
    const { h } = await open();
    await h.call('devices.import', { content: file(COUNT), format: 'json', dryRun: false });
    // Asked together: the status call starts the rebuild in slices (it answers with the state before), and the
    // create commits while that rebuild runs.
    const before = h.call('sync.status');
    const late = { name: 'Late', deviceId: 'zz-late', topicPattern: 'shellypmmini-late/#' };
    await h.call('devices.create', { ...late, strategyConfig: DEFAULT_STRATEGY_CONFIG });
    await before;
    const preview = await h.call('config.preview');
    const expected = await builtInOneGo(h);
    expect(preview.config.config_hash).toBe(expected.hash);
    expect(preview.config.devices.at(-1)?.device_id).toBe('zz-late');
    await h.call('sync.push');
    const sent = (bridge as BridgeStub).requestsTo('POST /config').at(-1)?.body as BridgeConfig;
    expect(sent.config_hash).toBe(expected.hash);
    expect((await h.call('sync.status')).state).toBe('in_sync');
  });

  it('builds in slices the same devices and hash as in one go, across slice boundaries', async () => {
    const devices: Device[] = Array.from({ length: 2_345 }, (_, i) => ({
      ...device(i),
      id: i + 1,
      name: `Maschine ${i} Größe`,
      deviceId: `d-${String((i * 613) % 2_345).padStart(4, '0')}-${i % 3 === 0 ? 'ä' : 'a'}`,
      parserType: 'shelly_pm',
      strategy: 'power_threshold',
      strategyConfig: { ...DEFAULT_STRATEGY_CONFIG, workingThresholdW: 10 + (i % 97) },
      notes: '',
      createdAt: '2026-12-03T00:00:00.000Z',
      updatedAt: '2026-12-03T00:00:00.000Z',
    }));
    for (const count of [0, 1, 999, 1_000, 1_001, 2_345]) {
      const some = devices.slice(0, count);
      const sliced = await desiredDevicesInSlices(some, noTurn);
      expect(sliced).toEqual(desiredDevices(some));
      expect(sliced.hash).toBe(hashBridgeDevices(toBridgeDevices(some)));
    }
  });
});
