/** Helpers for the web host tests: raw HTTP requests (fetch cannot set Host or send `..`), SSE, child CLIs. */
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { request } from 'node:http';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { createParser } from 'eventsource-parser';
import type { AppError, CallInput, CallName, CallOutput, Result } from '../../src-shared';

export const REPO_ROOT = resolve(import.meta.dirname, '../..');

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

export interface CliProcess {
  child: ChildProcess;
  /** Every stdout line so far. */
  stdout: string[];
  /** Everything written to stderr so far. */
  stderr(): string;
  /** The first stdout line; rejects if the process exits first or after timeoutMs. */
  firstLine(timeoutMs?: number): Promise<string>;
  /** Resolves with the exit code (or the signal's name) once the process has ended. */
  exited: Promise<number | string>;
}

/**
 * Starts the web CLI in a child process exactly as `npm run web` runs it, minus the renderer build:
 * node with tsx's loader in the same process, so a signal reaches the host itself.
 */
export function spawnCli(args: string[], env: Record<string, string> = {}): CliProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src-main/web/cli.ts', ...args], {
    cwd: REPO_ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const stdout: string[] = [];
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => {
    stderr += chunk.toString('utf8');
  });
  const lines = createInterface({ input: child.stdout! });
  const firstLineWaiters = new Set<(line: string) => void>();
  lines.on('line', (line) => {
    stdout.push(line);
    for (const wake of firstLineWaiters) wake(line);
  });
  const exited = once(child, 'exit').then(([code, signal]) => (code ?? signal) as number | string);
  return {
    child,
    stdout,
    stderr: () => stderr,
    exited,
    firstLine(timeoutMs = 30_000) {
      if (stdout[0] !== undefined) return Promise.resolve(stdout[0]);
      return new Promise((resolvePromise, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`no URL line in ${timeoutMs} ms; stderr: ${stderr}`)),
          timeoutMs,
        );
        firstLineWaiters.add((line) => {
          clearTimeout(timer);
          resolvePromise(line);
        });
        void exited.then((code) => {
          clearTimeout(timer);
          reject(new Error(`the CLI exited (${code}) before printing a line; stderr: ${stderr}`));
        });
      });
    },
  };
}

/** Splits the printed `http://127.0.0.1:<port>/#token=<token>` line. */
export function splitUrlLine(line: string): { baseUrl: string; token: string } {
  const match = /^(http:\/\/127\.0\.0\.1:\d+)\/#token=([A-Za-z0-9._~-]+)$/.exec(line);
  if (!match) throw new Error(`not a URL line: ${JSON.stringify(line)}`);
  return { baseUrl: match[1]!, token: match[2]! };
}

/** Calls the API the way the renderer's HTTP client does, typed by the contract. */
export async function call<C extends CallName>(
  baseUrl: string,
  token: string,
  channel: C,
  input?: CallInput<C>,
): Promise<Result<CallOutput<C>>> {
  const response = await fetch(`${baseUrl}/api/${channel}`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
    body: JSON.stringify(input ?? null),
  });
  if (response.status !== 200) throw new Error(`${channel} answered HTTP ${response.status}`);
  return (await response.json()) as Result<CallOutput<C>>;
}

/** The value of an ok result; throws with the error otherwise (so a test fails with the reason). */
export function okValue<T>(result: Result<T>): T {
  if (!result.ok) throw new Error(`expected ok, got ${JSON.stringify(result.error)}`);
  return result.value;
}

/** The error of a failed result; throws otherwise. */
export function errorOf(result: Result<unknown>): AppError {
  if (result.ok) throw new Error(`expected an error, got ${JSON.stringify(result.value)}`);
  return result.error;
}
