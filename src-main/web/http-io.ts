/**
 * The web host's HTTP replies and request bodies: JSON answers with the security headers, failures as the
 * contract's error shape, and bounded body reading.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ErrorCode } from '../../src-shared';
import { CONTENT_SECURITY_POLICY } from '../../src-shared/content-security-policy';

export const SECURITY_HEADERS = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'X-Frame-Options': 'DENY',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
};

export class HttpFailure extends Error {
  constructor(
    readonly status: number,
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
  }
}

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  extra: Record<string, string> = {},
) {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(text),
    ...extra,
  });
  res.end(text);
}

export function sendFailure(res: ServerResponse, failure: HttpFailure, extra: Record<string, string> = {}) {
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
export async function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
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

export function parseJsonBody(body: Buffer): unknown {
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

export class MethodNotAllowed extends HttpFailure {
  constructor(
    method: string | undefined,
    readonly allow: string,
  ) {
    super(405, 'method_not_allowed', `${method ?? 'this method'} is not allowed here (use ${allow})`);
  }
}

export const methodNotAllowed = (method: string | undefined, allow: string) =>
  new MethodNotAllowed(method, allow);
