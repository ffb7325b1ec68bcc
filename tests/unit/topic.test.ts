import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { shellyTopicError, toMqttTopic, topicFilterError } from '../../src-shared/topic';

const utf8Bytes = (s: string) => Buffer.byteLength(s, 'utf8');

describe('MQTT topic filter rules (MQTT 3.1.1 / 5.0 §4.7)', () => {
  it.each([
    'shaperorigin/#',
    '#',
    '+',
    'a/+/b',
    '+/+/#',
    'shellies/laser/status/pm1:0',
    'a/b/',
    '/a',
    'werkstatt/größe/€/😀',
    'a$/b',
    'a/$SYS',
  ])('accepts the valid filter %j', (filter) => {
    expect(topicFilterError(filter)).toBeNull();
  });

  it('refuses an empty filter, saying it is required', () => {
    expect(topicFilterError('')).toMatch(/required/);
  });

  it('accepts exactly 65535 UTF-8 bytes and refuses 65536 (ASCII)', () => {
    const max = 'a'.repeat(65535);
    expect(topicFilterError(max)).toBeNull();
    expect(topicFilterError(`${max}b`)).toMatch(/65535/);
  });

  it('counts UTF-8 bytes, not characters, for multibyte text', () => {
    // '€' is 3 bytes: 21845 of them are 65535 bytes but only 21845 characters.
    const euros = '€'.repeat(21845);
    expect(utf8Bytes(euros)).toBe(65535);
    expect(topicFilterError(euros)).toBeNull();
    expect(topicFilterError(`${euros}a`)).toMatch(/65535/);
    // 'é' is 2 bytes: 32768 of them are 65536 bytes.
    expect(topicFilterError('é'.repeat(32767))).toBeNull();
    expect(topicFilterError('é'.repeat(32768))).toMatch(/65535/);
    // '😀' is 4 bytes (a surrogate pair in JS): 16383 of them + 3 ASCII = 65535 bytes.
    const emoji = `${'😀'.repeat(16383)}abc`;
    expect(utf8Bytes(emoji)).toBe(65535);
    expect(topicFilterError(emoji)).toBeNull();
    expect(topicFilterError(`${emoji}d`)).toMatch(/65535/);
  });

  it('refuses the NUL character U+0000 anywhere', () => {
    expect(topicFilterError('a/\u0000/b')).toMatch(/NUL/);
    expect(topicFilterError('\u0000')).toMatch(/NUL/);
  });

  it.each(['a/#/b', '#/a', '#/#'])('refuses "#" that is not the last level: %j', (filter) => {
    expect(topicFilterError(filter)).toMatch(/"#" may only be the last level/);
  });

  it.each([
    ['a/b#', 'a/b/#'],
    ['a/#b', 'a/b/#'],
    ['a##', 'a/#'],
    ['a/x#y/c', 'a/xy/#'],
  ])('refuses "#" sharing its level in %j and suggests %j', (filter, suggestion) => {
    const error = topicFilterError(filter);
    expect(error).toMatch(/"#" must stand alone in its level/);
    expect(error).toContain(`"${suggestion}"`);
  });

  it.each([
    ['a/b+', 'a/b/+'],
    ['+a/b', 'a/+/b'],
    ['a/++/c', 'a/+/c'],
  ])('refuses "+" sharing its level in %j and suggests %j', (filter, suggestion) => {
    const error = topicFilterError(filter);
    expect(error).toMatch(/"\+" must stand alone in its level/);
    expect(error).toContain(`"${suggestion}"`);
  });

  it.each(['$SYS/#', '$', '$share/g/a'])('refuses a filter starting with "$": %j', (filter) => {
    expect(topicFilterError(filter)).toMatch(/\$/);
  });
});

describe('Shelly PM topic rules', () => {
  it.each(['shellypmmini-laser/#', 'a/b/#'])('accepts the prefix form %j', (filter) => {
    expect(shellyTopicError(filter)).toBeNull();
  });

  it.each(['shellypmmini-laser/status/pm1:0', 'laser'])('accepts the concrete topic %j', (filter) => {
    expect(shellyTopicError(filter)).toBeNull();
  });

  it('refuses a/+/b and says what to write instead', () => {
    const error = shellyTopicError('a/+/b');
    expect(error).toContain('"a/b/#"');
    expect(error).toContain('"a/b/status/pm1:0"');
  });

  it.each(['#', '+', '+/#', 'a/+', 'a/+/#', '+/status/pm1:0'])('refuses the wildcard use %j', (filter) => {
    const error = shellyTopicError(filter);
    expect(error).toMatch(/<prefix>\/#/);
  });

  it('suggests the written levels without the wildcard, or a sample prefix when none are left', () => {
    expect(shellyTopicError('+/x')).toContain('"x/#"');
    expect(shellyTopicError('shellies/+/laser')).toContain('"shellies/laser/#"');
    expect(shellyTopicError('+/#')).toContain('"shellypmmini-laser/#"');
  });

  it('refuses "/#": an empty prefix names no device and would reach the bridge as "/#"', () => {
    expect(shellyTopicError('/#')).toContain('"shellypmmini-laser/#"');
  });

  it('reports the generic rule first when the filter breaks MQTT itself', () => {
    expect(shellyTopicError('')).toMatch(/required/);
    expect(shellyTopicError('$SYS/#')).toMatch(/\$/);
    expect(shellyTopicError('a/#/b')).toMatch(/last level/);
  });

  it('lets a generic device take a/+/b', () => {
    expect(topicFilterError('a/+/b')).toBeNull();
  });
});

describe('the topic the bridge subscribes to', () => {
  it('turns a Shelly "<prefix>/#" into "<prefix>/status/pm1:0"', () => {
    expect(toMqttTopic('shellypmmini-laser/#', 'shelly_pm')).toBe('shellypmmini-laser/status/pm1:0');
    expect(toMqttTopic('a/b/#', 'shelly_pm')).toBe('a/b/status/pm1:0');
  });

  it('keeps a concrete Shelly topic as it is', () => {
    expect(toMqttTopic('shellypmmini-laser/status/pm1:0', 'shelly_pm')).toBe(
      'shellypmmini-laser/status/pm1:0',
    );
  });

  it('passes a generic pattern through unchanged, wildcards included', () => {
    expect(toMqttTopic('a/+/b', 'generic')).toBe('a/+/b');
    expect(toMqttTopic('a/#', 'generic')).toBe('a/#');
  });
});

// --- properties -------------------------------------------------------------------------------------------

/** Characters a level may hold: anything but '/', '#', '+' and NUL; multibyte and '$' included. */
const levelChar = fc.constantFrom(...'abcxyz019-_:.$ é€😀'.split(/(?:)/u));
const plainLevel = fc.array(levelChar, { maxLength: 6 }).map((chars) => chars.join(''));
/** A level that may start a filter: not starting with '$'. */
const firstLevel = plainLevel.filter((level) => !level.startsWith('$'));

/** A legal filter: plain levels, any of them possibly '+', optionally ending in '#'. */
const legalFilter = fc
  .tuple(
    fc.oneof(firstLevel, fc.constant('+')),
    fc.array(fc.oneof(plainLevel, fc.constant('+')), { maxLength: 6 }),
    fc.boolean(),
  )
  .map(([first, rest, hash]) => [first, ...rest, ...(hash ? ['#'] : [])].join('/'))
  .filter((filter) => filter.length > 0);

describe('topic validator properties', () => {
  it('accepts every filter built from valid levels with wildcards placed legally', () => {
    fc.assert(
      fc.property(legalFilter, (filter) => {
        expect(topicFilterError(filter)).toBeNull();
      }),
    );
  });

  it('refuses "#" inserted inside a level that holds other characters', () => {
    fc.assert(
      fc.property(
        fc.array(
          firstLevel.filter((l) => l.length > 0),
          { minLength: 1, maxLength: 5 },
        ),
        fc.nat(),
        fc.nat(),
        (levels, whichLevel, at) => {
          const i = whichLevel % levels.length;
          const chars = [...levels[i]!];
          chars.splice(at % (chars.length + 1), 0, '#');
          const bad = levels.slice();
          bad[i] = chars.join('');
          expect(topicFilterError(bad.join('/'))).toMatch(/"#" must stand alone/);
        },
      ),
    );
  });

  it('refuses "#" as a whole level anywhere but last', () => {
    fc.assert(
      fc.property(fc.array(firstLevel, { minLength: 1, maxLength: 5 }), fc.nat(), (levels, at) => {
        const bad = levels.slice();
        bad.splice(at % levels.length, 0, '#');
        expect(topicFilterError(bad.join('/'))).toMatch(/"#" may only be the last level/);
      }),
    );
  });

  it('refuses "+" sharing a level, and its suggestion is a valid filter', () => {
    fc.assert(
      fc.property(
        fc.array(
          firstLevel.filter((l) => l.length > 0),
          { minLength: 1, maxLength: 5 },
        ),
        fc.nat(),
        fc.nat(),
        (levels, whichLevel, at) => {
          const i = whichLevel % levels.length;
          const chars = [...levels[i]!];
          chars.splice(at % (chars.length + 1), 0, '+');
          const bad = levels.slice();
          bad[i] = chars.join('');
          const error = topicFilterError(bad.join('/'));
          expect(error).toMatch(/"\+" must stand alone/);
          const suggestion = /write "(.*)"\)$/.exec(error ?? '')?.[1];
          expect(suggestion).toBeDefined();
          expect(topicFilterError(suggestion!)).toBeNull();
        },
      ),
    );
  });

  it('never throws and always answers null or a sentence, whatever the string', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.string({ unit: 'binary' }), fc.string({ unit: 'grapheme' }), fc.string()),
        (s) => {
          const generic = topicFilterError(s);
          const shelly = shellyTopicError(s);
          expect(generic === null || (typeof generic === 'string' && generic.length > 0)).toBe(true);
          expect(shelly === null || (typeof shelly === 'string' && shelly.length > 0)).toBe(true);
          // Shelly's rules are stricter than MQTT's, never looser.
          if (shelly === null) expect(generic).toBeNull();
        },
      ),
      { numRuns: 500 },
    );
  });

  it('accepts for Shelly exactly the legal filters that are concrete or "<prefix>/#"', () => {
    fc.assert(
      fc.property(legalFilter, (filter) => {
        const levels = filter.split('/');
        const concrete = !levels.includes('+') && !levels.includes('#');
        const prefixHash = filter.length > 2 && levels.at(-1) === '#' && !levels.includes('+');
        expect(shellyTopicError(filter) === null).toBe(concrete || prefixHash);
      }),
      { examples: [['/#'], ['#'], ['//#']] },
    );
  });

  it('turns every filter a Shelly device accepts into a concrete topic for the bridge', () => {
    fc.assert(
      fc.property(legalFilter, (filter) => {
        if (shellyTopicError(filter) !== null) return;
        const sent = toMqttTopic(filter, 'shelly_pm');
        expect(sent.split('/').some((level) => level === '#' || level === '+')).toBe(false);
        expect(topicFilterError(sent)).toBeNull();
      }),
      { examples: [['/#'], ['//#'], ['a/#']] },
    );
  });

  it('suggests, when refusing a Shelly filter, topics a Shelly device accepts', () => {
    fc.assert(
      fc.property(legalFilter, (filter) => {
        const error = shellyTopicError(filter);
        if (error === null) return;
        const suggestions = [...error.matchAll(/write "([^"]*)" or "([^"]*)"/g)].flatMap((m) => [
          m[1]!,
          m[2]!,
        ]);
        expect(suggestions).toHaveLength(2);
        for (const s of suggestions) expect(shellyTopicError(s)).toBeNull();
      }),
    );
  });
});
