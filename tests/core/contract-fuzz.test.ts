/**
 * Issue 6, "Crash and fault tests", bullet 3: generated bad input through the contract (core.invoke, as both hosts
 * call it) → a field error every time, no throw, no row written; and any valid device is accepted and reads back equal.
 */
import { join } from 'node:path';
import Database from 'better-sqlite3';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASE_FILE } from '../../src-main/core/db/open-database';
import {
  type CallName,
  DEVICE_ID_PATTERN,
  type Device,
  type DeviceFields,
  type ImportReport,
  PARSER_TYPES,
  pickFields,
  type Result,
  STRATEGIES,
} from '../../src-shared';
import { hasVisibleCharacter } from '../../src-shared/text-hygiene';
import { type BridgeStub, startBridgeStub } from '../support/bridge-stub';
import { type Harness, startCore } from '../support/core-harness';

const SQL = [
  "'; DROP TABLE devices; --",
  "x' OR '1'='1",
  'Robert"); DELETE FROM devices; --',
  '1; UPDATE devices SET active = 0',
];

// ---- building blocks ------------------------------------------------------------------------------------------

/** Anything that is not a string (and not undefined, which means "not given" where a field has a default). */
const notString = fc.oneof(
  fc.integer(),
  fc.double(),
  fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, -0, null, true, false),
  fc.array(fc.string(), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 5 }), fc.string({ maxLength: 5 }), { maxKeys: 2 }),
);
const notBoolean = fc.oneof(
  fc.constantFrom('true', 'false', 1, 0, null, Number.NaN, '', 'yes'),
  fc.string(),
  fc.array(fc.boolean(), { maxLength: 2 }),
);
const notNumber = fc.oneof(
  fc.constantFrom(
    Number.NaN,
    Number.POSITIVE_INFINITY,
    Number.NEGATIVE_INFINITY,
    null,
    '100',
    true,
    -1,
    -0.001,
  ),
  fc.double({ max: -Number.MIN_VALUE, noNaN: true }),
  fc.string(),
);
const anyText = fc.string({ unit: 'binary', maxLength: 30 });
const loneSurrogate = fc
  .tuple(anyText, fc.constantFrom('\uD800', '\uDBFF', '\uDC00', '\uDFFF'), anyText)
  .map(([a, s, b]) => `${a}x${s}x${b}`);
const withNul = fc.tuple(anyText, anyText).map(([a, b]) => `x${a}\u0000${b}`);
/** Huge strings: past every length limit (up to 200,000 characters). */
const huge = (over: number) =>
  fc
    .tuple(fc.integer({ min: over + 1, max: 200_000 }), anyText)
    .map(([n, tail]) => `${'w'.repeat(n)}${tail}`);

/** Known fields of each input, so an "unknown key" is really unknown. */
const DEVICE_KEYS = [
  'name',
  'deviceId',
  'topicPattern',
  'parserType',
  'strategy',
  'active',
  'notes',
  'strategyConfig',
];
const unknownKey = (known: string[]) =>
  fc.oneof(
    // Names Object.prototype already has: a refusal must still name them.
    fc.constantFrom('constructor', 'toString', 'hasOwnProperty', '__proto__', 'valueOf'),
    fc.string({ minLength: 1, maxLength: 12 }).filter((k) => !known.includes(k)),
  );

/** Names with nothing to see: zero-width, direction-control, filler and combining characters only. */
const invisibleName = fc
  .array(
    fc.constantFrom('\u200B', '\u200D', '\u202E', '\u2066', '\u200F', '\uFEFF', '\u3164', '\u0301', ' '),
    {
      minLength: 1,
      maxLength: 12,
    },
  )
  .map((chars) => chars.join(''));
const badName = fc.oneof(
  notString,
  fc.constantFrom('', '   ', '\n\t'),
  huge(80),
  withNul,
  loneSurrogate,
  invisibleName,
);
const badDeviceId = fc.oneof(
  notString,
  fc.constantFrom(...SQL, '', 'Laser-01', 'läser', 'a b', '-lead', '_lead', 'x/y', 'x#'),
  huge(64),
  withNul,
  loneSurrogate,
  fc.string({ unit: 'binary', maxLength: 70 }).filter((s) => !DEVICE_ID_PATTERN.test(s.trim())),
);
/** Wrong wildcards for MQTT §4.7 and topics a Shelly device cannot use (the default parser is shelly_pm). */
const badTopic = fc.oneof(
  notString,
  fc.constantFrom(
    '',
    '  ',
    'a/#/b',
    'a#',
    'a/b#',
    '#/x',
    'a/+b',
    'a+/b',
    '$SYS/broker',
    '+/status',
    'a/+/#',
    '#',
    '+',
    ...SQL.map((s) => `${s}/#/x`),
  ),
  withNul,
  loneSurrogate,
  fc.tuple(anyText, anyText).map(([a, b]) => `${a}x/#/${b}`),
  fc.tuple(anyText, fc.constantFrom('#', '+')).map(([a, w]) => `p/x${w}${a.replaceAll('/', '')}`),
);
const badEnum = (allowed: readonly string[]) =>
  fc.oneof(notString, fc.constantFrom(...SQL, ''), fc.string()).filter((v) => !allowed.includes(v as string));
// No field takes NUL: it is refused in notes too, although notes never reach the bridge.
const badNotes = fc.oneof(
  notString,
  huge(2000),
  loneSurrogate,
  fc.string({ maxLength: 50 }).map((s) => `${s}\u0000tail`),
);
const STRATEGY_KEYS = [
  'standbyThresholdW',
  'workingThresholdW',
  'startDebounceS',
  'stopDebounceS',
  'messageTimeoutS',
];
/**
 * Inside strategyConfig an own `__proto__` key is dropped (zod's loose/record parsing assigns keys, and assigning
 * `__proto__` is a no-op), so the device is stored with the other values: not refused, but nothing odd is written.
 * Known and left as is; every other unknown key there is refused.
 */
const unknownStrategyKey = unknownKey(STRATEGY_KEYS).filter((k) => k !== '__proto__');
/** Numbers no strategy value may take: past 100,000 W and 86,400 s, or with more than 2 decimals. */
const outOfBounds = fc.oneof(
  fc.constantFrom(1.79e308, Number.MAX_VALUE, 1e-320, Number.MIN_VALUE, 1e-7, 0.001, 0.125, 100_001),
  fc.double({ min: 100_000.01, max: Number.MAX_VALUE, noNaN: true, noDefaultInfinity: true }),
  fc
    .tuple(fc.integer({ min: 0, max: 80_000 }), fc.integer({ min: 1, max: 999 }))
    .map(([whole, thousandths]) => whole + thousandths / 1000)
    .filter((n) => !/^\d+(\.\d{1,2})?$/.test(String(n))),
);
const badStrategyConfig = fc.oneof(
  fc.constantFrom('{"workingThresholdW": 100}', 42, null, true, [1, 2]),
  fc
    .record({ key: fc.constantFrom(...STRATEGY_KEYS), value: outOfBounds })
    .map(({ key, value }) => ({ [key]: value })),
  fc
    .record({ key: fc.constantFrom(...STRATEGY_KEYS), value: notNumber })
    .map(({ key, value }) => ({ [key]: value })),
  fc.record({ key: unknownStrategyKey, value: fc.double() }).map(({ key, value }) => ({ [key]: value })),
  // Standby at or above working (defaults: 20 / 100).
  fc.double({ min: 100, max: 1e9, noNaN: true }).map((w) => ({ standbyThresholdW: w })),
  fc.double({ min: 0, max: 20, noNaN: true }).map((w) => ({ workingThresholdW: w })),
  fc.constant({ messageTimeoutS: 0 }),
);

type Mutation = [string, unknown];
const deviceMutation: fc.Arbitrary<Mutation> = fc.oneof(
  badName.map((v): Mutation => ['name', v]),
  badDeviceId.map((v): Mutation => ['deviceId', v]),
  badTopic.map((v): Mutation => ['topicPattern', v]),
  badEnum(PARSER_TYPES).map((v): Mutation => ['parserType', v]),
  badEnum(STRATEGIES).map((v): Mutation => ['strategy', v]),
  notBoolean.map((v): Mutation => ['active', v]),
  badNotes.map((v): Mutation => ['notes', v]),
  badStrategyConfig.map((v): Mutation => ['strategyConfig', v]),
  fc.tuple(unknownKey(DEVICE_KEYS), fc.anything()).map(([k, v]): Mutation => [k, v]),
);
const mutations = fc.uniqueArray(deviceMutation, { minLength: 1, maxLength: 3, selector: ([k]) => k });
const apply = (base: Record<string, unknown>, changes: Mutation[]) => {
  const out = { ...base };
  for (const [k, v] of changes) Object.defineProperty(out, k, { value: v, enumerable: true, writable: true });
  return out;
};

const notAnObject = fc.oneof(
  fc.string(),
  fc.integer(),
  fc.constantFrom(null, Number.NaN, true, ...SQL),
  fc.array(fc.anything(), { maxLength: 3 }),
);

// ---- the core under attack ------------------------------------------------------------------------------------

let bridge: BridgeStub;
let h: Harness;
let seeds: Device[];

beforeAll(async () => {
  bridge = await startBridgeStub();
  await bridge.down(); // Nothing here is about pushing; a down bridge keeps the run quiet and fast.
  h = await startCore({ bridgeUrl: bridge.url, autoPush: false });
  for (const id of ['seed-a', 'seed-b', 'seed-c']) {
    await h.call('devices.create', { name: `Seed ${id}`, deviceId: id, topicPattern: `${id}/#` });
  }
  seeds = await h.call('devices.list');
});

afterAll(async () => {
  await h?.close();
  await bridge?.close();
});

async function snapshot(): Promise<string> {
  return JSON.stringify([await h.call('devices.list'), await h.call('settings.get')]);
}

const BASE_DEVICE = { name: 'Fuzzed', deviceId: 'fuzzed-1', topicPattern: 'fuzzed/#' };

/** The answer is a refusal with at least one named field, and nothing changed. */
async function expectRefused(channel: string, input: unknown, before: string) {
  let result: Result<unknown>;
  try {
    // Channels outside the contract are fuzzed too: the name is checked at run time, in the core.
    result = await h.core.invoke(channel as CallName, input);
  } catch (error) {
    throw new Error(`${channel} threw instead of answering: ${String(error)}`);
  }
  if (result.ok) throw new Error(`${channel} accepted ${safe(input)}: ${safe(result.value)}`);
  expect(['invalid_input', 'conflict']).toContain(result.error.code);
  const named = Object.entries(result.error.fieldErrors ?? {});
  expect(named.length, `no field named for ${safe(input)}: ${result.error.message}`).toBeGreaterThan(0);
  for (const [field, why] of named) {
    expect(field).not.toBe('');
    expect(typeof why === 'string' && why.length > 0).toBe(true);
  }
  expect(await snapshot()).toBe(before);
}

const safe = (v: unknown) => {
  try {
    const text = JSON.stringify(v) ?? String(v);
    return text.length > 300 ? `${text.slice(0, 300)}…` : text;
  } catch {
    return String(v);
  }
};

describe('contract fuzz: bad input is a field error, never a crash or a write', () => {
  it('devices.create', async () => {
    const before = await snapshot();
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          { weight: 8, arbitrary: mutations.map((m) => apply(BASE_DEVICE, m)) },
          // A deviceId that is already used, as is or with spaces around it: conflict.
          {
            weight: 1,
            arbitrary: fc
              .tuple(
                fc.constantFrom('seed-a', ' seed-b', 'seed-c  '),
                fc.option(mutations, { nil: undefined }),
              )
              .map(([id, m]) => apply({ ...BASE_DEVICE, deviceId: id }, m ?? [])),
          },
          { weight: 1, arbitrary: notAnObject },
        ),
        (input) => expectRefused('devices.create', input, before),
      ),
      { numRuns: 1500 },
    );
  });

  it('devices.update', async () => {
    const before = await snapshot();
    const target = seeds[0]!;
    const badId = fc.oneof(
      fc.constantFrom(0, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY, '1', null, `${target.id}`),
      fc.string(),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          { weight: 6, arbitrary: mutations.map((m) => ({ id: target.id, patch: apply({}, m) })) },
          // Another device's deviceId: conflict.
          { weight: 1, arbitrary: fc.constant({ id: target.id, patch: { deviceId: seeds[1]!.deviceId } }) },
          { weight: 1, arbitrary: badId.map((id) => ({ id, patch: { notes: 'x' } })) },
          { weight: 1, arbitrary: notAnObject.map((patch) => ({ id: target.id, patch })) },
          { weight: 1, arbitrary: notAnObject },
        ),
        (input) => expectRefused('devices.update', input, before),
      ),
      { numRuns: 1200 },
    );
  });

  it('settings.update', async () => {
    const before = await snapshot();
    const badUrl = fc.oneof(
      notString,
      fc.constantFrom(
        '',
        'not a url',
        'ftp://bridge',
        'file:///etc/passwd',
        'javascript:alert(1)',
        'http://user:pw@bridge:8080',
        'http://bridge:8080/?x=1',
        'http://bridge:8080/#top',
        'bridge:8080',
        ...SQL,
      ),
      // A valid URL but for one broken character, which the URL parser would quietly turn into U+FFFD.
      fc
        .tuple(fc.constantFrom('\uD800', '\uDBFF', '\uDC00', '\uDFFF'), fc.constantFrom('/x', ':8080/', '/'))
        .map(([lone, tail]) => `http://bridge${tail}${lone}`),
      fc.string({ unit: 'binary', maxLength: 40 }).filter((s) => {
        try {
          const u = new URL(s.trim());
          return !['http:', 'https:'].includes(u.protocol);
        } catch {
          return true;
        }
      }),
    );
    const badToken = fc.oneof(
      notString,
      fc.constantFrom('two words', 'tök', 'a\u0000b', ...SQL),
      huge(4096),
      loneSurrogate,
      fc.tuple(anyText, anyText).map(([a, b]) => `t${a} x${b}`),
    );
    const setting: fc.Arbitrary<Mutation> = fc.oneof(
      badUrl.map((v): Mutation => ['bridgeUrl', v]),
      notBoolean.map((v): Mutation => ['autoPush', v]),
      badEnum(['all', 'errors', 'off']).map((v): Mutation => ['notifications', v]),
      badToken.map((v): Mutation => ['bridgeToken', v]),
      fc
        .tuple(unknownKey(['bridgeUrl', 'autoPush', 'notifications', 'bridgeToken']), fc.anything())
        .map(([k, v]): Mutation => [k, v]),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          {
            weight: 9,
            arbitrary: fc
              .uniqueArray(setting, { minLength: 1, maxLength: 3, selector: ([k]) => k })
              .map((m) => apply({}, m)),
          },
          { weight: 1, arbitrary: notAnObject.filter((v) => v !== null) },
        ),
        (input) => expectRefused('settings.update', input, before),
      ),
      { numRuns: 1000 },
    );
  });

  it('devices.bulk', async () => {
    const before = await snapshot();
    const ids = seeds.map((d) => d.id);
    const goodIds = fc.subarray(ids, { minLength: 1 });
    const badIds = fc.oneof(
      fc.constant([]),
      notAnObject.filter((v) => !Array.isArray(v)),
      fc.array(fc.oneof(fc.constantFrom(0, -1, 1.5, Number.NaN, '1', null), fc.string()), {
        minLength: 1,
        maxLength: 3,
      }),
    );
    const badValues = fc.oneof(
      fc.constant({}),
      fc
        .record({ key: fc.constantFrom(...STRATEGY_KEYS), value: notNumber })
        .map(({ key, value }) => ({ [key]: value })),
      fc
        .record({ key: unknownKey(STRATEGY_KEYS), value: fc.double() })
        .map(({ key, value }) => ({ [key]: value })),
      notAnObject,
    );
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          badIds.map((bad) => ({ ids: bad, action: { kind: 'activate' } })),
          goodIds.chain((good) =>
            fc.oneof(
              fc.constant({ ids: good, action: { kind: 'set', strategyConfig: {} } }),
              badValues.map((v) => ({ ids: good, action: { kind: 'set', strategyConfig: v } })),
              // Valid values that make every seed invalid (standby at or above working): refused, naming a device.
              fc.double({ min: 100, max: 1e9, noNaN: true }).map((w) => ({
                ids: good,
                action: { kind: 'set', strategyConfig: { standbyThresholdW: w } },
              })),
              badEnum(['activate', 'deactivate', 'delete', 'set']).map((kind) => ({
                ids: good,
                action: { kind },
              })),
              fc.constant({ ids: good }),
              fc.constant({ ids: good, action: { kind: 'delete' }, extra: 1 }),
            ),
          ),
          notAnObject,
        ),
        (input) => expectRefused('devices.bulk', input, before),
      ),
      { numRuns: 1000 },
    );
  });

  it('devices.import (input and file-level errors)', async () => {
    const before = await snapshot();
    const notJson = fc
      .string({ unit: 'binary', maxLength: 40 })
      .map((s) => `{${s}`)
      .filter((s) => {
        try {
          JSON.parse(s);
          return false;
        } catch {
          return true;
        }
      });
    const jsonWithoutList = fc
      .jsonValue()
      .filter((v) => !Array.isArray(v) && !Array.isArray((v as { devices?: unknown } | null)?.devices))
      .map((v) => JSON.stringify(v));
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          notString.map((content) => ({ content, dryRun: false })),
          fc.constant({ content: '', dryRun: false }),
          badEnum(['json', 'csv', 'auto']).map((format) => ({ content: '[]', format, dryRun: false })),
          badEnum(['merge', 'replace']).map((mode) => ({ content: '[]', mode, dryRun: false })),
          notBoolean.map((dryRun) => ({ content: '[]', dryRun })),
          notJson.map((content) => ({ content, format: 'auto', dryRun: false, mode: 'replace' })),
          jsonWithoutList.map((content) => ({ content, format: 'json', dryRun: false, mode: 'replace' })),
          fc
            .constantFrom('', '\n', ' \n\r\n', '\uFEFF')
            .map((ws) => ({ content: `${ws} `, format: 'csv', dryRun: false, mode: 'replace' })),
          fc.tuple(unknownKey(['content', 'format', 'mode', 'dryRun']), fc.anything()).map(([k, v]) => ({
            content: '[]',
            [k]: v,
          })),
          notAnObject,
        ),
        (input) => expectRefused('devices.import', input, before),
      ),
      { numRuns: 800 },
    );
    // The size limit, once (a 5 MB string per run would only slow the suite).
    await expectRefused('devices.import', { content: ' '.repeat(5_000_001), dryRun: false }, before);
  });

  it('devices.import (rows): any refused row refuses the whole real import, with its line and fields', async () => {
    const before = await snapshot();
    // Bad rows for a JSON file: no undefined (JSON drops it), no names the importer maps or ignores on purpose
    // (Odoo aliases, bookkeeping columns, strategy values as top-level columns), no strategyConfig as JSON text.
    const importNames = [
      ...STRATEGY_KEYS,
      'id',
      'createdAt',
      'updatedAt',
      'created_at',
      'updated_at',
      'mqtt_topic',
      'device_id',
      'topic_pattern',
      'mqtt_topic_pattern',
      'parser_type',
      'session_strategy',
      'strategy_config',
      'session_config',
      'standby_threshold_w',
      'working_threshold_w',
      'start_debounce_s',
      'stop_debounce_s',
      'message_timeout_s',
    ];
    const jsonSafeBadRow = mutations
      .filter((m) =>
        m.every(
          ([k, v]) =>
            v !== undefined && !importNames.includes(k) && !(k === 'strategyConfig' && typeof v === 'string'),
        ),
      )
      .map((m) => apply({ ...BASE_DEVICE, deviceId: 'imported-bad' }, m));
    const goodRows = fc.array(
      fc
        .integer({ min: 0, max: 999 })
        .map((i) => ({ name: `Good ${i}`, deviceId: `good-${i}`, topicPattern: `g${i}/#` })),
      { maxLength: 4 },
    );
    await fc.assert(
      fc.asyncProperty(
        goodRows,
        fc.oneof(
          jsonSafeBadRow,
          // A duplicate of a good row's deviceId later in the file.
          fc.constant({ name: 'Twin', deviceId: 'twin', topicPattern: 'twin/#' }),
        ),
        fc.constantFrom('merge', 'replace'),
        async (good, bad, mode) => {
          const twin = bad.deviceId === 'twin';
          const rows = twin ? [...good, { ...bad }, bad] : [...good, bad];
          const result = await h.core.invoke('devices.import', {
            content: JSON.stringify(rows),
            dryRun: false,
            mode,
          });
          if (!result.ok) {
            // A row can make the whole file unreadable only through the schema of the call itself: never here.
            throw new Error(`import answered an error instead of a report: ${safe(result.error)}`);
          }
          const report = result.value as ImportReport;
          expect(report.applied).toBe(false);
          const refused = report.rows.filter((r) => r.action === 'refuse');
          expect(refused.length).toBeGreaterThan(0);
          for (const row of refused) {
            expect(row.line).toBeGreaterThan(0);
            expect(Object.keys(row.fieldErrors ?? {}).length).toBeGreaterThan(0);
          }
          if (twin) expect(refused.at(-1)!.fieldErrors?.deviceId).toContain(`line ${rows.length - 1}`);
          expect(await snapshot()).toBe(before);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('leaves SQLite intact and the seeded rows as they were', async () => {
    expect(await h.call('devices.list')).toEqual(seeds);
    const db = new Database(join(h.dataDir, DATABASE_FILE), { readonly: true });
    try {
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      expect(db.prepare('SELECT count(*) AS n FROM devices').get()).toEqual({ n: seeds.length });
    } finally {
      db.close();
    }
  });
});

// ---- valid devices ---------------------------------------------------------------------------------------------

/** Text that is valid by construction: any code points but NUL and lone surrogates. */
const cleanText = (max: number) =>
  fc
    .string({ unit: 'binary', maxLength: max })
    .map((s) => s.replaceAll('\u0000', '').replace(/\p{Cs}/gu, ''));
const level = cleanText(8).map((s) => s.replace(/[/#+]/g, ''));
/** Values within the bounds, with at most 2 decimals (cents of a watt or a second). */
const hundredths = (max: number, min = 0) =>
  fc.integer({ min: min * 100, max: max * 100 }).map((n) => n / 100);
const watts = hundredths(100_000);
const seconds = hundredths(86_400);

const validDevice = fc
  .record({
    name: cleanText(60).filter((s) => hasVisibleCharacter(s) && s.length <= 80),
    idStem: fc.stringMatching(/^[a-z0-9][a-z0-9_-]{0,40}$/),
    parserType: fc.constantFrom(...PARSER_TYPES),
    levels: fc.array(level, { minLength: 1, maxLength: 4 }),
    wildcard: fc.constantFrom('none', 'hash', 'plus'),
    thresholds: fc.tuple(watts, watts).filter(([a, b]) => a !== b),
    startDebounceS: seconds,
    stopDebounceS: seconds,
    messageTimeoutS: hundredths(86_400, 0.01),
    active: fc.boolean(),
    notes: cleanText(300),
  })
  .map((r) => {
    const levels = [...r.levels];
    // A Shelly device takes "<prefix>/#" or a concrete topic; generic ones any §4.7 filter.
    if (r.wildcard === 'plus' && r.parserType === 'generic') levels.splice(1, 0, '+');
    if (r.wildcard !== 'none') levels.push('#');
    const [standby, working] = [...r.thresholds].sort((a, b) => a - b) as [number, number];
    return {
      name: r.name,
      topicPattern: levels.join('/'),
      idStem: r.idStem,
      parserType: r.parserType,
      strategyConfig: {
        standbyThresholdW: standby,
        workingThresholdW: working,
        startDebounceS: r.startDebounceS,
        stopDebounceS: r.stopDebounceS,
        messageTimeoutS: r.messageTimeoutS,
      },
      active: r.active,
      notes: r.notes,
    };
  })
  // Construction limits the schema states in prose: a non-empty prefix before "#", not starting with "$".
  .filter((d) => {
    const topic = d.topicPattern.trim();
    return topic.length > 0 && !topic.startsWith('$') && !/^\/?#$/.test(topic) && !topic.startsWith('/#');
  });

describe('contract fuzz: valid devices', () => {
  let valid: Harness;
  let validBridge: BridgeStub;
  beforeAll(async () => {
    validBridge = await startBridgeStub();
    await validBridge.down();
    valid = await startCore({ bridgeUrl: validBridge.url, autoPush: false });
  });
  afterAll(async () => {
    await valid?.close();
    await validBridge?.close();
  });

  it('accepts any valid device and reads it back equal', async () => {
    let n = 0;
    await fc.assert(
      fc.asyncProperty(validDevice, async ({ idStem, ...device }) => {
        n++;
        const input = { ...device, deviceId: `${idStem}-${n}` };
        const result = await valid.core.invoke('devices.create', input);
        if (!result.ok) throw new Error(`refused a valid device ${safe(input)}: ${safe(result.error)}`);
        const created = result.value as Device;
        const expected: DeviceFields = {
          ...input,
          name: input.name.trim(),
          topicPattern: input.topicPattern.trim(),
          strategy: 'power_threshold',
        };
        expect(pickFields(created)).toEqual(expected);
        const read = await valid.call('devices.get', { id: created.id });
        expect(read).toEqual(created);
      }),
      { numRuns: 500 },
    );
  });
});
