/**
 * One-shot GETs to the bridge, without retries: `bridge.test` (GET /health) and the drift check (GET /config).
 * Both answer with values and never throw.
 */
import axios, { AxiosError, isAxiosError } from 'axios';
import type { BridgeTestResult } from '../../src-shared';
import {
  bridgeAxiosDefaults,
  bridgeHeaders,
  classifyBridgeError,
  headerOf,
  joinBridgeUrl,
  MAX_BODY_BYTES,
  readBodyPrefix,
} from './bridge-http';
import { clean, extractBridgeMessage } from './bridge-message';
import { type Clock, systemClock } from './ports';

/**
 * What the bridge's GET /config says (docs/bridge-config.md "GET /config"). A 404 is not decided here: from a
 * URL that has answered a hash before it means the bridge lost its config, from any other it means there is no
 * such endpoint; the caller knows which (src-main/core/sync/bridge-watch.ts).
 */
export type BridgeConfigReport =
  /** 200 with `config_hash`: the config it runs; null when it runs none (`config_hash: null`, or no devices). */
  | { kind: 'runs'; hash: string | null }
  /** 404: no config here (lost, or no such endpoint). */
  | { kind: 'missing' }
  /** 405/501, or a 2xx that carries no config_hash: this bridge does not report its config. */
  | { kind: 'no_endpoint'; status: number }
  /** Another answer (401, 403, 400…): the bridge is there, but said nothing about its config. */
  | { kind: 'answered'; status: number; message: string }
  /** Refused, reset, timed out, or 5xx: not reachable now. */
  | { kind: 'unreachable'; message: string };

export interface ProbeOptions {
  timeoutMs?: number;
  token?: string;
  clock?: Clock;
}

const DEFAULT_PROBE_TIMEOUT_MS = 5000;

/**
 * `bridge.test`: one GET to `{url}/health`. Success only for a 2xx: a 404 there means the URL (or its path
 * prefix) is not the bridge's. A URL ending in /config or /health is answered without a request, with the URL
 * to write instead: the app adds those paths itself, so every push would go to `/config/config`.
 */
export async function testBridge(url: string, options: ProbeOptions = {}): Promise<BridgeTestResult> {
  const clock = options.clock ?? systemClock;
  const timeoutMs = options.timeoutMs ?? DEFAULT_PROBE_TIMEOUT_MS;
  const failed = { reachable: false, ok: false, status: null, latencyMs: 0, suggestedUrl: null };
  let target: string;
  try {
    target = joinBridgeUrl(url, 'health');
  } catch (error) {
    return { ...failed, url, message: (error as Error).message };
  }
  const suffix = /\/(config|health)\/*$/i.exec(new URL(url.trim()).pathname)?.[1]?.toLowerCase();
  if (suffix) {
    const base = url
      .trim()
      .replace(/\/+$/, '')
      .replace(/\/(config|health)$/i, '');
    const where =
      suffix === 'config'
        ? `pushes would go to ${base}/config/config`
        : `the app would ask ${base}/health/health`;
    return {
      ...failed,
      url,
      suggestedUrl: base,
      message: `This URL ends in /${suffix}, which the app adds by itself (${where}). Write ${base} instead.`,
    };
  }
  const started = clock.now();
  try {
    const response = await getWithDeadline(target, options.token, timeoutMs);
    const latencyMs = clock.now() - started;
    const status = response.status;
    const ok = status >= 200 && status < 300;
    const said = ok ? null : extractBridgeMessage(response.data, headerOf(response.headers, 'content-type'));
    const hint =
      status === 404
        ? ': there is no /health here. Is the bridge URL (and its path prefix) right?'
        : said
          ? `: ${said}`
          : '';
    const message = `${target} answered HTTP ${status} in ${latencyMs} ms${ok ? '' : hint}`;
    return { url: target, reachable: true, ok, status, latencyMs, message, suggestedUrl: null };
  } catch (error) {
    const latencyMs = clock.now() - started;
    const failure = classifyBridgeError(asTimeout(error, timeoutMs), timeoutMs, url);
    return { ...failed, url: target, latencyMs, message: failure.message };
  }
}

/**
 * One GET to `{bridgeUrl}/config`, without retries. 405 and 501 mean no such endpoint: a FastAPI bridge that only
 * declares `POST /config` answers a GET on that path with 405.
 */
export async function fetchBridgeConfigHash(
  bridgeUrl: string,
  token: string | undefined,
  options: Omit<ProbeOptions, 'token' | 'clock'> = {},
): Promise<BridgeConfigReport> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_PROBE_TIMEOUT_MS;
  let target: string;
  try {
    target = joinBridgeUrl(bridgeUrl, 'config');
  } catch (error) {
    return { kind: 'unreachable', message: (error as Error).message };
  }
  try {
    const response = await getWithDeadline(target, token, timeoutMs);
    const status = response.status;
    if (status === 404) return { kind: 'missing' };
    if (status === 405 || status === 501) return { kind: 'no_endpoint', status };
    if (status < 200 || status >= 300) {
      const said = extractBridgeMessage(response.data, headerOf(response.headers, 'content-type'));
      const message = `GET ${target} answered HTTP ${status}${said ? `: ${said}` : ''}`;
      return status >= 500 ? { kind: 'unreachable', message } : { kind: 'answered', status, message };
    }
    const report = configReportOf(response.data);
    return report ?? { kind: 'no_endpoint', status };
  } catch (error) {
    const message = classifyBridgeError(asTimeout(error, timeoutMs), timeoutMs, bridgeUrl).message;
    return { kind: 'unreachable', message };
  }
}

/**
 * One GET to `{bridgeUrl}/health` for the reachability watch of a bridge without GET /config: up when it
 * answers anything below 500, down when it is refused, reset, times out or answers 5xx.
 */
export async function probeBridgeHealth(
  bridgeUrl: string,
  token: string | undefined,
  options: Omit<ProbeOptions, 'token' | 'clock'> = {},
): Promise<boolean> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_PROBE_TIMEOUT_MS;
  try {
    const response = await getWithDeadline(joinBridgeUrl(bridgeUrl, 'health'), token, timeoutMs);
    return response.status < 500;
  } catch {
    return false;
  }
}

/**
 * One GET without retries, bounded as a whole: axios's timeout is idle-based once the answer has begun, so a
 * deadline signal ends a bridge that dribbles its answer too. Any HTTP status resolves; network failures throw.
 */
async function getWithDeadline(url: string, token: string | undefined, timeoutMs: number) {
  const signal = AbortSignal.timeout(timeoutMs);
  const response = await axios.get<unknown>(url, {
    ...bridgeAxiosDefaults(timeoutMs),
    headers: bridgeHeaders(token),
    validateStatus: () => true,
    signal,
  });
  return { ...response, data: await readBodyPrefix(response.data, MAX_BODY_BYTES, signal) };
}

/** Our deadline's abort surfaces as a cancel: it is a timeout. */
function asTimeout(error: unknown, timeoutMs: number): unknown {
  if (isAxiosError(error) && error.code === 'ERR_CANCELED') {
    return new AxiosError(`timeout of ${timeoutMs}ms exceeded`, 'ECONNABORTED', error.config, error.request);
  }
  return error;
}

/** The report in a 2xx body: `config_hash` (string or null), or `devices: []` alone (runs nothing). */
function configReportOf(data: unknown): BridgeConfigReport | null {
  let body: unknown;
  try {
    body = JSON.parse(String(data));
  } catch {
    // Not JSON: a bridge that serves something else at GET /config does not report its config.
    return null;
  }
  if (!body || typeof body !== 'object') return null;
  const fields = body as { config_hash?: unknown; devices?: unknown };
  // The hash is bridge text that reaches logs and the status: bounded, control characters escaped.
  if (typeof fields.config_hash === 'string' && fields.config_hash !== '')
    return { kind: 'runs', hash: clean(fields.config_hash, 100) ?? '' };
  if ('config_hash' in fields && (fields.config_hash === null || fields.config_hash === ''))
    return { kind: 'runs', hash: null };
  if (!('config_hash' in fields) && Array.isArray(fields.devices) && fields.devices.length === 0) {
    return { kind: 'runs', hash: null };
  }
  return null;
}
