import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  buildBridgeConfig,
  desiredDevices,
  hashBridgeDevices,
} from '../../src-main/core/build-bridge-config';
import { diffBridgeDevices, toBridgeDevices } from '../../src-shared/bridge-config';
import { DEFAULT_STRATEGY_CONFIG, type Device, deviceFieldsSchema } from '../../src-shared/device';

const meta = { revision: 7, timestamp: '2026-11-29T10:00:00.000Z' };

let nextId = 1;
function device(overrides: Partial<Device> = {}): Device {
  return {
    id: nextId++,
    name: 'Laser cutter',
    deviceId: 'laser-01',
    topicPattern: 'shellypmmini-laser/#',
    parserType: 'shelly_pm',
    strategy: 'power_threshold',
    strategyConfig: { ...DEFAULT_STRATEGY_CONFIG },
    active: true,
    notes: '',
    createdAt: '2026-11-01T00:00:00.000Z',
    updatedAt: '2026-11-01T00:00:00.000Z',
    ...overrides,
  };
}

describe('bridge config contract, version 1.0', () => {
  it('has exactly the documented fields, in the documented shape', () => {
    const config = buildBridgeConfig([device()], meta);
    expect(Object.keys(config)).toEqual(['version', 'timestamp', 'revision', 'config_hash', 'devices']);
    expect(config.version).toBe('1.0');
    expect(config.timestamp).toBe(meta.timestamp);
    expect(config.revision).toBe(7);
    expect(config.config_hash).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(config.devices).toEqual([
      {
        device_id: 'laser-01',
        name: 'Laser cutter',
        mqtt_topic: 'shellypmmini-laser/status/pm1:0',
        parser_type: 'shelly_pm',
        session_config: {
          strategy: 'power_threshold',
          standby_threshold_w: 20,
          working_threshold_w: 100,
          start_debounce_s: 3,
          stop_debounce_s: 15,
          message_timeout_s: 20,
        },
      },
    ]);
    expect(Object.keys(config.devices[0]!)).toEqual([
      'device_id',
      'name',
      'mqtt_topic',
      'parser_type',
      'session_config',
    ]);
  });

  it('never sends notes, store ids or timestamps of a device', () => {
    const json = JSON.stringify(buildBridgeConfig([device({ notes: 'secret-note-text' })], meta));
    expect(json).not.toContain('secret-note-text');
    expect(json).not.toMatch(/"notes"|"id"|"createdAt"|"updatedAt"|"topicPattern"/);
  });

  it('hashes the canonical JSON of the devices alone', () => {
    const config = buildBridgeConfig([device()], meta);
    const again = buildBridgeConfig([device()], { revision: 99, timestamp: '2030-01-01T00:00:00.000Z' });
    expect(again.config_hash).toBe(config.config_hash);
    expect(config.config_hash).toBe(hashBridgeDevices(config.devices));
  });

  it('gives an empty device list a stable hash of its own', () => {
    const empty = buildBridgeConfig([], meta);
    expect(empty.devices).toEqual([]);
    expect(empty.config_hash).toBe(buildBridgeConfig([device({ active: false })], meta).config_hash);
    expect(empty.config_hash).not.toBe(buildBridgeConfig([device()], meta).config_hash);
  });

  it('sends only active devices, ordered by device_id in code-unit order', () => {
    const config = buildBridgeConfig(
      [
        device({ deviceId: 'b', name: 'A' }),
        device({ deviceId: 'a-2', active: false }),
        device({ deviceId: 'a_1', name: 'Z' }),
        device({ deviceId: '9' }),
        device({ deviceId: 'a-1' }),
      ],
      meta,
    );
    // '-' (0x2d) < '9' (0x39) < '_' (0x5f) < 'b'
    expect(config.devices.map((d) => d.device_id)).toEqual(['9', 'a-1', 'a_1', 'b']);
  });

  it('turns a Shelly "<prefix>/#" into its status topic, keeps concrete and generic topics', () => {
    const config = buildBridgeConfig(
      [
        device({ deviceId: 'a', topicPattern: 'shellypmmini-a/#' }),
        device({ deviceId: 'b', topicPattern: 'shellypmmini-b/status/pm1:0' }),
        device({ deviceId: 'c', parserType: 'generic', topicPattern: 'sensors/+/power' }),
        device({ deviceId: 'd', parserType: 'generic', topicPattern: 'sensors/d/#' }),
      ],
      meta,
    );
    expect(config.devices.map((d) => d.mqtt_topic)).toEqual([
      'shellypmmini-a/status/pm1:0',
      'shellypmmini-b/status/pm1:0',
      'sensors/+/power',
      'sensors/d/#',
    ]);
  });
});

describe('config diff against the acknowledged devices', () => {
  it('names devices added, removed and the fields changed', () => {
    const before = toBridgeDevices([device({ deviceId: 'a' }), device({ deviceId: 'b' })]);
    const after = toBridgeDevices([
      device({ deviceId: 'b', strategyConfig: { ...DEFAULT_STRATEGY_CONFIG, workingThresholdW: 150 } }),
      device({ deviceId: 'c' }),
    ]);
    const diff = diffBridgeDevices(before, after);
    expect(diff.added.map((d) => d.device_id)).toEqual(['c']);
    expect(diff.removed.map((d) => d.device_id)).toEqual(['a']);
    expect(diff.changed).toEqual([
      { device_id: 'b', fields: [{ field: 'session_config.working_threshold_w', from: 100, to: 150 }] },
    ]);
  });

  it('says "turned off" for a device that left because it was switched off, "turned on" for one back', () => {
    const before = toBridgeDevices([device({ deviceId: 'a' }), device({ deviceId: 'b' })]);
    const after = toBridgeDevices([
      device({ deviceId: 'b' }),
      device({ deviceId: 'c' }),
      device({ deviceId: 'd' }),
    ]);
    // a is stored but off now; c was stored but off before; d is new; b unchanged.
    const diff = diffBridgeDevices(before, after, { before: ['c'], after: ['a'] });
    expect(diff.turnedOff.map((d) => d.device_id)).toEqual(['a']);
    expect(diff.turnedOn.map((d) => d.device_id)).toEqual(['c']);
    expect(diff.added.map((d) => d.device_id)).toEqual(['d']);
    expect(diff.removed).toEqual([]);
    // Without the switched-off lists (an old log entry), the same change reads as added and removed.
    const unknown = diffBridgeDevices(before, after, { before: null, after: null });
    expect(unknown.removed.map((d) => d.device_id)).toEqual(['a']);
    expect(unknown.added.map((d) => d.device_id)).toEqual(['c', 'd']);
  });

  it('is empty between equal lists', () => {
    const list = toBridgeDevices([device({ deviceId: 'a' })]);
    expect(diffBridgeDevices(list, structuredClone(list))).toEqual({
      added: [],
      removed: [],
      turnedOff: [],
      turnedOn: [],
      changed: [],
    });
  });
});

// --- properties -------------------------------------------------------------------------------------------

const idChars = 'abcdefghijklmnopqrstuvwxyz0123456789';
const deviceIdArb = fc
  .tuple(fc.constantFrom(...idChars), fc.string({ unit: fc.constantFrom(...`${idChars}-_`), maxLength: 10 }))
  .map(([head, tail]) => head + tail);
const measureArb = fc.integer({ min: 0, max: 10_000 }).map((n) => n / 4);

/** A valid device (checked with the shared schema) with the given device id. */
const deviceArb = (deviceId: string) =>
  fc
    .record({
      name: fc.string({ minLength: 1, maxLength: 20 }).map((s) => s.replaceAll('\u0000', '').trim() || 'x'),
      parserType: fc.constantFrom('shelly_pm' as const, 'generic' as const),
      prefix: fc
        .string({ unit: fc.constantFrom(...'abcxyz09-'), minLength: 1, maxLength: 9 })
        .map((p) => `p${p}`),
      hash: fc.boolean(),
      standby: measureArb,
      gap: fc.integer({ min: 1, max: 1000 }),
      startDebounceS: measureArb,
      stopDebounceS: measureArb,
      messageTimeoutS: fc.integer({ min: 1, max: 600 }),
      active: fc.boolean(),
      notes: fc.string({ maxLength: 30 }),
    })
    .map((r): Device => {
      const d = device({
        deviceId,
        name: r.name,
        parserType: r.parserType,
        topicPattern: r.hash ? `${r.prefix}/#` : `${r.prefix}/status/pm1:0`,
        strategyConfig: {
          standbyThresholdW: r.standby,
          workingThresholdW: r.standby + r.gap,
          startDebounceS: r.startDebounceS,
          stopDebounceS: r.stopDebounceS,
          messageTimeoutS: r.messageTimeoutS,
        },
        active: r.active,
        notes: r.notes,
      });
      return d;
    });

const devicesArb = fc
  .uniqueArray(deviceIdArb, { minLength: 1, maxLength: 8 })
  .chain((ids) => fc.tuple(...ids.map(deviceArb)));

/** Wire-visible edits of one active device that the bridge would notice. */
const wireEdits: Array<[string, (d: Device) => Device]> = [
  ['name', (d) => ({ ...d, name: `${d.name}!` })],
  ['deviceId', (d) => ({ ...d, deviceId: `${d.deviceId}-x` })],
  ['topic prefix', (d) => ({ ...d, topicPattern: `z${d.topicPattern}` })],
  ['parserType', (d) => ({ ...d, parserType: d.parserType === 'generic' ? 'shelly_pm' : 'generic' })],
  [
    'standby',
    (d) => ({
      ...d,
      strategyConfig: { ...d.strategyConfig, standbyThresholdW: d.strategyConfig.standbyThresholdW + 0.5 },
    }),
  ],
  [
    'working',
    (d) => ({
      ...d,
      strategyConfig: { ...d.strategyConfig, workingThresholdW: d.strategyConfig.workingThresholdW + 1 },
    }),
  ],
  [
    'startDebounce',
    (d) => ({
      ...d,
      strategyConfig: { ...d.strategyConfig, startDebounceS: d.strategyConfig.startDebounceS + 1 },
    }),
  ],
  [
    'stopDebounce',
    (d) => ({
      ...d,
      strategyConfig: { ...d.strategyConfig, stopDebounceS: d.strategyConfig.stopDebounceS + 1 },
    }),
  ],
  [
    'timeout',
    (d) => ({
      ...d,
      strategyConfig: { ...d.strategyConfig, messageTimeoutS: d.strategyConfig.messageTimeoutS + 1 },
    }),
  ],
  ['deactivate', (d) => ({ ...d, active: false })],
];

/** Edits the bridge never sees. */
const invisibleEdits: Array<[string, (d: Device) => Device]> = [
  ['notes', (d) => ({ ...d, notes: `${d.notes} more` })],
  ['store id and timestamps', (d) => ({ ...d, id: d.id + 1000, updatedAt: '2027-01-01T00:00:00.000Z' })],
];

describe('config builder properties', () => {
  it('generates only devices the shared schema accepts', () => {
    fc.assert(
      fc.property(devicesArb, (devices) => {
        for (const d of devices) {
          const { id: _id, createdAt: _c, updatedAt: _u, ...fields } = d;
          expect(deviceFieldsSchema.safeParse(fields).success).toBe(true);
        }
      }),
      { numRuns: 50 },
    );
  });

  it('gives the same hash and the same bytes for the same devices in any insertion order', () => {
    fc.assert(
      fc.property(
        devicesArb.chain((devices) =>
          fc.tuple(fc.constant(devices), fc.shuffledSubarray(devices, { minLength: devices.length })),
        ),
        ([devices, shuffled]) => {
          expect(JSON.stringify(buildBridgeConfig(shuffled, meta))).toBe(
            JSON.stringify(buildBridgeConfig(devices, meta)),
          );
        },
      ),
    );
  });

  it('sends only the active devices, ordered by device_id', () => {
    fc.assert(
      fc.property(devicesArb, (devices) => {
        const sent = buildBridgeConfig(devices, meta).devices.map((d) => d.device_id);
        const expected = devices
          .filter((d) => d.active)
          .map((d) => d.deviceId)
          .sort((a, b) => (a < b ? -1 : 1));
        expect(sent).toEqual(expected);
      }),
    );
  });

  it('gives a new hash for any wire-visible change of an active device', () => {
    fc.assert(
      fc.property(devicesArb, fc.nat(), fc.constantFrom(...wireEdits), (devices, pick, [, edit]) => {
        const active = devices.map((d) => ({ ...d, active: true }));
        const i = pick % active.length;
        const edited = active.slice();
        edited[i] = edit(active[i]!);
        // A renamed device_id could collide with another device's: the list would then not be a valid store.
        fc.pre(new Set(edited.map((d) => d.deviceId)).size === edited.length);
        expect(desiredDevices(edited).hash).not.toBe(desiredDevices(active).hash);
      }),
    );
  });

  it('keeps the hash when only notes, store ids or timestamps change', () => {
    fc.assert(
      fc.property(devicesArb, fc.nat(), fc.constantFrom(...invisibleEdits), (devices, pick, [, edit]) => {
        const i = pick % devices.length;
        const edited = devices.slice();
        edited[i] = edit(devices[i]!);
        expect(desiredDevices(edited).hash).toBe(desiredDevices(devices).hash);
      }),
    );
  });

  it('keeps the hash when an inactive device changes in any way', () => {
    fc.assert(
      fc.property(
        devicesArb,
        fc.nat(),
        fc.constantFrom(...wireEdits, ...invisibleEdits),
        (devices, pick, [, edit]) => {
          const i = pick % devices.length;
          const inactive = devices.slice();
          inactive[i] = { ...devices[i]!, active: false };
          const edited = inactive.slice();
          edited[i] = { ...edit(inactive[i]!), active: false };
          expect(desiredDevices(edited).hash).toBe(desiredDevices(inactive).hash);
        },
      ),
    );
  });

  it('sends the Shelly prefix form as its status topic and everything else as given', () => {
    fc.assert(
      fc.property(devicesArb, (devices) => {
        const byId = new Map(devices.map((d) => [d.deviceId, d]));
        for (const sent of buildBridgeConfig(devices, meta).devices) {
          const d = byId.get(sent.device_id)!;
          const expected =
            d.parserType === 'shelly_pm' && d.topicPattern.endsWith('/#')
              ? `${d.topicPattern.slice(0, -2)}/status/pm1:0`
              : d.topicPattern;
          expect(sent.mqtt_topic).toBe(expected);
        }
      }),
    );
  });

  it('is pure: the same input twice gives the same bytes, and the input is not changed', () => {
    fc.assert(
      fc.property(devicesArb, (devices) => {
        const before = structuredClone(devices);
        const a = JSON.stringify(buildBridgeConfig(devices, meta));
        const b = JSON.stringify(buildBridgeConfig(devices, meta));
        expect(a).toBe(b);
        expect(devices).toEqual(before);
      }),
    );
  });
});
