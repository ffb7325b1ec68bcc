/**
 * Which links may leave the app for the system browser. Pure and Electron-free so it is tested with
 * hostile URLs (tests/electron/trusted-url.test.ts).
 *
 * Why so strict: `shell.openExternal` hands the string to the OS, which opens `file:`, `smb:`, `javascript:`
 * or custom-protocol URLs with whatever handler is installed — a classic route from a renderer bug to code
 * execution. https://www.electronjs.org/docs/latest/tutorial/security#15-do-not-use-shellopenexternal-with-untrusted-content
 */

const MAX_URL_LENGTH = 2048;

/** The URL to open in the system browser when `raw` is a plain http(s) link; null when it must not be opened. */
export function trustedExternalUrl(raw: unknown): string | null {
  if (typeof raw !== 'string' || raw.length === 0 || raw.length > MAX_URL_LENGTH) return null;
  // Control characters and whitespace can smuggle a second argument or a different URL past a handler.
  // biome-ignore lint/suspicious/noControlCharactersInRegex: rejecting control characters is the point.
  if (/[\u0000-\u0020\u007f-\u009f]/.test(raw)) return null;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return null;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
  if (!url.hostname) return null;
  // `https://bank.example@evil.example/` shows one host and opens another.
  if (url.username || url.password) return null;
  // Hand the OS the normalised form, never the raw string.
  return url.href;
}
