/** The contract's events as Server-Sent Events: one stream per connected renderer. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { EVENT_NAMES } from '../../src-shared';
import type { WorkshopCore } from '../core/workshop-core-types';
import { SECURITY_HEADERS } from './http-io';

/** SSE comment heartbeat, so proxies and the client notice a dead connection. */
export const DEFAULT_HEARTBEAT_MS = 15_000;
/** Unsent event bytes one stream may hold before it is ended (the client reconnects and refetches). */
export const MAX_SSE_BACKLOG_BYTES = 1_000_000;

/**
 * Answers `GET /api/events` with a stream of every contract event, a heartbeat comment every `heartbeatMs`, and
 * the stream kept in `streams` (so closing the host can end it) until either side hangs up.
 */
export function openEventStream(
  core: Pick<WorkshopCore, 'on'>,
  streams: Set<ServerResponse>,
  heartbeatMs: number,
  req: IncomingMessage,
  res: ServerResponse,
): void {
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
}
