/**
 * Text checks shared by the device and settings schemas: characters that cannot be stored faithfully, and text
 * that a person could not see.
 */

/**
 * A lone UTF-16 surrogate cannot be stored: SQLite keeps UTF-8 and silently turns it into U+FFFD (and a URL
 * parser does the same), so the value would read back different from what was saved. MQTT §1.5.4 forbids
 * surrogates in topics anyway.
 */
const LONE_SURROGATE = /\p{Cs}/u;
export const hasLoneSurrogate = (text: string): boolean => LONE_SURROGATE.test(text);
export const LONE_SURROGATE_MESSAGE = 'must not contain a broken character (a lone UTF-16 surrogate)';

/**
 * Characters that show nothing by themselves: white space, control and format characters (zero-width spaces and
 * joiners, direction marks, embeddings, overrides and isolates, tag characters), combining marks with no base,
 * and the blank "filler" letters (Hangul fillers, the blank braille pattern).
 */
const INVISIBLE = /[\p{White_Space}\p{Cc}\p{Cf}\p{Mn}\p{Me}\p{Cs}\u115F\u1160\u3164\uFFA0\u2800]/gu;

/** Whether the text has at least one character a person can see. */
export const hasVisibleCharacter = (text: string): boolean => text.replace(INVISIBLE, '').length > 0;
export const INVISIBLE_MESSAGE =
  'must contain a visible character (it holds only invisible or direction-control characters)';
