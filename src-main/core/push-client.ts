/**
 * One push of the bridge config: `POST {bridgeUrl}/config` with the retry policy of ARCHITECTURE.md "Sync":
 * up to 3 retries after 1 s / 2 s / 4 s, 10 s per attempt, retried on network errors, timeouts and 5xx,
 * never on a 4xx. The outcome is a value (src-shared/sync.ts PushOutcome); push() never throws.
 */
import axios, { AxiosError, type AxiosInstance, CanceledError, isAxiosError } from 'axios';
import axiosRetry from 'axios-retry';
import type { BridgeConfig, PushOutcome } from '../../src-shared';
import {
  bridgeAxiosDefaults,
  bridgeHeaders,
  classifyBridgeError,
  joinBridgeUrl,
  MAX_BODY_BYTES,
  readBodyPrefix,
} from './bridge-http';
import { type Clock, type Logger, silentLogger, systemClock } from './ports';
import type { PushPolicy } from './workshop-core-types';

declare module 'axios' {
  interface AxiosRequestConfig {
    /** Asked before every attempt of a push (axios keeps unknown config keys across axios-retry's retries). */
    stillWanted?: () => boolean;
  }
}

/** The production policy (ARCHITECTURE.md "Sync"): 3 retries at 1 s / 2 s / 4 s, 10 s per attempt. */
export const PRODUCTION_PUSH_POLICY: Readonly<PushPolicy> = Object.freeze({
  retries: 3,
  delaysMs: Object.freeze([1000, 2000, 4000]),
  timeoutMs: 10_000,
});

export interface PushClientOptions {
  policy?: Partial<PushPolicy>;
  clock?: Clock;
  logger?: Logger;
}

export interface PushRequest {
  bridgeUrl: string;
  /** Sent as `Authorization: Bearer <token>` when non-empty. */
  token?: string;
  config: BridgeConfig;
  /**
   * Asked before each retry: false stops retrying (the bridge URL or token changed meanwhile, so the old bridge
   * must get nothing more). The outcome is then the last attempt's.
   */
  stillWanted?: () => boolean;
  /** Told before each attempt (1-based): the status shows which one runs. */
  onAttempt?: (attempt: number, of: number) => void;
}

export interface PushClient {
  readonly policy: Readonly<PushPolicy>;
  /** POSTs the config with retries; resolves with the outcome, never rejects. */
  push(request: PushRequest): Promise<PushOutcome>;
}

/** The retry delay before retry n (1-based): delaysMs[n-1], the last one repeating if retries outnumber it. */
export function retryDelayMs(policy: Pick<PushPolicy, 'delaysMs'>, retryNumber: number): number {
  const { delaysMs } = policy;
  if (delaysMs.length === 0) return 0;
  return delaysMs[Math.min(retryNumber, delaysMs.length) - 1] ?? 0;
}

/** Creates the push client; one per core. */
export function createPushClient(options: PushClientOptions = {}): PushClient {
  const policy: Readonly<PushPolicy> = Object.freeze({ ...PRODUCTION_PUSH_POLICY, ...options.policy });
  const clock = options.clock ?? systemClock;
  const log = options.logger ?? silentLogger;
  const client: AxiosInstance = axios.create(bridgeAxiosDefaults(policy.timeoutMs));

  // axios's `timeout` is an idle timer once the answer has begun: a bridge that dribbles its body a byte at
  // a time would hold the one push in flight for ever. A deadline per attempt bounds the whole exchange.
  // Registered before axios-retry so that its interceptors see a plain timeout (the response chain runs in
  // registration order; the request interceptor runs again for every retry).
  const deadlines = new WeakSet<AbortSignal>();
  client.interceptors.request.use((request) => {
    // axios-retry asks its condition before the 1/2/4 s wait, so a bridge replaced during that wait would still
    // get the retry: ask again here, right before each attempt leaves.
    if (request.stillWanted && !request.stillWanted()) {
      throw new CanceledError(
        'push no longer wanted (bridge URL or token changed, or shutting down)',
        request,
      );
    }
    const signal = AbortSignal.timeout(policy.timeoutMs);
    deadlines.add(signal);
    request.signal = signal;
    return request;
  });
  client.interceptors.response.use(
    (response) => {
      // Acknowledged by its status: the body is not needed, and a large or dribbled one must not hold the push.
      void readBodyPrefix(response.data, 0);
      response.data = '';
      return response;
    },
    async (error: unknown) => {
      // A refusal's message: a bounded prefix of its body, read within the attempt's deadline.
      if (isAxiosError(error) && error.response) {
        const response = error.response;
        response.data = await readBodyPrefix(
          response.data,
          MAX_BODY_BYTES,
          error.config?.signal as AbortSignal,
        );
      }
      throw error;
    },
  );
  client.interceptors.response.use(undefined, (error: unknown) => {
    const signal = isAxiosError(error) ? error.config?.signal : undefined;
    if (
      isAxiosError(error) &&
      error.code === 'ERR_CANCELED' &&
      signal &&
      deadlines.has(signal as AbortSignal)
    ) {
      // axios-retry skips the delay when it sees an aborted signal: hand it a timeout without one.
      const config = error.config ? { ...error.config, signal: undefined } : undefined;
      throw new AxiosError(
        `timeout of ${policy.timeoutMs}ms exceeded`,
        'ECONNABORTED',
        config,
        error.request,
      );
    }
    throw error;
  });

  // axios-retry's defaults are wrong for us in three ways:
  // its condition never retries a POST nor a timeout, and without shouldResetTimeout the 10 s timeout is one
  // budget for all attempts together. The Idempotency-Key makes resending the POST safe.
  axiosRetry(client, {
    retries: policy.retries,
    retryCondition: (error) => classifyBridgeError(error, policy.timeoutMs, '').retryable,
    // Fixed delays from the policy. Retry-After (429/503) is not honoured here: the delays are short and the
    // whole push is bounded (about 7 s of waiting); the background retry honours it (sync/auto-push-schedule.ts).
    retryDelay: (retryNumber) => retryDelayMs(policy, retryNumber),
    shouldResetTimeout: true,
  });

  const push = async ({
    bridgeUrl,
    token,
    config,
    stillWanted,
    onAttempt,
  }: PushRequest): Promise<PushOutcome> => {
    const started = clock.now();
    const base = { revision: config.revision, configHash: config.config_hash };
    const totalAttempts = policy.retries + 1;
    const where = `revision ${config.revision}`;
    let target: string;
    try {
      target = joinBridgeUrl(bridgeUrl, 'config');
    } catch (error) {
      // Nothing was sent; like a redirect, only a new URL helps, so the engine must not keep retrying.
      const message = (error as Error).message;
      log.warn(`push: ${where} not sent: ${message}`);
      return {
        ok: false,
        kind: 'rejected',
        message,
        attempts: 0,
        durationMs: clock.now() - started,
        ...base,
      };
    }

    const headers = bridgeHeaders(token, {
      'Content-Type': 'application/json',
      // The same key on every attempt of this push, a new one per revision: a bridge that saw attempt 1
      // arrive (but whose answer got lost) can tell attempt 2 is the same config, and A → B → A is not a replay.
      'Idempotency-Key': `${config.revision}:${config.config_hash}`,
    });

    let attempts = 1;
    onAttempt?.(attempts, totalAttempts);
    try {
      // As bytes: axios would parse a JSON string again to check it on every attempt (100 ms for 90,000 devices).
      const response = await client.post<string>(target, Buffer.from(JSON.stringify(config)), {
        headers,
        stillWanted,
        'axios-retry': {
          retryCondition: (error) =>
            (stillWanted?.() ?? true) && classifyBridgeError(error, policy.timeoutMs, '').retryable,
          onRetry: (retryNumber, error) => {
            const failure = classifyBridgeError(error, policy.timeoutMs, bridgeUrl);
            log.warn(
              `push: ${where} attempt ${attempts}/${totalAttempts} failed: ${failure.short} (${bridgeUrl}); ` +
                `retrying in ${retryDelayMs(policy, retryNumber)} ms`,
            );
            attempts += 1;
            onAttempt?.(attempts, totalAttempts);
          },
        },
      });
      const durationMs = clock.now() - started;
      log.info(
        `push: ${where} accepted by ${bridgeUrl} (HTTP ${response.status}, attempt ${attempts}/${totalAttempts}, ${durationMs} ms)`,
      );
      return { ok: true, status: response.status, attempts, durationMs, ...base };
    } catch (error) {
      const durationMs = clock.now() - started;
      const failure = classifyBridgeError(error, policy.timeoutMs, bridgeUrl, clock.now());
      log.warn(
        `push: ${where} attempt ${attempts}/${totalAttempts} failed: ${failure.short} (${bridgeUrl}); ` +
          `giving up: ${failure.kind}: ${failure.message}`,
      );
      return {
        ok: false,
        kind: failure.kind,
        ...(failure.status === undefined ? {} : { status: failure.status }),
        ...(failure.retryAfterMs === undefined ? {} : { retryAfterMs: failure.retryAfterMs }),
        message: failure.message,
        attempts,
        durationMs,
        ...base,
      };
    }
  };

  return { policy, push };
}
