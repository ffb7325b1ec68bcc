/**
 * Helpers for the web host tests: raw HTTP requests (fetch cannot set Host or send `..`) and SSE. The host as a
 * child process and the typed API caller are the shared ones of tests/support.
 */
import { request } from 'node:http';
import { createParser } from 'eventsource-parser';
import type { CallInput, CallName, CallOutput, Result } from '../../src-shared';
import { callApi } from '../support/api-client';
import { spawnWebHost, type WebHostProcess } from '../support/web-host-process';

export { errorOf, okValue } from '../support/api-client';
export { REPO_ROOT, splitUrlLine } from '../support/web-host-process';

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
  json(): unknown;
}

/** One HTTP request with exactly the path and headers given (no URL normalisation, no default Origin). */
export function rawRequest(
  baseUrl: string,
  options: { method?: string; path: string; headers?: Record<string, string>; body?: string | Buffer },
): Promise<RawResponse> {
  const url = new URL(baseUrl);
  return new Promise((resolvePromise, reject) => {
    const req = request(
      {
        host: url.hostname,
        port: url.port,
        method: options.method ?? 'GET',
        path: options.path,
        headers: options.headers,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          const body = Buffer.concat(chunks).toString('utf8');
          resolvePromise({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body,
            json: () => JSON.parse(body),
          });
        });
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

export interface SseEvent {
  event: string;
  data: unknown;
}

export interface EventStream {
  /** Events received so far. */
  readonly events: SseEvent[];
  /** Resolves with the first event (already received or still to come) that matches; rejects after timeoutMs. */
  waitFor(match: (event: SseEvent) => boolean, timeoutMs?: number): Promise<SseEvent>;
  /** Resolves when the server ends the stream. */
  readonly ended: Promise<void>;
  close(): void;
}

/** Opens `GET /api/events` and parses it as a browser client would (eventsource-parser over fetch). */
export async function openEventStream(baseUrl: string, token: string): Promise<EventStream> {
  const controller = new AbortController();
  const response = await fetch(`${baseUrl}/api/events`, {
    headers: { Authorization: `Bearer ${token}`, Accept: 'text/event-stream' },
    signal: controller.signal,
  });
  if (response.status !== 200 || !response.body)
    throw new Error(`GET /api/events answered ${response.status}`);
  const events: SseEvent[] = [];
  const waiters = new Set<() => void>();
  const parser = createParser({
    onEvent: (message) => {
      events.push({ event: message.event ?? 'message', data: JSON.parse(message.data) });
      for (const wake of waiters) wake();
    },
  });
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  const ended = (async () => {
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) return;
        parser.feed(decoder.decode(value, { stream: true }));
      }
    } catch {
      // Aborted by close().
    }
  })();
  return {
    events,
    ended,
    waitFor(match, timeoutMs = 10_000) {
      return new Promise((resolvePromise, reject) => {
        const check = () => {
          const found = events.find(match);
          if (!found) return;
          clearTimeout(timer);
          waiters.delete(check);
          resolvePromise(found);
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(
            new Error(`no matching event in ${timeoutMs} ms; got ${events.map((e) => e.event).join(', ')}`),
          );
        }, timeoutMs);
        waiters.add(check);
        check();
      });
    },
    close: () => controller.abort(),
  };
}

export type CliProcess = WebHostProcess;

/**
 * Starts the web CLI in a child process exactly as `npm run web` runs it, minus the renderer build (node with
 * tsx's loader in the same process, so a signal reaches the host itself), with exactly the given arguments.
 */
export function spawnCli(args: string[], env: Record<string, string> = {}): CliProcess {
  return spawnWebHost({ entry: 'cli', port: null, args, env });
}

/** Calls the API the way the renderer's HTTP client does, typed by the contract (tests/support/api-client.ts). */
export function call<C extends CallName>(
  baseUrl: string,
  token: string,
  channel: C,
  input?: CallInput<C>,
): Promise<Result<CallOutput<C>>> {
  return callApi({ baseUrl, token }, channel, input);
}
