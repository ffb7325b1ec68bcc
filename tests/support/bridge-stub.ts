/**
 * A real HTTP IoT-bridge stub on 127.0.0.1 for core, e2e and crash tests (ARCHITECTURE.md "Testing, layer by layer").
 * It records every request and answers from per-route scripts, so a test can make the bridge refuse, hang,
 * reset mid-response, redirect, answer slowly or answer 2xx/4xx/5xx in a given order.
 */
import { EventEmitter } from 'node:events';
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/** One request as the stub received it (recorded once its whole body has arrived). */
export interface StubRequest {
  method: string;
  /** The path without the stub's prefix and without the query (`/config`). */
  path: string;
  /** The path as sent, prefix and query included (`/b/config?x=1`). */
  rawPath: string;
  /** `METHOD /path`, e.g. `POST /config`; `POST /config (outside /b)` when it missed the stub's prefix. */
  route: string;
  /** Header names in lower case. */
  headers: http.IncomingHttpHeaders;
  /** Parsed JSON when the body is JSON, else the raw text; undefined when empty. */
  body: unknown;
  rawBody: string;
  /** Date.now() when the body had fully arrived. */
  receivedAt: number;
}

/** An HTTP answer. A string body is sent as is (text/plain unless headers say otherwise); anything else as JSON. */
export interface StubAnswer {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
  /** Answer this many ms after the request arrived. */
  delayMs?: number;
  /** Answer only once this settles: lets a test hold a request in flight and release it on an event. */
  waitFor?: Promise<unknown>;
  /** Send the status and headers at once, then the body one byte every trickleMs (a stalling bridge). */
  trickleMs?: number;
}

/**
 * What the stub does with one request:
 * - an answer;
 * - `'hang'`: never answer (the socket stays open until the client gives up or the stub closes);
 * - `'reset'`: send a 200 status line, headers and half of a JSON body, then destroy the socket (mid-response);
 * - `'drop'`: destroy the socket before sending a byte (the client sees "socket hang up" / ECONNRESET).
 * Refused connections are a state of the whole stub, not of one request: see `down()` / `up()`.
 */
export type StubReply = StubAnswer | 'hang' | 'reset' | 'drop';

/** Where GET /config's answer comes from (unless the route is scripted, which wins). */
export type ConfigEndpointMode =
  /** 404: a bridge without drift support (the default). */
  | 'missing'
  /** `{config_hash, revision}` of the last config POST /config accepted (2xx); `{config_hash: null}` before any. */
  | 'accepted'
  /** This hash, whatever was pushed: another writer or a bridge that restarted with other state. */
  | { hash: string }
  /**
   * Like a FastAPI bridge that keeps its config in memory: 404 `{"detail": "Not Found"}` while it holds none (a
   * fresh start, or after restart()), `{config_hash, revision, devices}` of the last accepted POST after one.
   */
  | 'fastapi';

export interface BridgeStubOptions {
  /** 0 (the default) picks a free port. */
  port?: number;
  /** A path prefix the bridge lives under (`/b`): `url` ends with it, and routes are matched below it. */
  prefix?: string;
  /**
   * Behave like a FastAPI bridge keeping its config in memory: GET /config as in serveConfig('fastapi'),
   * POST /config validated like pydantic (422 `{"detail": [{loc, msg, type}]}` without `devices` or
   * `config_hash`), GET /health with the number of devices it runs.
   */
  fastapi?: boolean;
}

export interface RouteControl {
  /** Queues replies for the next requests to this route, in order; the default answers once they are used up. */
  script(...replies: StubReply[]): RouteControl;
  /** What this route answers when its script is empty. */
  setDefault(reply: StubReply): RouteControl;
}

export interface BridgeStub extends RouteControl {
  /** `http://127.0.0.1:<port><prefix>`: what the app is configured with. */
  readonly url: string;
  /** `http://127.0.0.1:<port>`, without the prefix. */
  readonly origin: string;
  readonly port: number;
  /** Every request so far, oldest first (a copy). */
  readonly requests: StubRequest[];
  /** The body of the last config a POST /config answered 2xx to, or null. */
  readonly lastAccepted: unknown;
  /** Whether the stub is listening (false after down()). */
  readonly isUp: boolean;
  /** The most requests to one route that were in flight at the same time (`POST /config` to check "never two"). */
  maxInFlight(route?: string): number;
  /** Requests to one route (`POST /config` by default). */
  requestsTo(route?: string): StubRequest[];
  /** Script and default for any route (`GET /health`, `GET /config`, …); `script()` itself is POST /config's. */
  route(route: string): RouteControl;
  /** How GET /config answers when its route is not scripted. */
  serveConfig(mode: ConfigEndpointMode): void;
  /** Resolves once at least n requests (to `route`, or to any route) were recorded; rejects after timeoutMs. */
  waitForRequests(n: number, options?: { timeoutMs?: number; route?: string }): Promise<StubRequest[]>;
  /** Calls listener with every request as it is recorded; returns the unsubscribe. */
  onRequest(listener: (request: StubRequest) => void): () => void;
  /** Forgets the recorded requests (scripts and defaults stay). */
  clearRequests(): void;
  /** Stops listening and cuts every open connection: new connections are refused (ECONNREFUSED). */
  down(): Promise<void>;
  /** Listens again on the same port. */
  up(): Promise<void>;
  /** Stops for good and cuts every open connection. */
  close(): Promise<void>;
  /**
   * A container restart: stops listening, forgets the accepted config (a bridge keeping it in memory), and
   * listens again after downMs (default 0).
   */
  restart(options?: { downMs?: number }): Promise<void>;
}

/** A FastAPI validation error (HTTP 422) as pydantic words it. */
export function fastApi422(
  ...errors: Array<{ loc: Array<string | number>; msg: string; type?: string }>
): StubAnswer {
  return {
    status: 422,
    body: {
      detail: errors.map((e) => ({ type: e.type ?? 'value_error', loc: e.loc, msg: e.msg, input: null })),
    },
  };
}

/** A redirect answer (the app must not follow it). */
export const redirect = (location: string, status = 307): StubAnswer => ({
  status,
  headers: { location },
  body: '',
});

const CONFIG_ROUTE = 'POST /config';
const OK_BODY = { status: 'ok' };

interface Route {
  queue: StubReply[];
  /** Set by setDefault(); otherwise the built-in behaviour of the route answers. */
  fallback?: StubReply;
}

/** Starts a bridge stub on 127.0.0.1; `await bridge.close()` in afterEach. */
export async function startBridgeStub(options: BridgeStubOptions = {}): Promise<BridgeStub> {
  const prefix = normalisePrefix(options.prefix ?? '');
  const recorded: StubRequest[] = [];
  const events = new EventEmitter();
  const sockets = new Set<Socket>();
  const inFlight = new Map<string, number>();
  const maxInFlight = new Map<string, number>();
  const routes = new Map<string, Route>();
  let configMode: ConfigEndpointMode = options.fastapi ? 'fastapi' : 'missing';
  let lastAccepted: unknown = null;
  let listening = false;
  let closed = false;

  const routeOf = (key: string): Route => {
    let route = routes.get(key);
    if (!route) {
      route = { queue: [] };
      routes.set(key, route);
    }
    return route;
  };

  const builtInDefault = (key: string, body: unknown): StubReply => {
    if (options.fastapi && key === CONFIG_ROUTE) return fastApiValidate(body);
    if (options.fastapi && key === 'GET /health') {
      const devices = (lastAccepted as { devices?: unknown[] } | null)?.devices?.length ?? 0;
      return { status: 200, body: { status: 'ok', devices } };
    }
    if (key === CONFIG_ROUTE || key === 'GET /health') return { status: 200, body: OK_BODY };
    return { status: 404, body: { detail: 'Not Found' } };
  };

  const configAnswer = (): StubAnswer => {
    if (configMode === 'missing') return { status: 404, body: { detail: 'Not Found' } };
    if (configMode === 'fastapi') {
      const held = lastAccepted as { config_hash?: unknown; revision?: unknown; devices?: unknown } | null;
      if (!held) return { status: 404, body: { detail: 'Not Found' } };
      return {
        status: 200,
        body: { config_hash: held.config_hash, revision: held.revision, devices: held.devices },
      };
    }
    if (configMode === 'accepted') {
      const accepted = lastAccepted as { config_hash?: unknown; revision?: unknown } | null;
      // A bridge that runs no config yet (fresh start) says so rather than 404, which would mean "no drift support".
      if (!accepted) return { status: 200, body: { config_hash: null, revision: null } };
      return { status: 200, body: { config_hash: accepted.config_hash, revision: accepted.revision } };
    }
    return { status: 200, body: { config_hash: configMode.hash } };
  };

  const nextReply = (key: string, body: unknown): StubReply => {
    const route = routes.get(key);
    const scripted = route?.queue.shift();
    if (scripted !== undefined) return scripted;
    if (route?.fallback !== undefined) return route.fallback;
    // GET /config follows serveConfig() unless a test scripted the route or set its default.
    return key === 'GET /config' ? configAnswer() : builtInDefault(key, body);
  };

  const server = http.createServer((req, res) => {
    const rawPath = req.url ?? '/';
    const pathOnly = rawPath.split('?')[0] ?? '/';
    const underPrefix = prefix === '' || pathOnly === prefix || pathOnly.startsWith(`${prefix}/`);
    const path = underPrefix ? pathOnly.slice(prefix.length) || '/' : pathOnly;
    const method = req.method ?? 'GET';
    // A request that missed the prefix must not count as one to the route it would name under it.
    const key = underPrefix ? `${method} ${path}` : `${method} ${path} (outside ${prefix})`;
    const chunks: Buffer[] = [];
    // A client that gives up (timeout) destroys its socket; writing afterwards must not crash the stub.
    res.on('error', () => {});
    req.on('error', () => {});
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const rawBody = Buffer.concat(chunks).toString('utf8');
      const entry: StubRequest = {
        method,
        path,
        rawPath,
        route: key,
        headers: req.headers,
        body: parseBody(rawBody),
        rawBody,
        receivedAt: Date.now(),
      };
      recorded.push(entry);
      const count = (inFlight.get(key) ?? 0) + 1;
      inFlight.set(key, count);
      maxInFlight.set(key, Math.max(maxInFlight.get(key) ?? 0, count));
      let done = false;
      const finish = () => {
        if (done) return;
        done = true;
        inFlight.set(key, (inFlight.get(key) ?? 1) - 1);
      };
      res.on('close', finish);
      events.emit('request', entry);
      const reply: StubReply = underPrefix
        ? nextReply(key, entry.body)
        : { status: 404, body: { detail: 'Not Found' } };
      void answer(req, res, reply, (status) => {
        if (key === CONFIG_ROUTE && status >= 200 && status < 300) lastAccepted = entry.body;
      });
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => {});
  });

  const listen = (port: number) =>
    new Promise<void>((resolve, reject) => {
      const onError = (error: Error) => reject(error);
      server.once('error', onError);
      server.listen(port, '127.0.0.1', () => {
        server.off('error', onError);
        listening = true;
        resolve();
      });
    });

  const stop = async () => {
    if (!listening) return;
    listening = false;
    const closing = new Promise<void>((resolve) => server.close(() => resolve()));
    // close() waits for open connections (a hanging request, keep-alive sockets): cut them.
    for (const socket of sockets) socket.destroy();
    await closing;
  };

  await listen(options.port ?? 0);
  const port = (server.address() as AddressInfo).port;
  const origin = `http://127.0.0.1:${port}`;

  const control = (key: string): RouteControl => {
    const rc: RouteControl = {
      script: (...replies) => {
        routeOf(key).queue.push(...replies);
        return rc;
      },
      setDefault: (reply) => {
        routeOf(key).fallback = reply;
        return rc;
      },
    };
    return rc;
  };
  const configControl = control(CONFIG_ROUTE);

  const matches = (route: string | undefined) => (r: StubRequest) => route === undefined || r.route === route;

  const stub: BridgeStub = {
    url: `${origin}${prefix}`,
    origin,
    port,
    get requests() {
      return [...recorded];
    },
    get lastAccepted() {
      return lastAccepted;
    },
    get isUp() {
      return listening;
    },
    script: (...replies) => configControl.script(...replies),
    setDefault: (reply) => configControl.setDefault(reply),
    route: control,
    serveConfig: (mode) => {
      configMode = mode;
    },
    maxInFlight: (route = CONFIG_ROUTE) => maxInFlight.get(route) ?? 0,
    requestsTo: (route = CONFIG_ROUTE) => recorded.filter(matches(route)),
    waitForRequests: (n, { timeoutMs = 5000, route } = {}) =>
      new Promise((resolve, reject) => {
        const current = () => recorded.filter(matches(route));
        if (current().length >= n) {
          resolve(current());
          return;
        }
        const onRequest = () => {
          if (current().length < n) return;
          clearTimeout(timer);
          events.off('request', onRequest);
          resolve(current());
        };
        const timer = setTimeout(() => {
          events.off('request', onRequest);
          const seen = recorded.map((r) => r.route).join(', ') || 'none';
          reject(
            new Error(`bridge stub: waited ${timeoutMs} ms for ${n} ${route ?? 'request'}(s); got: ${seen}`),
          );
        }, timeoutMs);
        events.on('request', onRequest);
      }),
    onRequest: (listener) => {
      events.on('request', listener);
      return () => events.off('request', listener);
    },
    clearRequests: () => {
      recorded.length = 0;
    },
    down: stop,
    up: async () => {
      if (closed) throw new Error('bridge stub: up() after close()');
      if (!listening) await listen(port);
    },
    close: async () => {
      closed = true;
      await stop();
    },
    restart: async ({ downMs = 0 } = {}) => {
      if (closed) throw new Error('bridge stub: restart() after close()');
      await stop();
      lastAccepted = null;
      if (downMs > 0) await new Promise((resolve) => setTimeout(resolve, downMs));
      await listen(port);
    },
  };
  return stub;
}

async function answer(
  req: http.IncomingMessage,
  res: http.ServerResponse,
  reply: StubReply,
  onAnswered: (status: number) => void,
): Promise<void> {
  if (reply === 'hang') return;
  if (reply === 'drop') {
    req.socket.destroy();
    return;
  }
  if (reply === 'reset') {
    // Promise more body than we send, so the client cannot mistake the cut for a complete answer.
    const partial = '{"status":"o';
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': '64' });
    res.write(partial, () => req.socket.destroy());
    return;
  }
  if (reply.waitFor) await reply.waitFor.catch(() => {});
  if (reply.delayMs) await new Promise((resolve) => setTimeout(resolve, reply.delayMs));
  if (res.destroyed || res.writableEnded) return;
  const isText = typeof reply.body === 'string';
  const payload =
    reply.body === undefined ? '' : isText ? (reply.body as string) : JSON.stringify(reply.body);
  const headers: Record<string, string> = {
    'content-type': isText ? 'text/plain; charset=utf-8' : 'application/json',
    ...lowerKeys(reply.headers ?? {}),
  };
  if (reply.trickleMs) {
    const bytes = Buffer.from(payload);
    res.writeHead(reply.status, { ...headers, 'content-length': String(bytes.length) });
    for (const byte of bytes) {
      if (res.destroyed) return;
      res.write(Buffer.from([byte]));
      await new Promise((resolve) => setTimeout(resolve, reply.trickleMs));
    }
    if (res.destroyed) return;
    res.end();
    onAnswered(reply.status);
    return;
  }
  res.writeHead(reply.status, headers);
  res.end(payload);
  onAnswered(reply.status);
}

/** What pydantic says about a config body: 200 when it has a devices list and a config_hash, else 422. */
function fastApiValidate(body: unknown): StubAnswer {
  const fields = body && typeof body === 'object' ? (body as Record<string, unknown>) : null;
  const errors: Array<{ loc: Array<string | number>; msg: string; type: string }> = [];
  if (!fields) errors.push({ loc: ['body'], msg: 'Input should be a valid dictionary', type: 'dict_type' });
  else {
    if (!Array.isArray(fields.devices))
      errors.push({ loc: ['body', 'devices'], msg: 'Field required', type: 'missing' });
    if (typeof fields.config_hash !== 'string')
      errors.push({ loc: ['body', 'config_hash'], msg: 'Field required', type: 'missing' });
  }
  return errors.length === 0 ? { status: 200, body: OK_BODY } : fastApi422(...errors);
}

function parseBody(raw: string): unknown {
  if (raw === '') return undefined;
  try {
    return JSON.parse(raw);
  } catch {
    return raw;
  }
}

function lowerKeys(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
}

function normalisePrefix(prefix: string): string {
  const trimmed = prefix.replace(/\/+$/, '');
  if (trimmed === '') return '';
  return trimmed.startsWith('/') ? trimmed : `/${trimmed}`;
}
