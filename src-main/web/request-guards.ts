/**
 * The checks every request to the web host passes before it reaches the core (docs/web-host.md "Guards").
 * Pure functions over header values, so each rule is tested without a server.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { isIP } from 'node:net';

/** Hosts a browser may name in `Host` when it reaches us over loopback. */
const LOOPBACK_NAMES = ['localhost', '127.0.0.1', '[::1]'];

const WILDCARD_ADDRESSES = new Set(['0.0.0.0', '::', '[::]']);

/** `::1` → `[::1]`: how an IPv6 literal appears in a Host header and a URL. */
export function hostForUrl(host: string): string {
  return isIP(host) === 6 ? `[${host}]` : host;
}

/**
 * Whether a `Host` header names this server. DNS rebinding (a hostile name that resolves to 127.0.0.1) arrives
 * with the hostile name in `Host`, so only the bound address and the loopback names are accepted, each with our
 * port. Bound to a wildcard address (a headless box reached over the LAN), any IP literal is also accepted:
 * rebinding needs a DNS name, never an IP literal.
 */
export function isAllowedHost(hostHeader: string | undefined, boundHost: string, port: number): boolean {
  if (!hostHeader) return false;
  const value = hostHeader.trim().toLowerCase();
  const match = /^(\[[0-9a-f:.]+\]|[^:[\]]+):(\d{1,5})$/.exec(value);
  if (!match || Number(match[2]) !== port) return false;
  const name = match[1]!;
  const bound = hostForUrl(boundHost.toLowerCase());
  if (name === bound || LOOPBACK_NAMES.includes(name)) return true;
  if (WILDCARD_ADDRESSES.has(boundHost)) {
    const bare = name.startsWith('[') ? name.slice(1, -1) : name;
    return isIP(bare) !== 0;
  }
  return false;
}

/**
 * Whether an `Origin` header is acceptable: absent (non-browser clients, same-origin GETs) or exactly our own
 * origin as the (already checked) Host header names it. `null` (sandboxed frames, file://) is refused.
 */
export function isAllowedOrigin(originHeader: string | undefined, hostHeader: string): boolean {
  if (originHeader === undefined) return true;
  return originHeader.toLowerCase() === `http://${hostHeader.trim().toLowerCase()}`;
}

const digest = (text: string) => createHash('sha256').update(text, 'utf8').digest();

/**
 * Whether `Authorization` carries `Bearer <token>`. Both sides are hashed first so the timing-safe compare sees
 * equal lengths and the time taken says nothing about the token's length or prefix.
 */
export function hasValidToken(authorization: string | undefined, token: string): boolean {
  if (!authorization) return false;
  const match = /^Bearer ([^\s]+)$/i.exec(authorization.trim());
  if (!match) return false;
  return timingSafeEqual(digest(match[1]!), digest(token));
}
