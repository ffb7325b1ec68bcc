import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import Papa from 'papaparse';
import { afterEach, describe, expect, it } from 'vitest';
import { DATABASE_FILE } from '../../src-main/core/db/open-database';
import { type CallInput, type Device, type DeviceFields, pickFields, type Result } from '../../src-shared';
import { type BridgeStub, startBridgeStub } from '../support/bridge-stub';
import { type Harness, startCore } from '../support/core-harness';

const ODOO_CSV = readFileSync(join(import.meta.dirname, '../support/fixtures/odoo-mqtt-device.csv'), 'utf8');

let bridge: BridgeStub | undefined;
const cores: Harness[] = [];

afterEach(async () => {
  for (const h of cores.splice(0)) await h.close();
  await bridge?.close();
  bridge = undefined;
});

/** A core with auto push off (unless asked) and a count of devices.changed events. */
async function open(options: { autoPush?: boolean } = {}) {
  bridge ??= await startBridgeStub();
  const h = await startCore({ bridgeUrl: bridge.url, autoPush: options.autoPush ?? false });
  cores.push(h);
  const changed: string[] = [];
  h.core.on('devices.changed', (e) => changed.push(e.at));
  return { h, changed };
}

const fields = (devices: readonly Device[]) =>
  devices.map(pickFields).sort((a, b) => (a.deviceId < b.deviceId ? -1 : 1));

/** The device rows as SQLite holds them, read beside the core. */
function rows(h: Harness): unknown[] {
  const db = new Database(join(h.dataDir, DATABASE_FILE), { readonly: true });
  try {
    return db.prepare('SELECT * FROM devices ORDER BY id').all();
  } finally {
    db.close();
  }
}

const importCall = (h: Harness, input: CallInput<'devices.import'>) =>
  h.call('devices.import', { dryRun: false, ...input });

/** A varied store: both parsers, an inactive device, custom values, awkward text. */
async function seed(h: Harness) {
  await h.call('devices.create', {
    name: 'Laser, "big" one',
    deviceId: 'laser-01',
    topicPattern: 'shellypmminig3-laser/#',
    notes: 'line one\nline two, with "quotes"\r\nand ümlauts ✓',
    strategyConfig: { standbyThresholdW: 12.5, workingThresholdW: 250, messageTimeoutS: 60 },
  });
  await h.call('devices.create', {
    name: 'CNC router',
    deviceId: 'cnc',
    topicPattern: 'shop/cnc/+/power',
    parserType: 'generic',
    active: false,
  });
  await h.call('devices.create', {
    name: '  Prusa\nMK4  ',
    deviceId: 'prusa_mk4',
    topicPattern: 'shellypmminig3-prusa/status/pm1:0',
    notes: '',
    strategyConfig: { startDebounceS: 0, stopDebounceS: 0.25 },
  });
  return h.call('devices.list');
}

describe('export', () => {
  it('round-trips JSON exactly: export, replace-import into an empty store, export again', async () => {
    const { h: source } = await open();
    const devices = await seed(source);
    const first = await source.call('devices.export', { format: 'json' });
    expect(first).toMatchObject({ format: 'json', count: 3 });
    expect(first.filename).toMatch(/^devices-\d{4}-\d{2}-\d{2}\.json$/);

    const { h: target } = await open();
    const report = await importCall(target, { content: first.content, mode: 'replace' });
    expect(report).toMatchObject({ applied: true, format: 'json', counts: { create: 3, refuse: 0 } });
    const second = await target.call('devices.export', { format: 'json' });

    const { exportedAt: _a, ...a } = JSON.parse(first.content);
    const { exportedAt: _b, ...b } = JSON.parse(second.content);
    expect(b).toEqual(a);
    expect(fields(await target.call('devices.list'))).toEqual(fields(devices));
  });

  it('writes CSV with one row per device, a column per field and strategy values as columns', async () => {
    const { h } = await open();
    const devices = await seed(h);
    const csv = await h.call('devices.export', { format: 'csv' });
    expect(csv).toMatchObject({ format: 'csv', count: 3 });
    const parsed = Papa.parse<Record<string, string>>(csv.content, { header: true, skipEmptyLines: true });
    expect(parsed.errors).toEqual([]);
    // The column names people see (the editor's labels, src-shared/device-labels.ts).
    expect(parsed.meta.fields).toEqual([
      'Name',
      'Device ID',
      'MQTT topic',
      'Parser',
      'Strategy',
      'Standby threshold (W)',
      'Working threshold (W)',
      'Start debounce (s)',
      'Stop debounce (s)',
      'Message timeout (s)',
      'Active',
      'Notes',
    ]);
    expect(parsed.data).toHaveLength(devices.length);
    const laser = parsed.data.find((r) => r['Device ID'] === 'laser-01')!;
    expect(laser).toMatchObject({
      Name: 'Laser, "big" one',
      Notes: 'line one\nline two, with "quotes"\r\nand ümlauts ✓',
      'Standby threshold (W)': '12.5',
      'Working threshold (W)': '250',
      Active: 'true',
    });
    // The quoting itself: commas and quotes inside a quoted field, quotes doubled.
    expect(csv.content).toContain('"Laser, ""big"" one"');
  });

  it('re-imports its own CSV to the same devices', async () => {
    const { h: source } = await open();
    const devices = await seed(source);
    const csv = await source.call('devices.export', { format: 'csv' });
    const { h: target } = await open();
    const report = await importCall(target, { content: csv.content });
    expect(report).toMatchObject({ applied: true, format: 'csv', counts: { create: 3, refuse: 0 } });
    expect(fields(await target.call('devices.list'))).toEqual(fields(devices));
  });

  it('guards text a spreadsheet would run as a formula, and takes the guard off again on import', async () => {
    const { h: source } = await open();
    await source.call('devices.create', {
      name: '=HYPERLINK("http://evil.example","Laser")',
      deviceId: 'laser-01',
      topicPattern: 'shellypmminig3-laser/#',
      notes: '@SUM(1+1)',
    });
    const csv = await source.call('devices.export', { format: 'csv' });
    const row = Papa.parse<Record<string, string>>(csv.content, { header: true, skipEmptyLines: true })
      .data[0]!;
    expect(row.Name).toBe(`'=HYPERLINK("http://evil.example","Laser")`);
    expect(row.Notes).toBe(`'@SUM(1+1)`);
    const { h: target } = await open();
    await importCall(target, { content: csv.content });
    const [device] = await target.call('devices.list');
    expect(device).toMatchObject({ name: '=HYPERLINK("http://evil.example","Laser")', notes: '@SUM(1+1)' });
  });
});

describe('import: files from elsewhere', () => {
  it('reads an Odoo mqtt.device export: snake_case columns, JSON strategy_config, True/False, extra columns ignored', async () => {
    const { h } = await open();
    const report = await importCall(h, { content: ODOO_CSV, format: 'auto' });
    expect(report.rows.filter((r) => r.action === 'refuse')).toEqual([]);
    expect(report).toMatchObject({ applied: true, format: 'csv', counts: { create: 4 } });
    const byId = new Map((await h.call('devices.list')).map((d) => [d.deviceId, pickFields(d)]));
    expect(byId.get('laser-01')).toEqual<DeviceFields>({
      name: 'Laser Cutter',
      deviceId: 'laser-01',
      topicPattern: 'shellypmminig3-laser/#',
      parserType: 'shelly_pm',
      strategy: 'power_threshold',
      strategyConfig: {
        standbyThresholdW: 10,
        workingThresholdW: 250,
        startDebounceS: 5,
        stopDebounceS: 30,
        messageTimeoutS: 60,
      },
      active: true,
      notes: '',
    });
    expect(byId.get('cnc-router')).toMatchObject({ name: 'CNC Router, big', parserType: 'generic' });
    expect(byId.get('prusa-mk4-2')).toMatchObject({
      active: false,
      strategyConfig: { workingThresholdW: 40 },
    });
    // An empty strategy_config cell takes the defaults.
    expect(byId.get('band-saw')?.strategyConfig).toEqual({
      standbyThresholdW: 20,
      workingThresholdW: 100,
      startDebounceS: 3,
      stopDebounceS: 15,
      messageTimeoutS: 20,
    });
  });

  it('handles a byte-order mark before CSV and JSON', async () => {
    const { h } = await open();
    const csv = '\uFEFFname,deviceId,topicPattern\nBOM saw,bom-saw,bom/#\n';
    expect(await importCall(h, { content: csv })).toMatchObject({ applied: true, counts: { create: 1 } });
    const json = `\uFEFF${JSON.stringify([{ name: 'BOM lathe', deviceId: 'bom-lathe', topicPattern: 'lathe/#' }])}`;
    expect(await importCall(h, { content: json })).toMatchObject({
      applied: true,
      format: 'json',
      counts: { create: 1 },
    });
    expect((await h.call('devices.list')).map((d) => d.deviceId).sort()).toEqual(['bom-lathe', 'bom-saw']);
  });
});

describe('import: dry run, merge and replace', () => {
  it('reports created, updated, unchanged and refused with lines and field errors on a dry run, and writes nothing', async () => {
    const { h, changed } = await open();
    await seed(h);
    changed.length = 0;
    const before = rows(h);
    const csv = [
      'name,deviceId,topicPattern,workingThresholdW',
      'Laser renamed,laser-01,shellypmminig3-laser/#,300', // line 2: update
      'CNC router,cnc,shop/cnc/+/power,', // line 3: unchanged (empty cell = not given)
      'New drill,drill,drill/#,', // line 4: create
      'Bad one,BAD ID,bad/#/x,', // line 5: refused
    ].join('\n');
    const report = await h.call('devices.import', { content: csv });
    expect(report.dryRun).toBe(true);
    expect(report.applied).toBe(false);
    expect(report.counts).toEqual({ create: 1, update: 1, unchanged: 1, delete: 0, refuse: 1 });
    expect(report.rows).toEqual([
      {
        line: 2,
        action: 'update',
        deviceId: 'laser-01',
        name: 'Laser renamed',
        changes: [
          { field: 'name', from: 'Laser, "big" one', to: 'Laser renamed' },
          { field: 'strategyConfig.workingThresholdW', from: 250, to: 300 },
        ],
      },
      { line: 3, action: 'unchanged', deviceId: 'cnc', name: 'CNC router' },
      { line: 4, action: 'create', deviceId: 'drill', name: 'New drill' },
      {
        line: 5,
        action: 'refuse',
        deviceId: 'BAD ID',
        name: 'Bad one',
        fieldErrors: { deviceId: expect.any(String), topicPattern: expect.stringContaining('#') },
      },
    ]);
    expect(rows(h)).toEqual(before);
    expect(changed).toEqual([]);
  });

  it('updates by deviceId on merge and leaves the fields the file does not name as they were', async () => {
    const { h } = await open();
    await seed(h);
    const before = new Map((await h.call('devices.list')).map((d) => [d.deviceId, d]));
    const csv = 'device_id,name,working_threshold_w\nlaser-01,Laser v2,400\nnew-one,Newcomer,\n';
    const report = await importCall(h, { content: csv });
    // "new-one" names no topic: a create needs one, so the whole import is refused and nothing written.
    expect(report).toMatchObject({ applied: false, counts: { update: 1, refuse: 1 } });
    expect(rows(h)).toHaveLength(3);

    const fixed = await importCall(h, {
      content: 'device_id,name,working_threshold_w\nlaser-01,Laser v2,400\n',
    });
    expect(fixed).toMatchObject({ applied: true, mode: 'merge', counts: { update: 1 } });
    const after = new Map((await h.call('devices.list')).map((d) => [d.deviceId, d]));
    const laser = after.get('laser-01')!;
    expect(laser.id).toBe(before.get('laser-01')!.id);
    expect(pickFields(laser)).toEqual({
      ...pickFields(before.get('laser-01')!),
      name: 'Laser v2',
      strategyConfig: { ...before.get('laser-01')!.strategyConfig, workingThresholdW: 400 },
    });
    // Untouched devices stay as they were, and merge deletes nothing.
    expect(after.get('cnc')).toEqual(before.get('cnc'));
    expect(after.size).toBe(3);
  });

  it('deletes the devices the file does not hold on replace', async () => {
    const { h } = await open();
    await seed(h);
    const content = JSON.stringify({
      devices: [{ name: 'CNC router', deviceId: 'cnc', topicPattern: 'cnc/#' }],
    });
    const report = await importCall(h, { content, mode: 'replace' });
    expect(report).toMatchObject({ applied: true, mode: 'replace', counts: { update: 1, delete: 2 } });
    expect(report.rows.filter((r) => r.action === 'delete')).toEqual([
      expect.objectContaining({ line: null, deviceId: 'laser-01' }),
      expect.objectContaining({ line: null, deviceId: 'prusa_mk4' }),
    ]);
    expect((await h.call('devices.list')).map((d) => [d.deviceId, d.topicPattern])).toEqual([
      ['cnc', 'cnc/#'],
    ]);
  });

  it('writes nothing on a real import with any refused row', async () => {
    const { h, changed } = await open();
    await seed(h);
    changed.length = 0;
    const before = rows(h);
    const content = JSON.stringify([
      { name: 'Fine', deviceId: 'fine', topicPattern: 'fine/#' },
      { name: 'Laser', deviceId: 'laser-01', topicPattern: 'shellypmminig3-laser/#', notes: 'changed' },
      {
        name: 'Inverted',
        deviceId: 'inverted',
        topicPattern: 'inv/#',
        strategyConfig: { standbyThresholdW: 200, workingThresholdW: 100 },
      },
    ]);
    const report = await importCall(h, { content, mode: 'replace' });
    expect(report).toMatchObject({
      dryRun: false,
      applied: false,
      counts: { create: 1, update: 1, refuse: 1 },
    });
    expect(report.rows.find((r) => r.action === 'refuse')).toMatchObject({
      line: 3,
      fieldErrors: { 'strategyConfig.workingThresholdW': expect.stringContaining('200') },
    });
    expect(rows(h)).toEqual(before);
    expect(changed).toEqual([]);
  });

  it('refuses a deviceId that appears twice in the file, naming the other line', async () => {
    const { h } = await open();
    const csv = 'name,deviceId,topicPattern\nA,twin,a/#\nB,other,b/#\nC,twin,c/#\n';
    const report = await importCall(h, { content: csv });
    expect(report.applied).toBe(false);
    expect(report.rows.find((r) => r.action === 'refuse')).toEqual({
      line: 4,
      action: 'refuse',
      deviceId: 'twin',
      name: 'C',
      fieldErrors: { deviceId: expect.stringContaining('line 2') },
    });
    expect(rows(h)).toEqual([]);
  });
});

describe('import: one transaction, one push', () => {
  it('imports 1,000 devices in one commit that the bridge receives as one POST carrying all 1,000', async () => {
    const { h, changed } = await open({ autoPush: true });
    const start = await h.call('sync.status');
    bridge!.clearRequests();
    const devices = Array.from({ length: 1000 }, (_, i) => ({
      name: `Meter ${i}`,
      deviceId: `meter-${String(i).padStart(4, '0')}`,
      topicPattern: `shellypmminig3-m${i}/#`,
    }));
    const report = await importCall(h, { content: JSON.stringify(devices) });
    expect(report).toMatchObject({ applied: true, counts: { create: 1000 } });
    expect(changed).toHaveLength(1);
    const synced = await h.waitForStatus(
      (s) => s.state === 'in_sync' && s.acknowledgedRevision === s.desiredRevision,
      15_000,
    );
    // One commit moves the desired revision by exactly one.
    expect(synced.desiredRevision).toBe(start.desiredRevision + 1);
    const posts = bridge!.requestsTo('POST /config');
    expect(posts).toHaveLength(1);
    expect((posts[0]!.body as { devices: unknown[] }).devices).toHaveLength(1000);
  });
});

describe('import: refused files', () => {
  it.each([
    ['invalid JSON', { content: '{"devices": [', format: 'auto' }, /not valid JSON/],
    ['JSON without a device list', { content: '{"devices": 5}', format: 'json' }, /no device list/],
    ['CSV without a header', { content: '\n\n', format: 'csv' }, /no header/],
  ])('answers %s with a field error on content', async (_what, input, why) => {
    const { h } = await open();
    const result = (await h.core.invoke('devices.import', { ...input, dryRun: false })) as Result<unknown>;
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(!result.ok && result.error.fieldErrors?.content).toMatch(why);
  });

  it('refuses empty content through the schema', async () => {
    const { h } = await open();
    const result = await h.core.invoke('devices.import', { content: '' });
    expect(result).toMatchObject({
      ok: false,
      error: { code: 'invalid_input', fieldErrors: { content: expect.stringContaining('empty') } },
    });
  });
});

describe('import: input hygiene (issue 9 §7)', () => {
  const header = 'name,deviceId,topicPattern,standbyThresholdW,workingThresholdW,notes';

  it('reads 0x10, 0b11, Infinity and 1_0 in a CSV as text, refused as not a number, never as 16', async () => {
    const { h } = await open();
    const csv = [
      header,
      'Hex,hex,hex/#,0x10,100,',
      'Bin,bin,bin/#,0b11,100,',
      'Inf,inf,inf/#,1,Infinity,',
      'Sep,sep,sep/#,1_0,100,',
      'Fine,fine,fine/#,1e1,+100.5,',
    ].join('\n');
    const report = await importCall(h, { content: csv, format: 'csv', dryRun: true });
    expect(report.rows.map((r) => [r.deviceId, r.action, r.fieldErrors])).toEqual([
      ['hex', 'refuse', { 'strategyConfig.standbyThresholdW': 'must be a number (watts)' }],
      ['bin', 'refuse', { 'strategyConfig.standbyThresholdW': 'must be a number (watts)' }],
      ['inf', 'refuse', { 'strategyConfig.workingThresholdW': 'must be a number (watts)' }],
      ['sep', 'refuse', { 'strategyConfig.standbyThresholdW': 'must be a number (watts)' }],
      ['fine', 'create', undefined],
    ]);
  });

  it('refuses values past the bounds or with too many decimals, keyed by field', async () => {
    const { h } = await open();
    const csv = [
      header,
      'Huge,huge,huge/#,1,1.79e308,',
      'Tiny,tiny,tiny/#,1e-320,100,',
      'Small,small,small/#,1e-7,100,',
    ].join('\n');
    const report = await importCall(h, { content: csv, format: 'csv', dryRun: false });
    expect(report.applied).toBe(false);
    expect(report.rows.map((r) => r.fieldErrors)).toEqual([
      { 'strategyConfig.workingThresholdW': 'must be at most 100,000 W' },
      { 'strategyConfig.standbyThresholdW': 'must have at most 2 decimals' },
      { 'strategyConfig.standbyThresholdW': 'must have at most 2 decimals' },
    ]);
    expect(rows(h)).toEqual([]);
  });

  it('imports a CSV mixing CRLF and LF rows without a stray \\r, keeping a CR LF inside a quoted note', async () => {
    const { h } = await open();
    const csv = `${header}\r\nA,a,a/#,1,100,first\nB,b,b/#,2,200,second\r\nC,c,c/#,3,300,"two\r\nlines"\nD,d,d/#,4,400,last\r\n`;
    const report = await importCall(h, { content: csv, format: 'csv' });
    expect(report).toMatchObject({ applied: true, counts: { create: 4, refuse: 0 } });
    const list = await h.call('devices.list');
    expect(list.map((d) => [d.deviceId, d.notes, d.strategyConfig.workingThresholdW])).toEqual([
      ['a', 'first', 100],
      ['b', 'second', 200],
      ['c', 'two\r\nlines', 300],
      ['d', 'last', 400],
    ]);
    // Starting with LF rows and going on with CRLF ones works the same.
    const { h: other } = await open();
    const flipped = `${header}\nA,a,a/#,1,100,first\r\nB,b,b/#,2,200,second\n`;
    expect(await importCall(other, { content: flipped, format: 'csv' })).toMatchObject({ applied: true });
    expect((await other.call('devices.list')).map((d) => d.notes)).toEqual(['first', 'second']);
  });

  it('names an unknown key by its own name, also __proto__ and constructor, never "[object Object]"', async () => {
    const { h } = await open();
    const base = { name: 'A', deviceId: 'a', topicPattern: 'a/#' };
    const content = `[${JSON.stringify(base).slice(0, -1)},"__proto__":1},${JSON.stringify({ ...base, deviceId: 'b' }).slice(0, -1)},"constructor":2}]`;
    const report = await importCall(h, { content, format: 'json', dryRun: true });
    expect(report.rows.map((r) => r.fieldErrors)).toEqual([
      Object.fromEntries([['__proto__', 'is not a known field']]),
      { constructor: 'is not a known field' },
    ]);
    expect(JSON.stringify(report)).not.toContain('[object Object]');
  });
});
