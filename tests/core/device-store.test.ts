import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Db, openDatabase } from '../../src-main/core/db/open-database';
import { DeviceStore } from '../../src-main/core/device-store';
import type { Clock } from '../../src-main/core/ports';
import { DEFAULT_STRATEGY_CONFIG, type DeviceFields } from '../../src-shared/device';
import { AppFailure } from '../../src-shared/result';
import { tempDirs } from '../support/temp-dir';

const dirs = tempDirs('workshop-store-');

/** A clock that moves one second per reading, so created and updated times differ visibly. */
function steppingClock(): Clock {
  let t = Date.parse('2026-11-29T10:00:00.000Z');
  return { now: () => (t += 1000), setTimeout: () => 0, clearTimeout: () => {} };
}

const fields = (overrides: Partial<DeviceFields> = {}): DeviceFields => ({
  name: 'Laser cutter',
  deviceId: 'laser-01',
  topicPattern: 'shellypmmini-laser/#',
  parserType: 'shelly_pm',
  strategy: 'power_threshold',
  strategyConfig: { ...DEFAULT_STRATEGY_CONFIG },
  active: true,
  notes: '',
  ...overrides,
});

let db: Db;
let store: DeviceStore;
let commits: number;

beforeEach(() => {
  db = openDatabase(dirs.make());
  store = new DeviceStore(db, steppingClock());
  commits = 0;
  store.onCommit(() => commits++);
});

afterEach(() => {
  db.$client.close();
  dirs.cleanup();
});

/** Every row exactly as SQLite holds it. */
const rawRows = () => db.$client.prepare('SELECT * FROM devices ORDER BY id').all();

/** Runs `fn`, expecting an AppFailure; returns it. */
function failure(fn: () => unknown): AppFailure {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(AppFailure);
    return error as AppFailure;
  }
  throw new Error('expected an AppFailure, but the call succeeded');
}

const ISO_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

describe('creating devices', () => {
  it('stores a device and gives it an id and UTC timestamps', () => {
    const device = store.create(fields());
    expect(device).toMatchObject({ ...fields(), id: expect.any(Number) });
    expect(device.createdAt).toMatch(ISO_UTC);
    expect(device.updatedAt).toBe(device.createdAt);
    expect(store.get(device.id)).toEqual(device);
  });

  it('keeps the strategy config, notes and active flag exactly as given', () => {
    const cfg = {
      standbyThresholdW: 2.5,
      workingThresholdW: 40,
      startDebounceS: 0,
      stopDebounceS: 60,
      messageTimeoutS: 0.5,
    };
    const device = store.create(fields({ strategyConfig: cfg, active: false, notes: 'Fräse — „Notiz" 😀' }));
    expect(store.get(device.id)).toMatchObject({
      strategyConfig: cfg,
      active: false,
      notes: 'Fräse — „Notiz" 😀',
    });
  });

  it('stores the name trimmed', () => {
    expect(store.create(fields({ name: '  Laser  ' })).name).toBe('Laser');
  });

  it('refuses a second device with the same device ID, naming the field, and stores nothing', () => {
    store.create(fields());
    const before = rawRows();
    const error = failure(() => store.create(fields({ name: 'Another laser' })));
    expect(error.code).toBe('conflict');
    expect(error.fieldErrors).toEqual({ deviceId: 'is already used by "Laser cutter"' });
    expect(rawRows()).toEqual(before);
  });

  it('refuses invalid fields, naming each, and stores nothing', () => {
    store.create(fields());
    const before = rawRows();
    const error = failure(() =>
      store.create(
        fields({
          name: ' ',
          deviceId: 'Bad ID',
          topicPattern: 'a/+/b',
          strategyConfig: { ...DEFAULT_STRATEGY_CONFIG, standbyThresholdW: 100 },
          notes: 'x'.repeat(2001),
        }),
      ),
    );
    expect(error.code).toBe('invalid_input');
    expect(Object.keys(error.fieldErrors ?? {}).sort()).toEqual([
      'deviceId',
      'name',
      'notes',
      'strategyConfig.workingThresholdW',
      'topicPattern',
    ]);
    expect(rawRows()).toEqual(before);
    expect(commits).toBe(1);
  });
});

describe('listing and reading', () => {
  it('lists every device by name, ignoring case, then by device ID', () => {
    store.create(fields({ name: 'router', deviceId: 'cnc' }));
    store.create(fields({ name: 'Printer', deviceId: 'p-2' }));
    store.create(fields({ name: 'Printer', deviceId: 'p-1' }));
    store.create(fields({ name: 'Laser', deviceId: 'laser', active: false }));
    expect(store.list().map((d) => d.deviceId)).toEqual(['laser', 'p-1', 'p-2', 'cnc']);
  });

  it('lists only active devices for the bridge', () => {
    store.create(fields({ deviceId: 'a' }));
    store.create(fields({ deviceId: 'b', active: false }));
    expect(store.listActive().map((d) => d.deviceId)).toEqual(['a']);
  });

  it('answers not_found for an id that names no device', () => {
    expect(failure(() => store.get(999)).code).toBe('not_found');
  });
});

describe('updating devices', () => {
  it('changes only the fields in the patch and moves updatedAt', () => {
    const created = store.create(fields({ notes: 'keep me' }));
    const updated = store.update(created.id, { name: 'Laser 2' });
    expect(updated).toEqual({ ...created, name: 'Laser 2', updatedAt: updated.updatedAt });
    expect(updated.updatedAt > created.updatedAt).toBe(true);
    expect(store.get(created.id)).toEqual(updated);
  });

  it('merges a partial strategy config into the stored one', () => {
    const created = store.create(
      fields({ strategyConfig: { ...DEFAULT_STRATEGY_CONFIG, startDebounceS: 7 } }),
    );
    const updated = store.update(created.id, { strategyConfig: { workingThresholdW: 250 } });
    expect(updated.strategyConfig).toEqual({
      ...DEFAULT_STRATEGY_CONFIG,
      startDebounceS: 7,
      workingThresholdW: 250,
    });
  });

  it('refuses a patch that puts standby at or above working, on workingThresholdW, and changes nothing', () => {
    const created = store.create(fields());
    const before = rawRows();
    const error = failure(() => store.update(created.id, { strategyConfig: { standbyThresholdW: 100 } }));
    expect(error.code).toBe('invalid_input');
    expect(Object.keys(error.fieldErrors ?? {})).toEqual(['strategyConfig.workingThresholdW']);
    expect(rawRows()).toEqual(before);
    expect(commits).toBe(1);
  });

  it('refuses a patch whose topic no longer fits a new parser type, and changes nothing', () => {
    const created = store.create(fields({ parserType: 'generic', topicPattern: 'a/+/b' }));
    const before = rawRows();
    const error = failure(() => store.update(created.id, { parserType: 'shelly_pm' }));
    expect(Object.keys(error.fieldErrors ?? {})).toEqual(['topicPattern']);
    expect(rawRows()).toEqual(before);
  });

  it('refuses taking another device ID, as a conflict on deviceId, and changes nothing', () => {
    store.create(fields({ deviceId: 'a', name: 'A' }));
    const b = store.create(fields({ deviceId: 'b', name: 'B' }));
    const before = rawRows();
    const error = failure(() => store.update(b.id, { deviceId: 'a' }));
    expect(error.code).toBe('conflict');
    expect(error.fieldErrors).toEqual({ deviceId: 'is already used by "A"' });
    expect(rawRows()).toEqual(before);
  });

  it('lets a device keep its own device ID and rename it to a free one', () => {
    const created = store.create(fields());
    expect(store.update(created.id, { deviceId: 'laser-01', name: 'X' }).deviceId).toBe('laser-01');
    expect(store.update(created.id, { deviceId: 'laser-02' }).deviceId).toBe('laser-02');
  });

  it('sets a device inactive and active again', () => {
    const created = store.create(fields());
    expect(store.update(created.id, { active: false }).active).toBe(false);
    expect(store.listActive()).toEqual([]);
    expect(store.update(created.id, { active: true }).active).toBe(true);
    expect(store.listActive().map((d) => d.id)).toEqual([created.id]);
  });

  it('answers not_found for an id that names no device, and announces nothing', () => {
    expect(failure(() => store.update(999, { name: 'x' })).code).toBe('not_found');
    expect(commits).toBe(0);
  });

  it('writes and announces nothing when the patch changes nothing', () => {
    const created = store.create(fields());
    const unchanged = store.update(created.id, {
      name: 'Laser cutter',
      strategyConfig: { workingThresholdW: 100 },
    });
    expect(unchanged.updatedAt).toBe(created.updatedAt);
    expect(commits).toBe(1);
  });
});

describe('deleting devices', () => {
  it('deletes a device, which then is not found', () => {
    const created = store.create(fields());
    expect(store.delete(created.id)).toEqual({ id: created.id });
    expect(store.list()).toEqual([]);
    expect(failure(() => store.get(created.id)).code).toBe('not_found');
  });

  it('answers not_found for an id that names no device', () => {
    store.create(fields());
    const before = rawRows();
    expect(failure(() => store.delete(999)).code).toBe('not_found');
    expect(rawRows()).toEqual(before);
    expect(commits).toBe(1);
  });

  it('frees the device ID for a new device', () => {
    const created = store.create(fields());
    store.delete(created.id);
    expect(store.create(fields()).deviceId).toBe('laser-01');
  });
});

describe('commit announcements', () => {
  it('announces each committed create, update and delete once', () => {
    const created = store.create(fields());
    expect(commits).toBe(1);
    store.update(created.id, { notes: 'changed' });
    expect(commits).toBe(2);
    store.delete(created.id);
    expect(commits).toBe(3);
  });

  it('announces a transaction of many writes once, after it committed', () => {
    let rowsSeenByListener = -1;
    store.onCommit(() => {
      rowsSeenByListener = store.list().length;
    });
    store.transaction(() => {
      for (let i = 0; i < 5; i++) store.create(fields({ deviceId: `d-${i}` }));
      store.update(store.findByDeviceId('d-0')!.id, { name: 'First' });
      expect(commits).toBe(0);
    });
    expect(commits).toBe(1);
    expect(rowsSeenByListener).toBe(5);
  });

  it('never announces a rolled-back transaction, and keeps none of its writes', () => {
    store.create(fields({ deviceId: 'kept' }));
    const before = rawRows();
    expect(() =>
      store.transaction(() => {
        store.create(fields({ deviceId: 'a' }));
        store.create(fields({ deviceId: 'b' }));
        store.create(fields({ deviceId: 'kept' })); // conflict: the whole transaction rolls back
      }),
    ).toThrow(AppFailure);
    expect(rawRows()).toEqual(before);
    expect(commits).toBe(1);
  });

  it('announces nothing left over from a rolled-back transaction, and the next committed write once', () => {
    expect(() =>
      store.transaction(() => {
        store.create(fields({ deviceId: 'a' }));
        throw new Error('abandon');
      }),
    ).toThrow('abandon');
    expect(commits).toBe(0);
    // A transaction that writes nothing must not inherit the rolled-back one's changes.
    store.transaction(() => store.list());
    expect(commits).toBe(0);
    store.create(fields({ deviceId: 'b' }));
    expect(commits).toBe(1);
    expect(store.list().map((d) => d.deviceId)).toEqual(['b']);
  });

  it('announces a transaction whose only writes were refused as nothing', () => {
    store.transaction(() => {
      expect(() => store.create(fields({ name: '' }))).toThrow(AppFailure);
    });
    expect(commits).toBe(0);
  });

  it('stops announcing to a listener that unsubscribed', () => {
    let heard = 0;
    const off = store.onCommit(() => heard++);
    store.create(fields({ deviceId: 'a' }));
    off();
    store.create(fields({ deviceId: 'b' }));
    expect(heard).toBe(1);
    expect(commits).toBe(2);
  });
});
