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
  extractBridgeMessage,
  headerOf,
  joinBridgeUrl,
} from './bridge-http';
import { type Clock, systemClock } from './ports';

/** What the bridge's GET /config says about the config it runs. */
export type BridgeConfigHash =
  /**
   * The hash the bridge runs. '' when it says it runs none (`{"config_hash": null}`, e.g. it restarted empty):
   * that never equals an acknowledged hash, so it reads as drift and the normal push follows.
   */
  | { kind: 'hash'; hash: string }
  /** The bridge has no drift support (404/405/501, or a body without config_hash): stop asking this URL. */
  | { kind: 'unsupported' }
  /** Could not tell this time (network, 5xx, 401…): ask again at the next check. */
  | { kind: 'error'; message: string };

export interface ProbeOptions {
  timeoutMs?: number;
  token?: string;
  clock?: Clock;
}

const DEFAULT_PROBE_TIMEOUT_MS = 5000;

/** One GET to `{url}/health`: any HTTP answer (even a 404 or 500) counts as reachable. */
export async function testBridge(url: string, options: ProbeOptions = {}): Promise<BridgeTestResult> {
  const clock = options.clock ?? systemClock;
  const timeoutMs = options.timeoutMs ?? DEFAULT_PROBE_TIMEOUT_MS;
  let target: string;
  try {
    target = joinBridgeUrl(url, 'health');
  } catch (error) {
    return { url, reachable: false, status: null, latencyMs: 0, message: (error as Error).message };
  }
  const started = clock.now();
  try {
    const response = await getWithDeadline(target, options.token, timeoutMs);
    const latencyMs = clock.now() - started;
    const status = response.status;
    const ok = status >= 200 && status < 300;
    const said = ok ? null : extractBridgeMessage(response.data, headerOf(response.headers, 'content-type'));
    const message = ok
      ? `HTTP ${status} in ${latencyMs} ms`
      : `reachable, but ${target} answered HTTP ${status}${said ? `: ${said}` : ''}`;
    return { url: target, reachable: true, status, latencyMs, message };
  } catch (error) {
    const latencyMs = clock.now() - started;
    const failure = classifyBridgeError(asTimeout(error, timeoutMs), timeoutMs, url);
    return { url: target, reachable: false, status: null, latencyMs, message: failure.message };
  }
}

/**
 * One GET to `{bridgeUrl}/config` for the drift check. 405 counts as "no drift support" like 404 because a
 * FastAPI bridge that only declares `POST /config` answers a GET on that path with 405.
 */
export async function fetchBridgeConfigHash(
  bridgeUrl: string,
  token: string | undefined,
  options: Omit<ProbeOptions, 'token' | 'clock'> = {},
): Promise<BridgeConfigHash> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_PROBE_TIMEOUT_MS;
  let target: string;
  try {
    target = joinBridgeUrl(bridgeUrl, 'config');
  } catch (error) {
    return { kind: 'error', message: (error as Error).message };
  }
  try {
    const response = await getWithDeadline(target, token, timeoutMs);
    const status = response.status;
    if (status === 404 || status === 405 || status === 501) return { kind: 'unsupported' };
    if (status < 200 || status >= 300) {
      const said = extractBridgeMessage(response.data, headerOf(response.headers, 'content-type'));
      return { kind: 'error', message: `GET ${target} answered HTTP ${status}${said ? `: ${said}` : ''}` };
    }
    const hash = configHashOf(response.data);
    return hash === null ? { kind: 'unsupported' } : { kind: 'hash', hash };
  } catch (error) {
    return {
      kind: 'error',
      message: classifyBridgeError(asTimeout(error, timeoutMs), timeoutMs, bridgeUrl).message,
    };
  }
}

/**
 * One GET without retries, bounded as a whole: axios's timeout is idle-based once the answer has begun, so a
 * deadline signal ends a bridge that dribbles its answer too. Any HTTP status resolves; network failures throw.
 */
async function getWithDeadline(url: string, token: string | undefined, timeoutMs: number) {
  return axios.get<string>(url, {
    ...bridgeAxiosDefaults(timeoutMs),
    headers: bridgeHeaders(token),
    validateStatus: () => true,
    signal: AbortSignal.timeout(timeoutMs),
  });
}

/** Our deadline's abort surfaces as a cancel: it is a timeout. */
function asTimeout(error: unknown, timeoutMs: number): unknown {
  if (isAxiosError(error) && error.code === 'ERR_CANCELED') {
    return new AxiosError(`timeout of ${timeoutMs}ms exceeded`, 'ECONNABORTED', error.config, error.request);
  }
  return error;
}

function configHashOf(data: unknown): string | null {
  try {
    const body = JSON.parse(String(data)) as unknown;
    if (body && typeof body === 'object' && 'config_hash' in body) {
      const hash = (body as { config_hash: unknown }).config_hash;
      if (typeof hash === 'string') return hash;
      if (hash === null) return '';
    }
  } catch {
    // Not JSON: a bridge that serves something else at GET /config has no drift support.
  }
  return null;
}
