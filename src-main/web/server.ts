/**
 * The web host: the contract over loopback HTTP + Server-Sent Events, and the built renderer as static files
 * (docs/web-host.md). Thin by design: every decision lives in the core; this file only translates.
 * Plain node:http, never electron.
 */
import { once } from 'node:events';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { IMPORT_MAX_CHARS, isCallName } from '../../src-shared';
import type { WorkshopCore } from '../core/workshop-core-types';
import { DEFAULT_HEARTBEAT_MS, openEventStream } from './event-stream';
import {
  HttpFailure,
  MethodNotAllowed,
  methodNotAllowed,
  parseJsonBody,
  readBody,
  SECURITY_HEADERS,
  sendFailure,
  sendJson,
} from './http-io';
import { hasValidToken, hostForUrl, isAllowedHost, isAllowedOrigin } from './request-guards';
import { serveStatic } from './static-files';

/** Largest accepted request body (an import of thousands of devices fits many times over). */
export const MAX_BODY_BYTES = 5 * 1024 * 1024;
/**
 * `devices.import` carries a whole file: its limit follows the import's own (IMPORT_MAX_CHARS) plus room for the
 * JSON escaping of the content, so every export the app writes (100,000 devices, about 50 MB) imports back.
 */
export const IMPORT_MAX_BODY_BYTES = Math.ceil(IMPORT_MAX_CHARS * 1.5);

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

/** Starts the web host; resolves once it listens. */
export async function createWebHost(options: WebHostOptions): Promise<WebHost> {
  const { core, token, staticDir } = options;
  const heartbeatMs = options.heartbeatMs ?? DEFAULT_HEARTBEAT_MS;
  const onError = options.onError ?? (() => {});
  const streams = new Set<ServerResponse>();
  let port = options.port;

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
      openEventStream(core, streams, heartbeatMs, req, res);
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
