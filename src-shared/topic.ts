/**
 * MQTT topic filter rules, MQTT 3.1.1 §4.7 and 5.0 §4.7, plus what the bridge's parsers can use.
 * Returns null when the filter is valid, or a sentence saying what is wrong and what to write instead.
 */
export function topicFilterError(filter: string): string | null {
  if (filter.length === 0) return 'is required (an MQTT topic filter such as shellies/laser/#)';
  // §4.7.3: a topic filter is at most 65535 bytes of UTF-8.
  if (utf8Length(filter) > 65535) return 'is longer than MQTT allows (65535 UTF-8 bytes)';
  if (filter.includes('\u0000')) return 'must not contain the NUL character (U+0000)';
  // §4.7.2: topics starting with $ are reserved for the broker ($SYS/...); the bridge never sees them.
  if (filter.startsWith('$')) return 'must not start with $ (reserved for the broker, e.g. $SYS)';
  const levels = filter.split('/');
  for (let i = 0; i < levels.length; i++) {
    const level = levels[i]!;
    if (level.includes('#')) {
      // §4.7.1.2: the multi-level wildcard stands alone in the last level.
      if (level !== '#') return `"#" must stand alone in its level (write "${suggestAlone(levels, i, '#')}")`;
      if (i !== levels.length - 1) return '"#" may only be the last level (e.g. shellies/laser/#)';
    }
    if (level.includes('+') && level !== '+') {
      // §4.7.1.3: the single-level wildcard occupies a whole level.
      return `"+" must stand alone in its level (write "${suggestAlone(levels, i, '+')}")`;
    }
  }
  return null;
}

/**
 * Shelly meters publish on `<prefix>/status/pm1:0`, so a `shelly_pm` device takes either `<prefix>/#`
 * (the bridge subscribes to the status topic under it) or one concrete topic. Returns null when fine.
 */
export function shellyTopicError(filter: string): string | null {
  const generic = topicFilterError(filter);
  if (generic) return generic;
  const levels = filter.split('/');
  const wildcardAt = levels.findIndex((level) => level === '+' || level === '#');
  if (wildcardAt === -1) return null;
  // The prefix must be non-empty: "/#" would reach the bridge unchanged (toMqttTopic), subscribing to everything.
  const isPrefixHash = wildcardAt === levels.length - 1 && levels[wildcardAt] === '#' && filter.length > 2;
  if (isPrefixHash && !levels.slice(0, -1).includes('+')) return null;
  // Suggest the levels the person wrote without the wildcards ("shellies/+/laser" → "shellies/laser/#"), else
  // the levels before the first wildcard, else a sample; always one a Shelly device accepts.
  const candidates = [
    levels.filter((level) => level !== '+' && level !== '#' && level !== '').join('/'),
    levels.slice(0, wildcardAt).join('/'),
    'shellypmmini-laser',
  ];
  const prefix =
    candidates.find((p) => p !== '' && topicFilterError(`${p}/#`) === null) ?? 'shellypmmini-laser';
  return `a Shelly PM device needs "<prefix>/#" or a concrete topic: write "${prefix}/#" or "${prefix}/status/pm1:0"`;
}

/** The topic the bridge subscribes to for a device: `<prefix>/#` of a Shelly becomes its status topic. */
export function toMqttTopic(topicPattern: string, parserType: 'shelly_pm' | 'generic'): string {
  if (parserType === 'shelly_pm' && topicPattern.endsWith('/#') && topicPattern.length > 2) {
    return `${topicPattern.slice(0, -2)}/status/pm1:0`;
  }
  return topicPattern;
}

function suggestAlone(levels: string[], index: number, wildcard: '#' | '+'): string {
  const fixed = levels.slice();
  const cleaned = levels[index]!.replaceAll('#', '').replaceAll('+', '');
  if (wildcard === '#') {
    const head = fixed.slice(0, index).concat(cleaned ? [cleaned] : []);
    return [...head, '#'].join('/');
  }
  fixed.splice(index, 1, ...(cleaned ? [cleaned, '+'] : ['+']));
  return fixed.join('/');
}

function utf8Length(text: string): number {
  let bytes = 0;
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    bytes += cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
  }
  return bytes;
}
