import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { createConfSettings } from '../../src-main/core/conf-settings';
import { createWorkshopCore } from '../../src-main/core/create-workshop-core';
import { DATABASE_FILE } from '../../src-main/core/db/open-database';
import { silentLogger } from '../../src-main/core/ports';
import { traceFromCsv, traceToCsv } from '../../src-main/core/trace-csv';
import type { WorkshopCore } from '../../src-main/core/workshop-core-types';
import type { PowerTrace, SavedTrace, TraceExport, TraceInfo } from '../../src-shared';
import { error, value } from '../support/result-values';
import { tempDirs } from '../support/temp-dir';

const dirs = tempDirs('workshop-traces-');
const cores: WorkshopCore[] = [];
afterEach(async () => {
  for (const core of cores.splice(0)) await core.close({ timeoutMs: 1000 });
  dirs.cleanup();
});

const T0 = Date.parse('2026-12-02T08:00:00.000Z');

function makeCore(dataDir = dirs.make()) {
  const settings = createConfSettings({ cwd: dataDir, logger: silentLogger });
  settings.set({ bridgeUrl: 'http://127.0.0.1:9', autoPush: false });
  const core = createWorkshopCore({
    dataDir,
    settings,
    logger: () => silentLogger,
    clock: { now: () => T0 + 3_600_000, setTimeout: () => 0, clearTimeout: () => {} },
  });
  cores.push(core);
  return { core, dataDir };
}

/** A 12 h trace at 1 Hz with a job every hour and the meter going offline once. */
function laserTrace(): PowerTrace {
  const samples = [];
  for (let i = 0; i < 43_200; i++) samples.push({ at: T0 + i * 1000, watts: i % 3600 < 1200 ? 850.5 : 4.2 });
  return {
    samples,
    online: [
      { at: T0 + 20_000_000, online: false },
      { at: T0 + 20_100_000, online: true },
    ],
  };
}

describe('saved traces (traces.* on the real core and SQLite)', () => {
  it('saves, lists, opens and deletes a trace; it survives a restart', async () => {
    const { core, dataDir } = makeCore();
    const trace = laserTrace();
    const info = value<TraceInfo>(
      await core.invoke('traces.save', {
        name: ' Laser Tuesday ',
        deviceId: 'laser-01',
        endAt: T0 + 43_200_000,
        trace,
      }),
    );
    expect(info).toMatchObject({
      name: 'Laser Tuesday',
      deviceId: 'laser-01',
      source: 'live',
      sampleCount: 43_200,
      firstAt: T0,
      lastAt: T0 + 43_199_000,
      endAt: T0 + 43_200_000,
      savedAt: new Date(T0 + 3_600_000).toISOString(),
    });
    value(
      await core.invoke('traces.save', {
        name: 'CNC',
        deviceId: 'cnc-01',
        endAt: T0 + 5000,
        trace: { samples: [{ at: T0, watts: 1 }], online: [] },
      }),
    );
    expect(
      value<TraceInfo[]>(await core.invoke('traces.list', { deviceId: 'laser-01' })).map((t) => t.name),
    ).toEqual(['Laser Tuesday']);
    expect(value<TraceInfo[]>(await core.invoke('traces.list', null))).toHaveLength(2);

    await core.close();
    const again = makeCore(dataDir).core;
    const saved = value<SavedTrace>(await again.invoke('traces.get', { id: info.id }));
    expect(saved.trace).toEqual(trace);
    expect(value(await again.invoke('traces.delete', { id: info.id }))).toEqual({ id: info.id });
    expect(error(await again.invoke('traces.get', { id: info.id })).code).toBe('not_found');
    expect(error(await again.invoke('traces.delete', { id: info.id })).code).toBe('not_found');
    expect(value<TraceInfo[]>(await again.invoke('traces.list', null)).map((t) => t.name)).toEqual(['CNC']);
  });

  it('keeps the samples compressed: 12 h at 1 Hz takes well under 1 MB on disk', async () => {
    const { core, dataDir } = makeCore();
    value(
      await core.invoke('traces.save', { name: 'big', deviceId: 'laser-01', endAt: T0, trace: laserTrace() }),
    );
    const raw = new Database(join(dataDir, DATABASE_FILE), { readonly: true });
    const { bytes } = raw.prepare('SELECT length(trace) AS bytes FROM power_traces').get() as {
      bytes: number;
    };
    raw.close();
    expect(bytes).toBeLessThan(1_000_000);
  });

  it('refuses a bad save naming the field, and stores nothing', async () => {
    const { core } = makeCore();
    const empty = error(
      await core.invoke('traces.save', {
        name: 'x',
        deviceId: 'laser-01',
        endAt: T0,
        trace: { samples: [], online: [] },
      }),
    );
    expect(empty.fieldErrors).toEqual({ 'trace.samples': 'holds no readings yet' });
    const noName = error(
      await core.invoke('traces.save', { name: '  ', deviceId: 'laser-01', endAt: T0, trace: laserTrace() }),
    );
    expect(noName.fieldErrors).toMatchObject({ name: 'is required' });
    const nan = error(
      await core.invoke('traces.save', {
        name: 'n',
        deviceId: 'Laser 01',
        endAt: T0,
        trace: { samples: [{ at: T0, watts: 'x' }], online: [] },
      }),
    );
    expect(Object.keys(nan.fieldErrors ?? {}).sort()).toEqual(['deviceId', 'trace.samples.0.watts']);
    expect(value<TraceInfo[]>(await core.invoke('traces.list', null))).toEqual([]);
  });

  it('exports CSV that imports back to the same trace', async () => {
    const { core } = makeCore();
    const trace = laserTrace();
    const info = value<TraceInfo>(
      await core.invoke('traces.save', { name: 'Laser / Tuesday', deviceId: 'laser-01', endAt: T0, trace }),
    );
    const file = value<TraceExport>(await core.invoke('traces.export', { id: info.id }));
    expect(file.fileName).toBe('laser-01-Laser-Tuesday.csv');
    expect(file.content.split('\n').slice(0, 3)).toEqual([
      'time,watts,online',
      '2026-12-02T08:00:00.000Z,850.5,',
      '2026-12-02T08:00:01.000Z,850.5,',
    ]);
    expect(file.content).toContain(`${new Date(T0 + 20_000_000).toISOString()},,false`);
    const imported = value<TraceInfo>(
      await core.invoke('traces.import', { name: 'back', deviceId: 'laser-02', csv: file.content }),
    );
    expect(imported).toMatchObject({
      source: 'import',
      deviceId: 'laser-02',
      sampleCount: 43_200,
      endAt: T0 + 43_199_000,
    });
    expect(value<SavedTrace>(await core.invoke('traces.get', { id: imported.id })).trace).toEqual(trace);
  });

  it('imports milliseconds or zoned ISO times, and refuses a bad CSV naming the line, storing nothing', async () => {
    const { core } = makeCore();
    const ok = value<TraceInfo>(
      await core.invoke('traces.import', {
        name: 'hand-made',
        deviceId: 'cnc-01',
        csv: '\uFEFFTime,Watts\n1764662400000,5\n2025-12-02T08:00:01+01:00,300\n',
      }),
    );
    expect(ok.sampleCount).toBe(2);
    const cases: Array<[string, RegExp]> = [
      ['time,watts\n2026-12-02 08:00,5\n', /line 2: time "2026-12-02 08:00" is neither/],
      ['time,watts\n1000,5\n2000,lots\n', /line 3: watts "lots" is not a number/],
      ['at,power\n1000,5\n', /first line must name the columns time,watts/],
      ['time,watts,online\n1000,,maybe\n', /line 2: online must be true or false/],
      ['time,watts,online\n1000,,false\n', /holds no readings/],
      ['time,watts\n1000,\n', /line 2: has neither watts nor online/],
    ];
    for (const [csv, why] of cases) {
      const e = error(await core.invoke('traces.import', { name: 'bad', deviceId: 'cnc-01', csv }));
      expect(e.code).toBe('invalid_input');
      expect(e.fieldErrors?.csv).toMatch(why);
    }
    expect(value<TraceInfo[]>(await core.invoke('traces.list', null)).map((t) => t.name)).toEqual([
      'hand-made',
    ]);
  });
});

describe('trace CSV', () => {
  it('writes a reading before an online change at the same instant, and reads them back in that order', () => {
    const trace: PowerTrace = {
      samples: [
        { at: 0, watts: 1.5 },
        { at: 1000, watts: -2 },
      ],
      online: [{ at: 1000, online: false }],
    };
    const csv = traceToCsv(trace);
    expect(csv).toBe(
      'time,watts,online\n1970-01-01T00:00:00.000Z,1.5,\n1970-01-01T00:00:01.000Z,-2,\n1970-01-01T00:00:01.000Z,,false\n',
    );
    expect(traceFromCsv(csv)).toEqual(trace);
  });
});
