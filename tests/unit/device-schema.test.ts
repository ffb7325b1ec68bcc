import { describe, expect, it } from 'vitest';
import {
  DEFAULT_STRATEGY_CONFIG,
  deviceCreateSchema,
  deviceFieldsSchema,
  devicePatchSchema,
  mergePatch,
} from '../../src-shared/device';
import { type FieldErrors, fieldErrorsFromIssues } from '../../src-shared/result';

const valid = { name: 'Laser cutter', deviceId: 'laser-01', topicPattern: 'shellypmmini-laser/#' };

/** The field errors deviceCreateSchema gives for `input`, or null when it is accepted. */
function errorsOf(input: unknown): FieldErrors | null {
  const parsed = deviceCreateSchema.safeParse(input);
  return parsed.success ? null : fieldErrorsFromIssues(parsed.error.issues);
}

function parsed(input: unknown) {
  const result = deviceCreateSchema.safeParse(input);
  if (!result.success) throw new Error(JSON.stringify(fieldErrorsFromIssues(result.error.issues)));
  return result.data;
}

describe('device create: defaults', () => {
  it('fills in parser, strategy, strategy config, active and notes', () => {
    expect(parsed(valid)).toEqual({
      ...valid,
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
  });

  it('fills in the strategy config fields a partial config leaves out', () => {
    expect(parsed({ ...valid, strategyConfig: { workingThresholdW: 250 } }).strategyConfig).toEqual({
      ...DEFAULT_STRATEGY_CONFIG,
      workingThresholdW: 250,
    });
  });

  it('names every bad field at once, the topic included', () => {
    const errors = errorsOf({ name: ' ', deviceId: 'Laser', topicPattern: 'a/+/b', notes: 'x'.repeat(2001) });
    expect(Object.keys(errors ?? {}).sort()).toEqual(['deviceId', 'name', 'notes', 'topicPattern']);
  });

  it('refuses a field the contract does not know, naming it', () => {
    expect(errorsOf({ ...valid, colour: 'red' })).toEqual({ colour: 'is not a known field' });
  });

  it('refuses missing required fields, naming each', () => {
    expect(Object.keys(errorsOf({}) ?? {}).sort()).toEqual(['deviceId', 'name', 'topicPattern']);
  });
});

describe('device name: 1–80 characters after trimming', () => {
  it.each([
    ['one character', 'L'],
    ['80 characters', 'n'.repeat(80)],
    ['80 characters with spaces around', `  ${'n'.repeat(80)}  `],
    ['umlauts', 'Fräse Größe'],
  ])('accepts %s', (_label, name) => {
    expect(errorsOf({ ...valid, name })).toBeNull();
  });

  it('stores the name trimmed', () => {
    expect(parsed({ ...valid, name: '  Laser  ' }).name).toBe('Laser');
  });

  it('refuses 81 characters', () => {
    expect(errorsOf({ ...valid, name: 'n'.repeat(81) })).toEqual({ name: 'must be at most 80 characters' });
  });

  it.each([
    ['empty', ''],
    ['whitespace only', ' \t\n '],
  ])('refuses a name that is %s', (_label, name) => {
    expect(errorsOf({ ...valid, name })).toEqual({ name: 'is required' });
  });

  it('refuses a name holding NUL or not being text', () => {
    expect(errorsOf({ ...valid, name: 'a\u0000b' })?.name).toMatch(/NUL/);
    expect(errorsOf({ ...valid, name: 42 })).toEqual({ name: 'must be text' });
  });
});

describe('device ID: ^[a-z0-9][a-z0-9_-]{0,63}$', () => {
  it.each([
    ['one letter', 'a'],
    ['one digit', '7'],
    ['64 characters', `a${'b'.repeat(63)}`],
    ['hyphen and underscore inside', 'laser_01-b'],
    ['trailing hyphen', 'laser-'],
  ])('accepts %s', (_label, deviceId) => {
    expect(errorsOf({ ...valid, deviceId })).toBeNull();
  });

  it.each([
    ['65 characters', `a${'b'.repeat(64)}`],
    ['uppercase', 'Laser-01'],
    ['a leading "-"', '-laser'],
    ['a leading "_"', '_laser'],
    ['a space inside', 'laser 01'],
    ['a non-ASCII letter', 'fräse'],
    ['a dot', 'laser.01'],
    ['a slash', 'laser/01'],
    ['empty', ''],
  ])('refuses %s, naming deviceId', (_label, deviceId) => {
    const errors = errorsOf({ ...valid, deviceId });
    expect(Object.keys(errors ?? {})).toEqual(['deviceId']);
  });

  it('says what a device ID may hold', () => {
    expect(errorsOf({ ...valid, deviceId: 'Laser' })?.deviceId).toMatch(/lowercase/);
    expect(errorsOf({ ...valid, deviceId: `a${'b'.repeat(64)}` })?.deviceId).toMatch(/64/);
  });
});

describe('device topic pattern follows its parser', () => {
  it('refuses a/+/b for a Shelly device, saying what to write', () => {
    expect(errorsOf({ ...valid, topicPattern: 'a/+/b' })?.topicPattern).toContain('"a/b/#"');
  });

  it('accepts a/+/b for a generic device', () => {
    expect(errorsOf({ ...valid, parserType: 'generic', topicPattern: 'a/+/b' })).toBeNull();
  });

  it('refuses an empty topic and a broken filter for any parser', () => {
    expect(errorsOf({ ...valid, topicPattern: '' })?.topicPattern).toMatch(/required/);
    expect(errorsOf({ ...valid, parserType: 'generic', topicPattern: 'a/#/b' })?.topicPattern).toMatch(
      /last level/,
    );
    expect(errorsOf({ ...valid, parserType: 'generic', topicPattern: '$SYS/#' })?.topicPattern).toMatch(/\$/);
  });
});

describe('device parser, strategy, active, notes', () => {
  it('refuses an unknown parser type or strategy, naming it', () => {
    expect(errorsOf({ ...valid, parserType: 'tasmota' })).toEqual({
      parserType: 'must be "shelly_pm" or "generic"',
    });
    expect(errorsOf({ ...valid, strategy: 'energy' })).toEqual({ strategy: 'must be "power_threshold"' });
  });

  it('takes active false and refuses a non-boolean', () => {
    expect(parsed({ ...valid, active: false }).active).toBe(false);
    expect(errorsOf({ ...valid, active: 'yes' })).toEqual({ active: 'must be true or false' });
  });

  it('accepts 2000 characters of notes and refuses 2001', () => {
    expect(errorsOf({ ...valid, notes: 'x'.repeat(2000) })).toBeNull();
    expect(errorsOf({ ...valid, notes: 'x'.repeat(2001) })).toEqual({
      notes: 'must be at most 2000 characters',
    });
  });
});

describe('strategy config: numbers ≥ 0 and finite; standby < working; timeout > 0', () => {
  const cfg = (patch: Record<string, unknown>) => errorsOf({ ...valid, strategyConfig: patch });

  it.each(['standbyThresholdW', 'workingThresholdW', 'startDebounceS', 'stopDebounceS', 'messageTimeoutS'])(
    'refuses a negative, NaN, infinite or textual %s, naming the field',
    (field) => {
      const key = `strategyConfig.${field}`;
      expect(cfg({ [field]: -1 })?.[key]).toBe('must be 0 or more');
      expect(cfg({ [field]: -0.001 })?.[key]).toBe('must be 0 or more');
      // zod refuses NaN and ±Infinity as "not a number" before the finite check runs.
      expect(cfg({ [field]: Number.NaN })?.[key]).toMatch(/number/);
      expect(cfg({ [field]: Number.POSITIVE_INFINITY })?.[key]).toMatch(/number/);
      expect(cfg({ [field]: Number.NEGATIVE_INFINITY })?.[key]).toMatch(/number/);
      expect(cfg({ [field]: '20' })?.[key]).toMatch(/must be a number/);
      expect(cfg({ [field]: null })?.[key]).toMatch(/must be a number/);
    },
  );

  it('accepts 0 for the standby threshold and the debounces', () => {
    expect(cfg({ standbyThresholdW: 0, startDebounceS: 0, stopDebounceS: 0 })).toBeNull();
  });

  it('accepts fractional values', () => {
    expect(cfg({ standbyThresholdW: 99.5, workingThresholdW: 100, messageTimeoutS: 0.5 })).toBeNull();
  });

  it('refuses standby equal to or above working, on workingThresholdW', () => {
    expect(cfg({ standbyThresholdW: 100, workingThresholdW: 100 })).toEqual({
      'strategyConfig.workingThresholdW': 'must be more than the standby threshold (100 W)',
    });
    expect(Object.keys(cfg({ standbyThresholdW: 150 }) ?? {})).toEqual(['strategyConfig.workingThresholdW']);
  });

  it('refuses a message timeout of 0 and accepts the smallest positive one (0.01 s)', () => {
    expect(cfg({ messageTimeoutS: 0 })).toEqual({
      'strategyConfig.messageTimeoutS': 'must be more than 0 seconds',
    });
    expect(cfg({ messageTimeoutS: 0.01 })).toBeNull();
  });

  it('refuses an unknown strategy config key and a non-object config', () => {
    expect(cfg({ wattage: 5 })).toEqual({ 'strategyConfig.wattage': 'is not a known field' });
    expect(Object.keys(errorsOf({ ...valid, strategyConfig: 5 }) ?? {})).toEqual(['strategyConfig']);
  });
});

describe('strategy config: bounds a workshop can mean, at most 2 decimals', () => {
  const cfg = (patch: Record<string, unknown>) => errorsOf({ ...valid, strategyConfig: patch });
  const watts = ['standbyThresholdW', 'workingThresholdW'];
  const seconds = ['startDebounceS', 'stopDebounceS', 'messageTimeoutS'];

  it.each(watts)('%s: 0–100,000 W', (field) => {
    const key = `strategyConfig.${field}`;
    const others = field === 'standbyThresholdW' ? { workingThresholdW: 100_000 } : { standbyThresholdW: 0 };
    expect(cfg({ ...others, [field]: field === 'standbyThresholdW' ? 99_999.99 : 100_000 })).toBeNull();
    expect(cfg({ ...others, [field]: 100_000.01 })?.[key]).toBe('must be at most 100,000 W');
    expect(cfg({ ...others, [field]: 1.79e308 })?.[key]).toBe('must be at most 100,000 W');
    expect(cfg({ ...others, [field]: Number.MAX_VALUE })?.[key]).toBe('must be at most 100,000 W');
  });

  it.each(seconds)('%s: up to 86,400 s (a day)', (field) => {
    const key = `strategyConfig.${field}`;
    expect(cfg({ [field]: 86_400 })).toBeNull();
    expect(cfg({ [field]: 86_400.01 })?.[key]).toBe('must be at most 86,400 s');
    expect(cfg({ [field]: 1e9 })?.[key]).toBe('must be at most 86,400 s');
  });

  it.each([...watts, ...seconds])('%s: at most 2 decimals, so 1e-320 and 1e-7 are refused', (field) => {
    const key = `strategyConfig.${field}`;
    const roomy = { standbyThresholdW: 0, workingThresholdW: 500 };
    for (const bad of [1e-320, 5e-324, 1e-7, 0.001, 12.345, 0.125]) {
      expect(cfg({ ...roomy, [field]: bad })?.[key], String(bad)).toBe('must have at most 2 decimals');
    }
    for (const good of [0.5, 12.25, 3.1, 0.01, 250]) {
      expect(cfg({ ...roomy, [field]: good }), String(good)).toBeNull();
    }
  });
});

describe('device name: something a person can see', () => {
  it.each([
    ['zero-width spaces', '\u200B\u200B'],
    ['a right-to-left override', '\u202E'],
    ['direction marks and isolates', '\u200E\u2067\u2069\u200F'],
    ['a byte order mark and a word joiner between spaces', ' \u2060 \uFEFF '],
    ['Hangul fillers', '\u3164\u115F'],
    ['combining marks with no letter', '\u0301\u0308'],
    ['tag characters', '\u{E0041}\u{E0042}'],
  ])('refuses a name made only of %s', (_label, name) => {
    expect(errorsOf({ ...valid, name })).toEqual({
      name: 'must contain a visible character (it holds only invisible or direction-control characters)',
    });
  });

  it.each([
    ['Arabic', 'قاطع ليزر'],
    ['an emoji with a joiner', '👩‍🔧 bench'],
    ['a letter with a combining accent', 'Fra\u0308se'],
    ['visible text inside direction marks', '\u200FLaser\u200E'],
  ])('accepts %s', (_label, name) => {
    expect(errorsOf({ ...valid, name })).toBeNull();
  });
});

describe('device patch', () => {
  const current = { ...parsed(valid) };

  it('accepts any subset of fields and refuses unknown ones', () => {
    expect(devicePatchSchema.safeParse({}).success).toBe(true);
    expect(devicePatchSchema.safeParse({ name: 'x', strategyConfig: { workingThresholdW: 5 } }).success).toBe(
      true,
    );
    expect(devicePatchSchema.safeParse({ id: 3 }).success).toBe(false);
    expect(devicePatchSchema.safeParse({ strategyConfig: 5 }).success).toBe(false);
  });

  it('merges a partial strategy config into the current one', () => {
    const merged = mergePatch(current, { strategyConfig: { workingThresholdW: 300 } });
    expect(merged.strategyConfig).toEqual({ ...DEFAULT_STRATEGY_CONFIG, workingThresholdW: 300 });
    expect(merged.name).toBe(current.name);
  });

  it('makes a patch that puts standby at or above working invalid as a whole', () => {
    const merged = mergePatch(current, { strategyConfig: { standbyThresholdW: 100 } });
    const result = deviceFieldsSchema.safeParse(merged);
    expect(result.success).toBe(false);
    expect(Object.keys(fieldErrorsFromIssues(result.error?.issues ?? []))).toEqual([
      'strategyConfig.workingThresholdW',
    ]);
  });

  it('does not change the current device while merging', () => {
    const before = structuredClone(current);
    mergePatch(current, { name: 'Other', strategyConfig: { standbyThresholdW: 1 } });
    expect(current).toEqual(before);
  });
});
