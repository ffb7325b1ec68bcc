/**
 * The renderer's client for the web host (`npm run web`): calls are `POST /api/<channel>`, events arrive as
 * Server-Sent Events on `GET /api/events`. EventSource cannot send an Authorization header, so the stream is
 * read with fetch and parsed with eventsource-parser. Never throws into callers: every failure is a Result.
 */
import { createParser } from 'eventsource-parser';
import {
  type CallInput,
  type CallName,
  type CallOutput,
  type EventName,
  fail,
  isEventName,
  type Result,
  type WorkshopApi,
} from '../../../src-shared';

export interface HttpClientOptions {
  /** Origin (and path prefix) of the web host; '' means the page's own origin. */
  baseUrl?: string;
  token: string;
  fetch?: typeof fetch;
  /** Delays before reconnect n (the last one repeats); jittered by ±20 % so many tabs do not reconnect in step. */
  reconnectDelaysMs?: readonly number[];
  random?: () => number;
  warn?: (message: string) => void;
}

export interface HttpWorkshopClient extends WorkshopApi {
  /** Stops the event stream and any reconnect timer. */
  close(): void;
}

const DEFAULT_RECONNECT_MS = [500, 1000, 2000, 5000, 10_000] as const;

type Listener = (payload: unknown) => void;

export function createHttpClient(options: HttpClientOptions): HttpWorkshopClient {
  const base = (options.baseUrl ?? '').replace(/\/+$/, '');
  const doFetch = options.fetch ?? ((input, init) => fetch(input, init));
  const delays = options.reconnectDelaysMs ?? DEFAULT_RECONNECT_MS;
  const random = options.random ?? Math.random;
  const warn = options.warn ?? ((m: string) => console.warn(`[http-client] ${m}`));
  const auth = `Bearer ${options.token}`;
  const listeners = new Map<EventName, Set<Listener>>();

  let controller: AbortController | null = null;
  let reconnectTimer: ReturnType<typeof setTimeout> | null = null;
  let failures = 0;
  let connectedOnce = false;
  let closed = false;

  async function invoke<C extends CallName>(channel: C, input: CallInput<C>): Promise<Result<CallOutput<C>>> {
    let response: Response;
    try {
      response = await doFetch(`${base}/api/${channel}`, {
        method: 'POST',
        headers: { Authorization: auth, 'Content-Type': 'application/json' },
        body: JSON.stringify(input ?? null),
      });
    } catch (error) {
      return fail(
        'unavailable',
        `${channel}: could not reach the Workshop Manager host (${describe(error)})`,
      );
    }
    let text: string;
    try {
      text = await response.text();
    } catch (error) {
      return fail('unavailable', `${channel}: the answer broke off (${describe(error)})`);
    }
    const body = parseJson(text);
    // The host answers every call, 4xx included, with the contract's Result; trust its words when it did.
    if (isResult(body)) return body as Result<CallOutput<C>>;
    if (response.status === 401) {
      return fail(
        'unauthorized',
        `${channel}: the web host refused the access token; open the URL that "npm run web" printed`,
      );
    }
    return fail(
      'unavailable',
      `${channel}: the host answered HTTP ${response.status} without a result (${text.slice(0, 120) || 'empty body'})`,
    );
  }

  function dispatch(event: string, payload: unknown) {
    if (!isEventName(event)) return;
    for (const listener of listeners.get(event) ?? []) {
      try {
        listener(payload);
      } catch (error) {
        warn(`listener of "${event}" threw: ${describe(error)}`);
      }
    }
  }

  /** Events sent while the stream was down are lost: fetch the state they would have told us about. */
  async function resync() {
    if (listeners.get('devices.changed')?.size) dispatch('devices.changed', { at: new Date().toISOString() });
    if (listeners.get('sync.status')?.size) {
      const status = await invoke('sync.status', null);
      if (status.ok) dispatch('sync.status', status.value);
    }
    if (listeners.get('settings.changed')?.size) {
      const settings = await invoke('settings.get', null);
      if (settings.ok) dispatch('settings.changed', settings.value);
    }
  }

  async function readStream(signal: AbortSignal) {
    const response = await doFetch(`${base}/api/events`, {
      headers: { Authorization: auth, Accept: 'text/event-stream' },
      signal,
    });
    if (!response.ok || !response.body) throw new Error(`GET /api/events answered HTTP ${response.status}`);
    failures = 0;
    if (connectedOnce) void resync();
    connectedOnce = true;
    const parser = createParser({
      onEvent: (message) => {
        if (!message.event) return;
        const payload = parseJson(message.data);
        if (payload === undefined)
          warn(`event "${message.event}" carried no JSON: ${message.data.slice(0, 80)}`);
        else dispatch(message.event, payload);
      },
    });
    const reader = response.body.getReader();
    const decoder = new TextDecoder();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      parser.feed(decoder.decode(value, { stream: true }));
    }
    throw new Error('the event stream ended');
  }

  function connect() {
    if (closed || controller) return;
    const current = new AbortController();
    controller = current;
    readStream(current.signal).catch((error: unknown) => {
      if (controller === current) controller = null;
      if (closed) return;
      const base = delays[Math.min(failures, delays.length - 1)] ?? 1000;
      failures += 1;
      const delay = Math.round(base * (0.8 + 0.4 * random()));
      warn(`event stream down (${describe(error)}); reconnecting in ${delay} ms`);
      reconnectTimer = setTimeout(() => {
        reconnectTimer = null;
        connect();
      }, delay);
    });
  }

  return {
    invoke,
    on(event, listener) {
      let set = listeners.get(event);
      if (!set) {
        set = new Set();
        listeners.set(event, set);
      }
      const entry = listener as Listener;
      set.add(entry);
      connect();
      return () => {
        set.delete(entry);
      };
    },
    close() {
      closed = true;
      if (reconnectTimer) clearTimeout(reconnectTimer);
      controller?.abort();
      controller = null;
    },
  };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function isResult(value: unknown): boolean {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as { ok?: unknown; value?: unknown; error?: { code?: unknown; message?: unknown } };
  if (v.ok === true) return 'value' in v;
  return (
    v.ok === false &&
    typeof v.error === 'object' &&
    v.error !== null &&
    typeof v.error.code === 'string' &&
    typeof v.error.message === 'string'
  );
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
