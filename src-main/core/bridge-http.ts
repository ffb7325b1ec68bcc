/**
 * What every HTTP call to the bridge shares: URL joining, axios settings, and one classification of failures
 * (HTTP failures are classified once, retryable or final: ARCHITECTURE.md "Sync").
 */
import http from 'node:http';
import https from 'node:https';
import { type CreateAxiosDefaults, isAxiosError } from 'axios';
import { bridgeUrlError, type PushFailureKind } from '../../src-shared';

/** The longest bridge message kept in an outcome (a proxy's HTML error page must not flood the push log). */
const MAX_MESSAGE_CHARS = 500;

/** A failed attempt, classified once: what the outcome says and whether another attempt may help. */
export interface ClassifiedFailure {
  kind: PushFailureKind;
  status?: number;
  /** For the outcome: the bridge's own words, or what went wrong on the network. */
  message: string;
  /** For log lines: `ECONNRESET`, `HTTP 503`, `timeout`. */
  short: string;
  retryable: boolean;
}

/**
 * `{base}/{path}` keeping the base's path prefix (`http://h:8080/b` + `config` → `http://h:8080/b/config`),
 * with exactly one slash between them. Throws when base is not a usable http(s) URL.
 */
export function joinBridgeUrl(base: string, path: string): string {
  const why = bridgeUrlError(base);
  if (why) throw new TypeError(`the bridge URL "${base}" ${why}`);
  const url = new URL(base.trim());
  const prefix = url.pathname.replace(/\/+$/, '');
  url.pathname = `${prefix}/${path.replace(/^\/+/, '')}`;
  return url.toString();
}

/**
 * Axios settings every call to a bridge shares. Redirects are not followed: a bridge that redirects means a
 * misconfigured URL (http → https, a missing path prefix), and following would resend the config and the
 * token to wherever the Location points. No proxy from the environment: the bridge lives on the workshop's
 * LAN, and an HTTP(S)_PROXY meant for the internet must not swallow it. No keep-alive: one push every few
 * seconds at most gains nothing from pooling, and a pooled socket the bridge already closed turns into a
 * spurious ECONNRESET.
 */
export function bridgeAxiosDefaults(timeoutMs: number): CreateAxiosDefaults {
  return {
    timeout: timeoutMs,
    maxRedirects: 0,
    proxy: false,
    httpAgent: new http.Agent({ keepAlive: false }),
    httpsAgent: new https.Agent({ keepAlive: false }),
    // Raw text in, parsed by us: a 2xx with a non-JSON body is still a success, and error bodies of any
    // shape (FastAPI JSON, a proxy's HTML) become a message.
    responseType: 'text',
    transformResponse: [(data: unknown) => data],
    maxContentLength: 1024 * 1024,
  };
}

/** Codes that no retry will fix within a push: a bad option, a cancelled request, a bad TLS certificate. */
const FINAL_ERROR_CODES = new Set([
  'ERR_CANCELED',
  'ERR_INVALID_URL',
  'ERR_BAD_OPTION',
  'ERR_BAD_OPTION_VALUE',
  'ERR_NOT_SUPPORT',
  'ERR_FR_TOO_MANY_REDIRECTS',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);

const NETWORK_WORDS: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'connection reset',
  ENOTFOUND: 'host name not found',
  EAI_AGAIN: 'DNS lookup failed for now',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  EPIPE: 'connection closed while sending',
};

/**
 * Classifies one failed attempt (also the last). 408 and 429 are the two 4xx that are retried: both say
 * "not now" rather than "this config is wrong", and the Idempotency-Key makes resending safe. When they
 * persist they end as `timeout` (408) and `server_error` (429), not `rejected`, so the sync engine's
 * background loop keeps trying instead of waiting for a user to change something that is not wrong.
 */
export function classifyBridgeError(error: unknown, timeoutMs: number, bridgeUrl: string): ClassifiedFailure {
  const at = bridgeUrl ? ` (${bridgeUrl})` : '';
  if (!isAxiosError(error)) {
    const message = error instanceof Error ? error.message : String(error);
    return { kind: 'unreachable', message: `unexpected error: ${message}`, short: 'error', retryable: false };
  }
  const response = error.response;
  if (response && (response.status < 200 || response.status >= 300)) {
    const status = response.status;
    const said = extractBridgeMessage(response.data, headerOf(response.headers, 'content-type'));
    const plain = `HTTP ${status}${response.statusText ? ` ${response.statusText}` : ''}`;
    const short = `HTTP ${status}`;
    if (status >= 300 && status < 400) {
      const location = headerOf(response.headers, 'location');
      const message =
        `the bridge redirected (HTTP ${status}) to ${location ?? 'an unnamed location'}: the bridge URL is ` +
        'probably misconfigured (http instead of https, or a missing path prefix); redirects are not followed';
      return { kind: 'rejected', status, message, short, retryable: false };
    }
    if (status === 408) return { kind: 'timeout', status, message: said ?? plain, short, retryable: true };
    if (status === 429)
      return { kind: 'server_error', status, message: said ?? plain, short, retryable: true };
    if (status >= 500)
      return { kind: 'server_error', status, message: said ?? plain, short, retryable: true };
    return { kind: 'rejected', status, message: said ?? plain, short, retryable: false };
  }
  if (response) {
    // A 2xx whose body was cut off: the bridge may or may not have taken the config. Resending is safe
    // (Idempotency-Key), so this counts as a broken connection.
    return {
      kind: 'unreachable',
      message: `the connection broke mid-response (HTTP ${response.status})${at}`,
      short: 'ECONNRESET',
      retryable: true,
    };
  }
  const code = error.code ?? 'ERR_NETWORK';
  if (code === 'ECONNABORTED' || code === 'ETIMEDOUT') {
    return {
      kind: 'timeout',
      message: `no answer within ${timeoutMs} ms${at}`,
      short: 'timeout',
      retryable: true,
    };
  }
  const words = NETWORK_WORDS[code] ?? error.message;
  return {
    kind: 'unreachable',
    message: `${code}: ${words}${at}`,
    short: code,
    retryable: !FINAL_ERROR_CODES.has(code),
  };
}

/**
 * The bridge's own words from an error body: FastAPI's `{"detail": "…"}` or `{"detail": [{loc, msg}]}`,
 * `{"message": …}`, `{"error": …}`, or short plain text (HTML tags stripped). Null when the body says nothing.
 */
export function extractBridgeMessage(data: unknown, contentType?: string): string | null {
  const text =
    typeof data === 'string' ? data : data === undefined || data === null ? '' : JSON.stringify(data);
  if (text.trim() === '') return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    const plain =
      /html/i.test(contentType ?? '') || /^\s*</.test(text) ? text.replace(/<[^>]*>/g, ' ') : text;
    return truncate(plain);
  }
  if (typeof parsed === 'string') return truncate(parsed);
  if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) {
    const body = parsed as Record<string, unknown>;
    for (const key of ['detail', 'message', 'error']) {
      const said = renderDetail(body[key]);
      if (said) return truncate(said);
    }
  }
  return truncate(text);
}

function renderDetail(value: unknown): string | null {
  if (typeof value === 'string') return value.trim() || null;
  if (Array.isArray(value)) {
    // FastAPI validation errors: [{loc: ['body', 'devices', 0, 'name'], msg: 'Field required', type}]
    const parts = value.map((item) => {
      if (item && typeof item === 'object') {
        const { loc, msg } = item as { loc?: unknown; msg?: unknown };
        if (typeof msg === 'string')
          return Array.isArray(loc) && loc.length > 0 ? `${loc.join('.')}: ${msg}` : msg;
      }
      return typeof item === 'string' ? item : JSON.stringify(item);
    });
    return parts.join('; ') || null;
  }
  if (value && typeof value === 'object') {
    const nested = (value as { message?: unknown }).message;
    return typeof nested === 'string' && nested.trim() ? nested.trim() : JSON.stringify(value);
  }
  return null;
}

function truncate(text: string): string | null {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (flat === '') return null;
  return flat.length > MAX_MESSAGE_CHARS ? `${flat.slice(0, MAX_MESSAGE_CHARS - 1)}…` : flat;
}

/**
 * The request headers every call to a bridge sends: `Accept: application/json`, and `Authorization: Bearer`
 * when a token is set (blank means none). `extra` adds the call's own (Content-Type, Idempotency-Key).
 */
export function bridgeHeaders(
  token: string | undefined,
  extra: Record<string, string> = {},
): Record<string, string> {
  const bearer = token?.trim();
  return { Accept: 'application/json', ...extra, ...(bearer ? { Authorization: `Bearer ${bearer}` } : {}) };
}

/** A response header by its lower-case name (Node hands axios lower-case names). */
export function headerOf(headers: unknown, name: string): string | undefined {
  const value = (headers as Record<string, unknown> | undefined)?.[name];
  return typeof value === 'string' ? value : undefined;
}
