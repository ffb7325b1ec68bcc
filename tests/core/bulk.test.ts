import { afterEach, describe, expect, it } from 'vitest';
import type { BridgeConfig, Device, SyncStatus } from '../../src-shared';
import { type BridgeStub, startBridgeStub } from '../support/bridge-stub';
import { type Harness, startCore } from '../support/core-harness';

let bridge: BridgeStub;
let h: Harness;
let changed: string[];
let devices: Device[];

afterEach(async () => {
  await h?.close();
  await bridge?.close();
});

const settled = (s: SyncStatus) => s.state === 'in_sync' && s.acknowledgedRevision === s.desiredRevision;

/** Five devices, pushed and acknowledged; then the request log and event count start from zero. */
async function setup() {
  bridge = await startBridgeStub();
  h = await startCore({ bridgeUrl: bridge.url });
  for (let i = 1; i <= 5; i++) {
    await h.call('devices.create', {
      name: `Printer ${i}`,
      deviceId: `printer-${i}`,
      topicPattern: `shellypmminig3-p${i}/#`,
      // Printer 3 runs at a low working threshold: the one a high standby value would break.
      strategyConfig: { standbyThresholdW: 5, workingThresholdW: i === 3 ? 60 : 500 },
    });
  }
  await h.waitForStatus(settled);
  devices = await h.call('devices.list');
  bridge.clearRequests();
  changed = [];
  h.core.on('devices.changed', (e) => changed.push(e.at));
}

const ids = (...numbers: number[]) =>
  numbers.map((n) => devices.find((d) => d.deviceId === `printer-${n}`)!.id);
const pushed = () => bridge.requestsTo('POST /config').map((r) => r.body as BridgeConfig);

/** Waits until the bridge acknowledged the latest state, then checks it took exactly one POST. */
async function onePush(): Promise<BridgeConfig> {
  await h.waitForStatus(settled);
  expect(pushed()).toHaveLength(1);
  return pushed()[0]!;
}

describe('bulk edit: one transaction, one event, one push', () => {
  it('deactivates several devices at once and pushes the config without them once', async () => {
    await setup();
    const result = await h.call('devices.bulk', {
      ids: ids(1, 2, 4),
      action: { kind: 'deactivate' },
    });
    expect(result).toEqual({ changed: 3, deleted: 0 });
    expect(changed).toHaveLength(1);
    const config = await onePush();
    expect(config.devices.map((d) => d.device_id)).toEqual(['printer-3', 'printer-5']);
    const list = await h.call('devices.list');
    expect(list.filter((d) => !d.active).map((d) => d.deviceId)).toEqual([
      'printer-1',
      'printer-2',
      'printer-4',
    ]);
  });

  it('activates them again in one push', async () => {
    await setup();
    await h.call('devices.bulk', { ids: ids(1, 2), action: { kind: 'deactivate' } });
    await h.waitForStatus(settled);
    bridge.clearRequests();
    changed.length = 0;
    const result = await h.call('devices.bulk', {
      ids: ids(1, 2, 3),
      action: { kind: 'activate' },
    });
    // Printer 3 was active already: it counts as unchanged.
    expect(result).toEqual({ changed: 2, deleted: 0 });
    expect(changed).toHaveLength(1);
    expect((await onePush()).devices).toHaveLength(5);
  });

  it('sets a strategy value on every selected device and leaves the others alone', async () => {
    await setup();
    const result = await h.call('devices.bulk', {
      ids: ids(1, 2, 3),
      action: { kind: 'set', strategyConfig: { workingThresholdW: 150, stopDebounceS: 40 } },
    });
    expect(result).toEqual({ changed: 3, deleted: 0 });
    expect(changed).toHaveLength(1);
    const config = await onePush();
    const working = Object.fromEntries(
      config.devices.map((d) => [
        d.device_id,
        [d.session_config.working_threshold_w, d.session_config.stop_debounce_s],
      ]),
    );
    expect(working).toEqual({
      'printer-1': [150, 40],
      'printer-2': [150, 40],
      'printer-3': [150, 40],
      'printer-4': [500, 15],
      'printer-5': [500, 15],
    });
  });

  it('deletes several devices in one push', async () => {
    await setup();
    const result = await h.call('devices.bulk', { ids: ids(2, 5), action: { kind: 'delete' } });
    expect(result).toEqual({ changed: 0, deleted: 2 });
    expect(changed).toHaveLength(1);
    expect((await onePush()).devices.map((d) => d.device_id)).toEqual([
      'printer-1',
      'printer-3',
      'printer-4',
    ]);
  });
});

describe('bulk edit: all or nothing', () => {
  it('refuses the whole set when one device would end up invalid, naming it, and changes nothing', async () => {
    await setup();
    const status = await h.call('sync.status');
    // standby 100 W is fine for the 500 W printers but not for printer 3 (working 60 W); printer 3 is in the middle.
    const result = await h.core.invoke('devices.bulk', {
      ids: ids(1, 2, 3, 4, 5),
      action: { kind: 'set', strategyConfig: { standbyThresholdW: 100 } },
    });
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    const error = !result.ok ? result.error : undefined;
    expect(error?.message).toContain('Printer 3');
    expect(error?.fieldErrors?.['strategyConfig.workingThresholdW']).toContain('Printer 3');
    expect(await h.call('devices.list')).toEqual(devices);
    expect(changed).toEqual([]);
    expect((await h.call('sync.status')).desiredRevision).toBe(status.desiredRevision);
    expect(pushed()).toEqual([]);
  });

  it.each(['deactivate', 'delete'] as const)(
    'refuses a %s naming an unknown id and changes nothing',
    async (kind) => {
      await setup();
      const result = await h.core.invoke('devices.bulk', { ids: [...ids(1, 2), 99_999], action: { kind } });
      expect(result).toMatchObject({
        ok: false,
        error: { code: 'not_found', message: expect.stringContaining('99999') },
      });
      expect(await h.call('devices.list')).toEqual(devices);
      expect(changed).toEqual([]);
    },
  );
});

describe('bulk edit: the input schema', () => {
  it.each([
    ['no ids', { ids: [], action: { kind: 'activate' } }, 'ids'],
    ['a non-integer id', { ids: [1.5], action: { kind: 'activate' } }, 'ids.0'],
    ['a negative id', { ids: [-1], action: { kind: 'delete' } }, 'ids.0'],
    ['an unknown action', { ids: [1], action: { kind: 'explode' } }, 'action.kind'],
    [
      'a set with no values',
      { ids: [1], action: { kind: 'set', strategyConfig: {} } },
      'action.strategyConfig',
    ],
    [
      'a NaN value',
      { ids: [1], action: { kind: 'set', strategyConfig: { workingThresholdW: Number.NaN } } },
      'action.strategyConfig.workingThresholdW',
    ],
    [
      'an infinite value',
      { ids: [1], action: { kind: 'set', strategyConfig: { stopDebounceS: Number.POSITIVE_INFINITY } } },
      'action.strategyConfig.stopDebounceS',
    ],
    [
      'a negative value',
      { ids: [1], action: { kind: 'set', strategyConfig: { standbyThresholdW: -5 } } },
      'action.strategyConfig.standbyThresholdW',
    ],
    [
      'a value past 100,000 W',
      { ids: [1], action: { kind: 'set', strategyConfig: { workingThresholdW: 1.79e308 } } },
      'action.strategyConfig.workingThresholdW',
    ],
    [
      'a debounce past a day',
      { ids: [1], action: { kind: 'set', strategyConfig: { startDebounceS: 86_401 } } },
      'action.strategyConfig.startDebounceS',
    ],
    [
      'a value with more than 2 decimals (1e-7)',
      { ids: [1], action: { kind: 'set', strategyConfig: { stopDebounceS: 1e-7 } } },
      'action.strategyConfig.stopDebounceS',
    ],
    [
      'an unknown strategy key',
      { ids: [1], action: { kind: 'set', strategyConfig: { voltage: 230 } } },
      'action.strategyConfig.voltage',
    ],
  ])('refuses %s, naming the field', async (_what, input, field) => {
    await setup();
    const result = await h.core.invoke('devices.bulk', input);
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(!result.ok && Object.keys(result.error.fieldErrors ?? {})).toContain(field);
    expect(await h.call('devices.list')).toEqual(devices);
  });
});
