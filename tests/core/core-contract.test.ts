import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createConfSettings } from '../../src-main/core/conf-settings';
import { createWorkshopCore, StoreOpenError } from '../../src-main/core/create-workshop-core';
import { DATABASE_FILE } from '../../src-main/core/db/open-database';
import { silentLogger } from '../../src-main/core/ports';
import type { WorkshopCore } from '../../src-main/core/workshop-core-types';
import type { CallName, ConfigPreview, Device, Settings } from '../../src-shared';
import { type BridgeStub, startBridgeStub } from '../support/bridge-stub';
import { error, value } from '../support/result-values';
import { tempDirs } from '../support/temp-dir';

/** A port nothing listens on: any push that slipped through fails fast and touches nothing. */
const CLOSED_BRIDGE = 'http://127.0.0.1:9';

const dirs = tempDirs('workshop-core-');
const cores: WorkshopCore[] = [];
let stub: BridgeStub | null = null;

afterEach(async () => {
  for (const core of cores.splice(0)) await core.close({ timeoutMs: 1000 });
  await stub?.close();
  stub = null;
  dirs.cleanup();
});

function makeCore(options: { dataDir?: string; bridgeUrl?: string; autoPush?: boolean } = {}) {
  const dataDir = options.dataDir ?? dirs.make();
  const settings = createConfSettings({ cwd: dataDir, logger: silentLogger });
  settings.set({ bridgeUrl: options.bridgeUrl ?? CLOSED_BRIDGE, autoPush: options.autoPush ?? false });
  const core = createWorkshopCore({
    dataDir,
    settings,
    logger: () => silentLogger,
    sync: { debounceMs: 60_000, maxWaitMs: 60_000 },
    push: { retries: 0, timeoutMs: 2000 },
  });
  cores.push(core);
  return { core, dataDir };
}

const laser = { name: 'Laser cutter', deviceId: 'laser-01', topicPattern: 'shellypmmini-laser/#' };

describe('the contract through invoke', () => {
  it('answers an unknown channel with unknown_channel', async () => {
    const { core } = makeCore();
    // A host's bug or a hand-made request: the name is checked at run time, whatever the type said.
    for (const channel of ['devices.explode', '__proto__', 'toString'])
      expect(error(await core.invoke(channel as CallName, {})).code).toBe('unknown_channel');
  });

  it('accepts null, {} or nothing for calls without input, and refuses anything else', async () => {
    const { core } = makeCore();
    for (const input of [null, {}, undefined])
      expect((await core.invoke('devices.list', input)).ok).toBe(true);
    const refused = error(await core.invoke('devices.list', { filter: 'x' }));
    expect(refused.code).toBe('invalid_input');
    expect(refused.fieldErrors).toEqual({ filter: 'is not a known field' });
  });

  it.each<CallName>(['devices.list', 'config.preview', 'settings.get', 'sync.status', 'sync.history'])(
    'answers the input-less call %s with a value',
    async (channel) => {
      const { core } = makeCore();
      expect((await core.invoke(channel, null)).ok).toBe(true);
    },
  );

  it('creates a device with the defaults filled in, and lists and gets it', async () => {
    const { core } = makeCore();
    const created = value<Device>(await core.invoke('devices.create', laser));
    expect(created).toMatchObject({
      ...laser,
      parserType: 'shelly_pm',
      strategy: 'power_threshold',
      strategyConfig: {
        standbyThresholdW: 20,
        workingThresholdW: 100,
        startDebounceS: 3,
        stopDebounceS: 15,
        messageTimeoutS: 20,
      },
      active: true,
      notes: '',
    });
    expect(value<Device[]>(await core.invoke('devices.list', null))).toEqual([created]);
    expect(value<Device>(await core.invoke('devices.get', { id: created.id }))).toEqual(created);
  });

  it('refuses invalid device input with invalid_input and a message per field, storing nothing', async () => {
    const { core } = makeCore();
    const refused = error(
      await core.invoke('devices.create', {
        name: '',
        deviceId: '-Laser',
        topicPattern: 'a/+/b',
        strategyConfig: { standbyThresholdW: -1, messageTimeoutS: 0 },
      }),
    );
    expect(refused.code).toBe('invalid_input');
    expect(Object.keys(refused.fieldErrors ?? {}).sort()).toEqual([
      'deviceId',
      'name',
      'strategyConfig.messageTimeoutS',
      'strategyConfig.standbyThresholdW',
      'topicPattern',
    ]);
    expect(refused.message).toMatch(/^devices\.create: /);
    expect(value<Device[]>(await core.invoke('devices.list', {}))).toEqual([]);
  });

  it('refuses a duplicate device ID as a conflict on deviceId', async () => {
    const { core } = makeCore();
    value(await core.invoke('devices.create', laser));
    const refused = error(await core.invoke('devices.create', { ...laser, name: 'Second laser' }));
    expect(refused.code).toBe('conflict');
    expect(Object.keys(refused.fieldErrors ?? {})).toEqual(['deviceId']);
    expect(value<Device[]>(await core.invoke('devices.list', {}))).toHaveLength(1);
  });

  it('refuses malformed ids for get, update and delete', async () => {
    const { core } = makeCore();
    for (const id of ['1', 0, -1, 1.5, null]) {
      const refused = error(await core.invoke('devices.get', { id }));
      expect(refused.code).toBe('invalid_input');
      expect(Object.keys(refused.fieldErrors ?? {})).toEqual(['id']);
    }
    expect(error(await core.invoke('devices.update', { id: 'x', patch: {} })).fieldErrors).toHaveProperty(
      'id',
    );
    expect(error(await core.invoke('devices.delete', {})).fieldErrors).toHaveProperty('id');
  });

  it('updates a device partially, strategy config included, and refuses a patch that breaks it', async () => {
    const { core } = makeCore();
    const created = value<Device>(await core.invoke('devices.create', laser));
    const updated = value<Device>(
      await core.invoke('devices.update', {
        id: created.id,
        patch: { notes: 'new tube', strategyConfig: { workingThresholdW: 300 } },
      }),
    );
    expect(updated).toMatchObject({
      notes: 'new tube',
      name: laser.name,
      strategyConfig: { standbyThresholdW: 20, workingThresholdW: 300 },
    });

    const refused = error(
      await core.invoke('devices.update', {
        id: created.id,
        patch: { strategyConfig: { standbyThresholdW: 300 } },
      }),
    );
    expect(refused.code).toBe('invalid_input');
    expect(Object.keys(refused.fieldErrors ?? {})).toEqual(['strategyConfig.workingThresholdW']);

    const unknownField = error(
      await core.invoke('devices.update', { id: created.id, patch: { colour: 'red' } }),
    );
    expect(unknownField.fieldErrors).toEqual({ 'patch.colour': 'is not a known field' });

    const badValue = error(await core.invoke('devices.update', { id: created.id, patch: { name: '   ' } }));
    expect(badValue.code).toBe('invalid_input');
    expect(badValue.fieldErrors).toHaveProperty('name');

    expect(value<Device>(await core.invoke('devices.get', { id: created.id }))).toEqual(updated);
  });

  it('deletes a device, after which get, update and delete answer not_found', async () => {
    const { core } = makeCore();
    const created = value<Device>(await core.invoke('devices.create', laser));
    expect(value(await core.invoke('devices.delete', { id: created.id }))).toEqual({ id: created.id });
    expect(error(await core.invoke('devices.get', { id: created.id })).code).toBe('not_found');
    expect(error(await core.invoke('devices.update', { id: created.id, patch: { name: 'x' } })).code).toBe(
      'not_found',
    );
    expect(error(await core.invoke('devices.delete', { id: created.id })).code).toBe('not_found');
  });

  it('announces devices.changed once per committed change, never for a refused one', async () => {
    const { core } = makeCore();
    const heard: unknown[] = [];
    core.on('devices.changed', (payload) => heard.push(payload));
    const created = value<Device>(await core.invoke('devices.create', laser));
    await core.invoke('devices.create', laser); // conflict
    await core.invoke('devices.create', { ...laser, deviceId: 'BAD' }); // invalid
    await core.invoke('devices.update', { id: created.id, patch: { notes: 'x' } });
    await core.invoke('devices.update', { id: created.id, patch: { notes: 'x' } }); // no change
    await core.invoke('devices.delete', { id: created.id });
    await core.invoke('devices.delete', { id: created.id }); // not found
    expect(heard).toHaveLength(3);
    expect(heard[0]).toEqual({ at: expect.stringMatching(/Z$/) });
  });

  it('keeps devices across a restart of the core on the same data directory', async () => {
    const { core, dataDir } = makeCore();
    const created = value<Device>(await core.invoke('devices.create', laser));
    await core.close();
    const again = makeCore({ dataDir }).core;
    expect(value<Device[]>(await again.invoke('devices.list', {}))).toEqual([created]);
  });

  it('refuses to start on a damaged database, leaving it as it was', () => {
    const dataDir = dirs.make();
    const bytes = Buffer.from('definitely not sqlite '.repeat(300));
    writeFileSync(join(dataDir, DATABASE_FILE), bytes);
    expect(() => makeCore({ dataDir })).toThrow(StoreOpenError);
    expect(readFileSync(join(dataDir, DATABASE_FILE)).equals(bytes)).toBe(true);
  });

  it('answers unavailable after close', async () => {
    const { core } = makeCore();
    await core.close();
    expect(error(await core.invoke('devices.list', {})).code).toBe('unavailable');
  });
});

describe('config.preview', () => {
  it('shows the payload that would be pushed, with only active devices, ordered by device_id', async () => {
    const { core } = makeCore();
    value(await core.invoke('devices.create', { ...laser, deviceId: 'z-laser' }));
    value(
      await core.invoke('devices.create', {
        name: 'CNC',
        deviceId: 'a-cnc',
        topicPattern: 'shellypmmini-cnc/status/pm1:0',
      }),
    );
    value(
      await core.invoke('devices.create', {
        name: 'Off',
        deviceId: 'm-off',
        topicPattern: 'x/#',
        active: false,
      }),
    );
    const preview = value<ConfigPreview>(await core.invoke('config.preview', null));
    expect(preview.config.version).toBe('1.0');
    expect(preview.config.config_hash).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(preview.config.devices.map((d) => [d.device_id, d.mqtt_topic])).toEqual([
      ['a-cnc', 'shellypmmini-cnc/status/pm1:0'],
      ['z-laser', 'shellypmmini-laser/status/pm1:0'],
    ]);
    expect(preview.pending).toBe(true);
    expect(preview.acknowledgedRevision).toBeNull();
    // Nothing acknowledged yet: every device counts as added.
    expect(preview.diff.added.map((d) => d.device_id)).toEqual(['a-cnc', 'z-laser']);
    expect(preview.diff.removed).toEqual([]);
    expect(preview.diff.changed).toEqual([]);
  });

  it('shows devices added, removed and changed since the config the bridge acknowledged', async () => {
    stub = await startBridgeStub();
    const { core } = makeCore({ bridgeUrl: stub.url });
    const a = value<Device>(await core.invoke('devices.create', { ...laser, deviceId: 'a' }));
    const b = value<Device>(await core.invoke('devices.create', { ...laser, deviceId: 'b' }));
    const pushed = value<{ ok: boolean }>(await core.invoke('sync.push', null));
    expect(pushed.ok).toBe(true);
    const inSync = value<ConfigPreview>(await core.invoke('config.preview', null));
    expect(inSync.pending).toBe(false);
    expect(inSync.diff).toEqual({ added: [], removed: [], turnedOff: [], turnedOn: [], changed: [] });

    value(await core.invoke('devices.delete', { id: a.id }));
    value(
      await core.invoke('devices.update', { id: b.id, patch: { name: 'Laser B', notes: 'not on the wire' } }),
    );
    value(await core.invoke('devices.create', { ...laser, deviceId: 'c' }));

    const preview = value<ConfigPreview>(await core.invoke('config.preview', {}));
    expect(preview.pending).toBe(true);
    expect(preview.acknowledgedRevision).toBe(inSync.acknowledgedRevision);
    expect(preview.diff.added.map((d) => d.device_id)).toEqual(['c']);
    expect(preview.diff.removed.map((d) => d.device_id)).toEqual(['a']);
    expect(preview.diff.changed).toEqual([
      { device_id: 'b', fields: [{ field: 'name', from: 'Laser cutter', to: 'Laser B' }] },
    ]);
  });

  it('stays in sync after an edit the bridge would not notice', async () => {
    stub = await startBridgeStub();
    const { core } = makeCore({ bridgeUrl: stub.url });
    const a = value<Device>(await core.invoke('devices.create', laser));
    value(await core.invoke('sync.push', null));
    const before = value<ConfigPreview>(await core.invoke('config.preview', null));
    value(await core.invoke('devices.update', { id: a.id, patch: { notes: 'only a note' } }));
    const after = value<ConfigPreview>(await core.invoke('config.preview', null));
    expect(after.pending).toBe(false);
    expect(after.config.config_hash).toBe(before.config.config_hash);
    expect(after.config.revision).toBe(before.config.revision);
  });
});

describe('settings through invoke', () => {
  it('reads the preferences and changes a subset, keeping it across a restart', async () => {
    const { core, dataDir } = makeCore();
    expect(value<Settings>(await core.invoke('settings.get', null))).toEqual({
      bridgeUrl: CLOSED_BRIDGE,
      autoPush: false,
      notifications: 'errors',
      bridgeToken: '',
      brokerUrl: '',
      brokerUsername: '',
      brokerPassword: '',
    });
    const heard: Settings[] = [];
    core.on('settings.changed', (s) => heard.push(s));
    const updated = value<Settings>(
      await core.invoke('settings.update', { bridgeUrl: 'http://127.0.0.1:10/', notifications: 'off' }),
    );
    expect(updated).toEqual({
      bridgeUrl: 'http://127.0.0.1:10',
      autoPush: false,
      notifications: 'off',
      bridgeToken: '',
      brokerUrl: '',
      brokerUsername: '',
      brokerPassword: '',
    });
    expect(heard).toEqual([updated]);
    expect(value<Settings>(await core.invoke('settings.get', {}))).toEqual(updated);
    await core.close();
    expect(createConfSettings({ cwd: dataDir }).get()).toEqual(updated);
  });

  it.each(['ftp://bridge', 'http://', 'garbage', 'http://user:pass@bridge:8080'])(
    'refuses the bridge URL %j with a clear message and keeps the old one',
    async (bridgeUrl) => {
      const { core } = makeCore();
      const refused = error(await core.invoke('settings.update', { bridgeUrl }));
      expect(refused.code).toBe('invalid_input');
      expect(refused.fieldErrors?.bridgeUrl).toMatch(/http|URL|user/);
      expect(value<Settings>(await core.invoke('settings.get', null)).bridgeUrl).toBe(CLOSED_BRIDGE);
    },
  );

  it('refuses an unknown preference or a bad value, changing nothing', async () => {
    const { core } = makeCore();
    const before = value<Settings>(await core.invoke('settings.get', null));
    expect(error(await core.invoke('settings.update', { theme: 'dark' })).fieldErrors).toEqual({
      theme: 'is not a known field',
    });
    expect(
      error(await core.invoke('settings.update', { autoPush: 'yes', notifications: 'x' })).fieldErrors,
    ).toEqual({
      autoPush: 'must be true or false',
      notifications: 'must be "all", "errors" or "off"',
    });
    expect(value<Settings>(await core.invoke('settings.get', null))).toEqual(before);
  });
});
