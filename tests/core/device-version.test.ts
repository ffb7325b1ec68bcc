/**
 * Optimistic concurrency for device edits: an update names the version (updatedAt) it was based on, and a
 * device saved meanwhile refuses it with a `conflict`, in the store and through the contract.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createConfSettings } from '../../src-main/core/conf-settings';
import { createWorkshopCore } from '../../src-main/core/create-workshop-core';
import { openDatabase } from '../../src-main/core/db/open-database';
import { DeviceStore } from '../../src-main/core/device-store';
import { silentLogger } from '../../src-main/core/ports';
import type { WorkshopCore } from '../../src-main/core/workshop-core-types';
import { DEFAULT_STRATEGY_CONFIG, type Device, type Result } from '../../src-shared';
import { AppFailure } from '../../src-shared/result';
import { tempDirs } from '../support/temp-dir';

const dirs = tempDirs('workshop-version-');
const closers: Array<() => unknown> = [];

afterEach(async () => {
  for (const close of closers.splice(0)) await close();
  dirs.cleanup();
});

const laserFields = {
  name: 'Laser cutter',
  deviceId: 'laser-01',
  topicPattern: 'shellypmmini-laser/#',
  parserType: 'shelly_pm' as const,
  strategy: 'power_threshold' as const,
  strategyConfig: { ...DEFAULT_STRATEGY_CONFIG, workingThresholdW: 150 },
  active: true,
  notes: '',
};

/** A store whose clock never moves: every save happens in the same millisecond. */
function frozenStore() {
  const db = openDatabase(dirs.make());
  closers.push(() => db.$client.close());
  const at = Date.parse('2026-12-02T10:00:00.000Z');
  return new DeviceStore(db, { now: () => at, setTimeout: () => 0, clearTimeout: () => {} });
}

describe('device store: update based on a version', () => {
  it('refuses an update based on an older version, naming baseUpdatedAt, and changes nothing', () => {
    const store = frozenStore();
    const opened = store.create(laserFields);
    // Tab B saves 200 W while tab A still edits the version it opened.
    const saved = store.update(opened.id, { strategyConfig: { workingThresholdW: 200 } }, opened.updatedAt);
    expect(saved.updatedAt).not.toBe(opened.updatedAt);

    let failure: unknown;
    try {
      store.update(opened.id, { notes: 'new belt' }, opened.updatedAt);
    } catch (error) {
      failure = error;
    }
    expect(failure).toBeInstanceOf(AppFailure);
    expect((failure as AppFailure).code).toBe('conflict');
    expect((failure as AppFailure).fieldErrors).toHaveProperty('baseUpdatedAt');
    expect(store.get(opened.id)).toEqual(saved);
    expect(store.get(opened.id).strategyConfig.workingThresholdW).toBe(200);
  });

  it('accepts an update based on the current version, and each save gives a new version even in one millisecond', () => {
    const store = frozenStore();
    const a = store.create(laserFields);
    const b = store.update(a.id, { notes: 'one' }, a.updatedAt);
    const c = store.update(a.id, { notes: 'two' }, b.updatedAt);
    expect(new Set([a.updatedAt, b.updatedAt, c.updatedAt]).size).toBe(3);
    expect(c.notes).toBe('two');
  });

  it('without a version the update is applied as before (inline toggles, bulk, import)', () => {
    const store = frozenStore();
    const a = store.create(laserFields);
    store.update(a.id, { notes: 'elsewhere' });
    expect(store.update(a.id, { active: false }).active).toBe(false);
  });
});

describe('devices.update through the contract', () => {
  function makeCore(): WorkshopCore {
    const dataDir = dirs.make();
    const settings = createConfSettings({ cwd: dataDir, logger: silentLogger });
    settings.set({ bridgeUrl: 'http://127.0.0.1:9', autoPush: false });
    const core = createWorkshopCore({
      dataDir,
      settings,
      logger: () => silentLogger,
      sync: { debounceMs: 60_000, maxWaitMs: 60_000 },
      push: { retries: 0, timeoutMs: 2000 },
    });
    closers.push(() => core.close({ timeoutMs: 1000 }));
    return core;
  }
  const value = <T>(r: Result<unknown>) => {
    if (!r.ok) throw new Error(JSON.stringify(r.error));
    return r.value as T;
  };

  it('two windows: the second save based on the old version is refused with conflict; the first one stands', async () => {
    const core = makeCore();
    const opened = value<Device>(
      await core.invoke('devices.create', { ...laserFields, strategyConfig: { workingThresholdW: 150 } }),
    );
    value(
      await core.invoke('devices.update', {
        id: opened.id,
        patch: { strategyConfig: { workingThresholdW: 200 } },
        baseUpdatedAt: opened.updatedAt,
      }),
    );
    const stale = await core.invoke('devices.update', {
      id: opened.id,
      patch: { notes: 'new belt' },
      baseUpdatedAt: opened.updatedAt,
    });
    expect(stale.ok).toBe(false);
    if (stale.ok) return;
    expect(stale.error.code).toBe('conflict');
    expect(stale.error.message).toContain('Laser cutter');
    const now = value<Device>(await core.invoke('devices.get', { id: opened.id }));
    expect(now.strategyConfig.workingThresholdW).toBe(200);
    expect(now.notes).toBe('');
  });

  it('refuses a baseUpdatedAt that is not text, naming the field', async () => {
    const core = makeCore();
    const created = value<Device>(await core.invoke('devices.create', laserFields));
    const r = await core.invoke('devices.update', { id: created.id, patch: {}, baseUpdatedAt: 5 });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.fieldErrors).toHaveProperty('baseUpdatedAt');
  });
});
