/**
 * The bridge's own words from an answer body, made safe to show and to log: bounded in length and depth (a
 * hostile or broken bridge can send megabytes, 50,000-item lists or 100,000-deep nesting), and with control
 * characters escaped (ANSI colour codes, OSC-8 links and direction overrides must not reach a terminal or a log
 * as themselves).
 */

/** The longest bridge message kept in an outcome (a proxy's HTML error page must not flood the push log). */
export const MAX_MESSAGE_CHARS = 500;
/** Items of a FastAPI `detail` list shown before "and n more". */
const MAX_DETAIL_ITEMS = 10;
/** Levels of nesting rendered before "…". */
const MAX_DEPTH = 4;

/**
 * The bridge's own words from an error body: FastAPI's `{"detail": "…"}` or `{"detail": [{loc, msg}]}`,
 * `{"message": …}`, `{"error": …}`, or short plain text (HTML tags stripped). Null when the body says nothing.
 */
export function extractBridgeMessage(data: unknown, contentType?: string): string | null {
  const text =
    typeof data === 'string' ? data : data === undefined || data === null ? '' : compactJson(data, 0);
  if (text.trim() === '') return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    const salvaged = salvageDetail(text);
    if (salvaged) return clean(salvaged);
    const html = /html/i.test(contentType ?? '') || /^\s*</.test(text);
    return clean(html ? text.replace(/<[^>]*>/g, ' ') : text);
  }
  if (typeof parsed === 'string') return clean(parsed);
  if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) {
    const body = parsed as Record<string, unknown>;
    for (const key of ['detail', 'message', 'error']) {
      const said = renderDetail(body[key]);
      if (said) return clean(said);
    }
  }
  return clean(compactJson(parsed, 0));
}

/**
 * Text from a bridge, fit for a log line or a terminal: control characters (C0, DEL, C1) and bidirectional
 * overrides written as `\u001b`-style escapes, so they show instead of acting.
 */
export function escapeControl(text: string): string {
  return text.replace(
    /[\p{Cc}\u200e\u200f\u202a-\u202e\u2066-\u2069]/gu,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

/** Whitespace folded, control characters escaped, at most MAX_MESSAGE_CHARS; null when nothing is left. */
export function clean(text: string, max = MAX_MESSAGE_CHARS): string | null {
  const flat = escapeControl(
    text
      .slice(0, max * 4)
      .replace(/\s+/g, ' ')
      .trim(),
  );
  if (flat === '') return null;
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

/**
 * The words of a FastAPI body cut off at the read limit (not valid JSON any more): its string `detail`, or the
 * `loc: msg` of the list items that arrived whole.
 */
function salvageDetail(text: string): string | null {
  const head = /^\s*\{\s*"detail"\s*:\s*("|\[)/.exec(text);
  if (!head) return null;
  if (head[1] === '"') {
    const said = /^"((?:[^"\\]|\\.)*)/.exec(text.slice(head[0].length - 1))?.[1] ?? '';
    return unescapeJson(said) || null;
  }
  const items = [...text.matchAll(/"loc"\s*:\s*(\[[^\]]*\])[^{}]*?"msg"\s*:\s*"((?:[^"\\]|\\.)*)"/g)];
  const parts = items.slice(0, MAX_DETAIL_ITEMS).map(([, loc, msg]) => {
    let where = '';
    try {
      where = (JSON.parse(loc ?? '[]') as unknown[]).filter((p) => typeof p !== 'object').join('.');
    } catch {
      // A loc we cannot read: the message alone.
    }
    const words = unescapeJson(msg ?? '');
    return where ? `${where}: ${words}` : words;
  });
  if (parts.length === 0) return null;
  return `${parts.join('; ')}; and more`;
}

function unescapeJson(inner: string): string {
  try {
    return JSON.parse(`"${inner.replace(/\\$/, '')}"`) as string;
  } catch {
    return inner;
  }
}

function renderDetail(value: unknown): string | null {
  if (typeof value === 'string') return value.trim() || null;
  if (Array.isArray(value)) {
    // FastAPI validation errors: [{loc: ['body', 'devices', 0, 'name'], msg: 'Field required', type}]
    const parts = value.slice(0, MAX_DETAIL_ITEMS).map((item) => {
      if (item && typeof item === 'object' && !Array.isArray(item)) {
        const { loc, msg } = item as { loc?: unknown; msg?: unknown };
        if (typeof msg === 'string') {
          const where = Array.isArray(loc)
            ? loc
                .slice(0, 12)
                .filter((p) => typeof p !== 'object')
                .join('.')
            : '';
          return where ? `${where}: ${msg}` : msg;
        }
      }
      return typeof item === 'string' ? item : compactJson(item, 1);
    });
    const more = value.length - MAX_DETAIL_ITEMS;
    if (more > 0) parts.push(`and ${more} more`);
    return parts.join('; ') || null;
  }
  if (value && typeof value === 'object') {
    const nested = (value as { message?: unknown }).message;
    return typeof nested === 'string' && nested.trim() ? nested.trim() : compactJson(value, 0);
  }
  return null;
}

/** JSON of a value, cut at MAX_DEPTH levels and a few hundred characters: never recurses without bound. */
function compactJson(value: unknown, depth: number): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? String(value);
  if (depth >= MAX_DEPTH) return Array.isArray(value) ? '[…]' : '{…}';
  let out = '';
  if (Array.isArray(value)) {
    for (const item of value) {
      out += `${out ? ',' : ''}${compactJson(item, depth + 1)}`;
      if (out.length > MAX_MESSAGE_CHARS) return `[${out.slice(0, MAX_MESSAGE_CHARS)}…]`;
    }
    return `[${out}]`;
  }
  for (const [key, item] of Object.entries(value)) {
    out += `${out ? ',' : ''}${JSON.stringify(key)}:${compactJson(item, depth + 1)}`;
    if (out.length > MAX_MESSAGE_CHARS) return `{${out.slice(0, MAX_MESSAGE_CHARS)}…}`;
  }
  return `{${out}}`;
}
