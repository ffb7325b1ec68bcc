/**
 * The page's Content-Security-Policy: one source for both hosts (the web host's response header, the desktop
 * app's app:// protocol and its dev-server responses). Pure text so src-shared can hold it.
 *
 * Scripts come only from the page's own origin: no inline script, no eval (zod runs jitless, see
 * src-shared/zod-jitless.ts), no remote code. 'unsafe-inline' for styles only: React and sonner set style
 * attributes and the toast library injects a <style> element at run time. `connect-src 'self'` also covers the
 * dev server's hot-reload WebSocket on the same host and port.
 */
export const CSP_DIRECTIVES = {
  'default-src': ["'self'"],
  'script-src': ["'self'"],
  'style-src': ["'self'", "'unsafe-inline'"],
  'img-src': ["'self'", 'data:'],
  'font-src': ["'self'"],
  'connect-src': ["'self'"],
  'object-src': ["'none'"],
  'base-uri': ["'none'"],
  'form-action': ["'none'"],
  'frame-src': ["'none'"],
  'frame-ancestors': ["'none'"],
} as const satisfies Record<string, readonly string[]>;

/** The policy as one header value. */
export const CONTENT_SECURITY_POLICY = Object.entries(CSP_DIRECTIVES)
  .map(([name, sources]) => `${name} ${sources.join(' ')}`)
  .join('; ');
