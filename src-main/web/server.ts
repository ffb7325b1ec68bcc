/**
 * The web host: the contract over loopback HTTP + Server-Sent Events, and the built renderer as static files
 * (docs/web-host.md). Thin by design: every decision lives in the core; this file only translates.
 * Plain node:http, never electron.
 */
import { once } from 'node:events';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type ErrorCode, EVENT_NAMES, IMPORT_MAX_CHARS, isCallName } from '../../src-shared';
import { CONTENT_SECURITY_POLICY } from '../../src-shared/content-security-policy';
import type { WorkshopCore } from '../core/workshop-core-types';
import { hasValidToken, hostForUrl, isAllowedHost, isAllowedOrigin } from './request-guards';
import { serveStatic } from './static-files';

/** Largest accepted request body (an import of thousands of devices fits many times over). */
export const MAX_BODY_BYTES = 5 * 1024 * 1024;
/**
 * `devices.import` carries a whole file: its limit follows the import's own (IMPORT_MAX_CHARS) plus room for the
 * JSON escaping of the content, so every export the app writes (100,000 devices, about 50 MB) imports back.
 */
export const IMPORT_MAX_BODY_BYTES = Math.ceil(IMPORT_MAX_CHARS * 1.5);

/** SSE comment heartbeat, so proxies and the client notice a dead connection. */
export const DEFAULT_HEARTBEAT_MS = 15_000;
/** Unsent event bytes one stream may hold before it is ended (the client reconnects and refetches). */
export const MAX_SSE_BACKLOG_BYTES = 1_000_000;

export interface WebHostOptions {
  core: WorkshopCore;
  /** The bearer token every /api request must carry. */
  token: string;
  /** Address to bind (127.0.0.1 by default in the CLI). */
  host: string;
  /** 0 picks a free port. */
  port: number;
  /** The built renderer (out/renderer). */
  staticDir: string;
  heartbeatMs?: number;
  /** Told about requests that fail inside the host (never about guarded ones: those are expected). */
  onError?: (message: string) => void;
}

export interface WebHost {
  /** `http://<host>:<port>` without the token. */
  url: string;
  port: number;
  /**
   * Stops accepting, ends the event streams, and waits for requests in flight (a `sync.push` call included, which
   * the core's own close bounds); after `timeoutMs` the remaining connections are cut.
   */
  close(options?: { timeoutMs?: number }): Promise<void>;
}

const SECURITY_HEADERS = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'X-Frame-Options': 'DENY',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
};

class HttpFailure extends Error {
  constructor(
    readonly status: number,
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
  }
}

function sendJson(res: ServerResponse, status: number, body: unknown, extra: Record<string, string> = {}) {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(text),
    ...extra,
  });
  res.end(text);
}

function sendFailure(res: ServerResponse, failure: HttpFailure, extra: Record<string, string> = {}) {
  sendJson(
    res,
    failure.status,
    { ok: false, error: { code: failure.code, message: failure.message } },
    extra,
  );
}

/**
 * Reads the whole body, refusing more than `limit` bytes: a declared Content-Length over the limit is refused
 * before reading anything, a chunked body as soon as it crosses the limit.
 */
async function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) throw tooLarge(limit);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) throw tooLarge(limit);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

const tooLarge = (limit: number) =>
  new HttpFailure(
    413,
    'payload_too_large',
    `request body is larger than ${Math.round(limit / 1024 / 1024)} MB`,
  );

function parseJsonBody(body: Buffer): unknown {
  const text = body.toString('utf8');
  // No body means no input: the calls without input accept it.
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new HttpFailure(
      400,
      'invalid_input',
      `request body is not valid JSON (${error instanceof Error ? error.message : String(error)})`,
    );
  }
}

/** Starts the web host; resolves once it listens. */
export async function createWebHost(options: WebHostOptions): Promise<WebHost> {
  const { core, token, staticDir } = options;
  const heartbeatMs = options.heartbeatMs ?? DEFAULT_HEARTBEAT_MS;
  const onError = options.onError ?? (() => {});
  const streams = new Set<ServerResponse>();
  let port = options.port;

  const openEventStream = (req: IncomingMessage, res: ServerResponse) => {
    res.writeHead(200, {
      ...SECURITY_HEADERS,
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-store',
      Connection: 'keep-alive',
      'X-Accel-Buffering': 'no',
    });
    // A first comment flushes the headers, so the client knows it is subscribed before any event happens.
    res.write(': connected\n\n');
    // A client that stopped reading (a frozen tab) must not make the host buffer events without end: past the
    // limit its stream is ended, and the renderer reconnects and refetches the state when it reads again.
    const send = (text: string) => {
      // Ended (by the backlog rule or at shutdown) but not yet cleaned up: a write now would throw.
      if (res.writableEnded) return;
      if (res.writableLength > MAX_SSE_BACKLOG_BYTES) {
        res.end();
        return;
      }
      res.write(text);
    };
    const unsubscribes = EVENT_NAMES.map((event) =>
      core.on(event, (payload) => send(`event: ${event}\ndata: ${JSON.stringify(payload)}\n\n`)),
    );
    const heartbeat = setInterval(() => send(': heartbeat\n\n'), heartbeatMs);
    heartbeat.unref();
    streams.add(res);
    const cleanUp = () => {
      clearInterval(heartbeat);
      for (const unsubscribe of unsubscribes) unsubscribe();
      streams.delete(res);
    };
    res.once('close', cleanUp);
    req.once('close', cleanUp);
  };

  const handleApi = async (req: IncomingMessage, res: ServerResponse, path: string) => {
    const hostHeader = req.headers.host ?? '';
    if (!isAllowedOrigin(req.headers.origin, hostHeader)) {
      throw new HttpFailure(403, 'forbidden', `origin ${req.headers.origin} may not use this API`);
    }
    if (!hasValidToken(req.headers.authorization, token)) {
      throw new HttpFailure(401, 'unauthorized', 'missing or wrong token (Authorization: Bearer <token>)');
    }
    if (path === '/api/events') {
      if (req.method !== 'GET') throw methodNotAllowed(req.method, 'GET');
      openEventStream(req, res);
      return;
    }
    let channel: string;
    try {
      channel = decodeURIComponent(path.slice('/api/'.length));
    } catch {
      channel = path.slice('/api/'.length);
    }
    if (!isCallName(channel)) {
      throw new HttpFailure(404, 'unknown_channel', `unknown channel "${channel}"`);
    }
    if (req.method !== 'POST') throw methodNotAllowed(req.method, 'POST');
    const limit = channel === 'devices.import' ? IMPORT_MAX_BODY_BYTES : MAX_BODY_BYTES;
    const input = parseJsonBody(await readBody(req, limit));
    let result: unknown;
    try {
      result = await core.invoke(channel, input);
    } catch (error) {
      // The core promises never to throw; if it does, the client still gets a result value, and we hear why.
      const message = `${channel}: ${error instanceof Error ? error.message : String(error)}`;
      onError(`core threw: ${message}`);
      result = { ok: false, error: { code: 'internal', message } };
    }
    sendJson(res, 200, result, { ...SECURITY_HEADERS, 'Cache-Control': 'no-store' });
  };

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const path = (req.url ?? '/').split('?')[0]!;
    const isApi = path === '/api' || path.startsWith('/api/');
    try {
      if (!isAllowedHost(req.headers.host, options.host, port)) {
        throw new HttpFailure(403, 'forbidden', `host ${req.headers.host ?? '(none)'} is not this server`);
      }
      if (isApi) {
        await handleApi(req, res, path);
        return;
      }
      if (req.method !== 'GET' && req.method !== 'HEAD') throw methodNotAllowed(req.method, 'GET, HEAD');
      for (const [name, value] of Object.entries(SECURITY_HEADERS)) res.setHeader(name, value);
      await serveStatic(staticDir, path, req, res);
    } catch (error) {
      if (res.headersSent) {
        onError(`${req.method} ${path} failed after answering: ${String(error)}`);
        res.destroy();
        return;
      }
      const failure =
        error instanceof HttpFailure
          ? error
          : new HttpFailure(500, 'internal', `${req.method} ${path}: ${String(error)}`);
      if (!(error instanceof HttpFailure)) onError(failure.message);
      const extra: Record<string, string> = { ...SECURITY_HEADERS, 'Cache-Control': 'no-store' };
      if (failure instanceof MethodNotAllowed) extra.Allow = failure.allow;
      // An unread (too large) body would otherwise be drained into the void: close instead of reading on.
      if (failure.status === 413) extra.Connection = 'close';
      sendFailure(res, failure, extra);
      if (failure.status === 413) req.pause();
    }
  };

  let stopping = false;
  const server = createServer((req, res) => {
    if (stopping) {
      // A keep-alive connection may still bring a request after close(): answer it, then hang up.
      res.setHeader('Connection', 'close');
    }
    // A response that was still being written when close() began leaves a keep-alive connection behind:
    // cut it as soon as it is idle instead of waiting for the keep-alive timeout.
    res.once('finish', () => {
      if (stopping) setImmediate(() => server.closeIdleConnections());
    });
    void handle(req, res);
  });
  server.listen(options.port, options.host);
  await Promise.race([
    once(server, 'listening'),
    once(server, 'error').then(([error]) => {
      throw error;
    }),
  ]);
  port = (server.address() as AddressInfo).port;
  const urlHost = ['0.0.0.0', '::'].includes(options.host) ? '127.0.0.1' : hostForUrl(options.host);

  let closing: Promise<void> | null = null;
  const close = ({ timeoutMs = 5_000 }: { timeoutMs?: number } = {}) => {
    closing ??= (async () => {
      stopping = true;
      const closed = new Promise<void>((resolveClosed) => server.close(() => resolveClosed()));
      for (const stream of streams) stream.end();
      server.closeIdleConnections();
      let timer: NodeJS.Timeout | undefined;
      const timedOut = new Promise<void>((resolveTimeout) => {
        timer = setTimeout(() => {
          server.closeAllConnections();
          resolveTimeout();
        }, timeoutMs);
      });
      await Promise.race([closed, timedOut]);
      clearTimeout(timer);
      await closed;
    })();
    return closing;
  };

  return { url: `http://${urlHost}:${port}`, port, close };
}

class MethodNotAllowed extends HttpFailure {
  constructor(
    method: string | undefined,
    readonly allow: string,
  ) {
    super(405, 'method_not_allowed', `${method ?? 'this method'} is not allowed here (use ${allow})`);
  }
}

const methodNotAllowed = (method: string | undefined, allow: string) => new MethodNotAllowed(method, allow);
