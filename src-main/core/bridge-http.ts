/**
 * What every HTTP call to the bridge shares: URL joining, axios settings, and one classification of failures
 * (HTTP failures are classified once, retryable or final: ARCHITECTURE.md "Sync").
 */
import http from 'node:http';
import https from 'node:https';
import { type CreateAxiosDefaults, isAxiosError } from 'axios';
import { bridgeUrlError, type PushFailureKind } from '../../src-shared';
import { escapeControl, extractBridgeMessage } from './bridge-message';

/** A failed attempt, classified once: what the outcome says and whether another attempt may help. */
export interface ClassifiedFailure {
  kind: PushFailureKind;
  status?: number;
  /** For the outcome: the bridge's own words, or what went wrong on the network. */
  message: string;
  /** For log lines: `ECONNRESET`, `HTTP 503`, `timeout`. */
  short: string;
  retryable: boolean;
  /** A 429 or 503 that said when to come back (Retry-After), in ms, capped at RETRY_AFTER_CAP_MS. */
  retryAfterMs?: number;
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
    // The status decides, never the body: the answer is a stream of which at most MAX_BODY_BYTES are read
    // (readBodyPrefix), so a 2 MB acknowledgement is still an acknowledgement and a 3 MB error a refusal.
    responseType: 'stream',
    transformResponse: [(data: unknown) => data],
  };
}

/** The most of an answer body that is ever read: plenty for a message or a config hash. */
export const MAX_BODY_BYTES = 64 * 1024;

/**
 * Reads at most maxBytes of an answer body as UTF-8, then lets go of the stream. Ends early, with what has
 * arrived, when the stream breaks or `signal` aborts (the attempt's deadline). Never throws.
 */
export function readBodyPrefix(
  data: unknown,
  maxBytes: number,
  signal?: AbortSignal | null,
): Promise<string> {
  if (!isReadable(data)) return Promise.resolve(typeof data === 'string' ? data.slice(0, maxBytes) : '');
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    const finish = () => {
      if (done) return;
      done = true;
      signal?.removeEventListener('abort', finish);
      data.destroy();
      resolve(Buffer.concat(chunks).subarray(0, maxBytes).toString('utf8'));
    };
    if (maxBytes <= 0 || signal?.aborted) return finish();
    signal?.addEventListener('abort', finish);
    data.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
      size += chunk.length;
      if (size >= maxBytes) finish();
    });
    data.on('end', finish);
    data.on('error', finish);
    data.on('close', finish);
  });
}

type ReadableBody = NodeJS.ReadableStream & { destroy(): void };

function isReadable(data: unknown): data is ReadableBody {
  return (
    typeof (data as ReadableBody | null)?.on === 'function' &&
    typeof (data as ReadableBody).destroy === 'function'
  );
}

/** The longest wait a Retry-After may ask of the background retry. */
export const RETRY_AFTER_CAP_MS = 60_000;

/** A Retry-After header (seconds, or an HTTP date) as milliseconds from `now`, capped; null when absent or bad. */
export function parseRetryAfter(value: string | undefined, now: number): number | null {
  const text = value?.trim();
  if (!text) return null;
  const ms = /^\d+$/.test(text) ? Number(text) * 1000 : Date.parse(text) - now;
  if (!Number.isFinite(ms)) return null;
  return Math.min(RETRY_AFTER_CAP_MS, Math.max(0, ms));
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
export function classifyBridgeError(
  error: unknown,
  timeoutMs: number,
  bridgeUrl: string,
  now = Date.now(),
): ClassifiedFailure {
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
      const location = escapeControl(headerOf(response.headers, 'location')?.slice(0, 300) ?? '') || null;
      const message =
        `the bridge redirected (HTTP ${status}) to ${location ?? 'an unnamed location'}: the bridge URL is ` +
        'probably misconfigured (http instead of https, or a missing path prefix); redirects are not followed';
      return { kind: 'rejected', status, message, short, retryable: false };
    }
    if (status === 408) return { kind: 'timeout', status, message: said ?? plain, short, retryable: true };
    if (status === 429 || status >= 500) {
      const wait =
        status === 429 || status === 503
          ? parseRetryAfter(headerOf(response.headers, 'retry-after'), now)
          : null;
      const later = wait === null ? {} : { retryAfterMs: wait };
      return { kind: 'server_error', status, message: said ?? plain, short, retryable: true, ...later };
    }
    return { kind: 'rejected', status, message: said ?? plain, short, retryable: false };
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
  const words = NETWORK_WORDS[code] ?? escapeControl(error.message);
  return {
    kind: 'unreachable',
    message: `${code}: ${words}${at}`,
    short: code,
    retryable: !FINAL_ERROR_CODES.has(code),
  };
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
