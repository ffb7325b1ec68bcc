import { describe, expect, it } from 'vitest';
import { hasValidToken, isAllowedHost, isAllowedOrigin } from '../../src-main/web/request-guards';
import { resolveStaticPath } from '../../src-main/web/static-files';

describe('isAllowedHost', () => {
  it('accepts the bound address and the loopback names with our port', () => {
    for (const host of ['127.0.0.1:4000', 'localhost:4000', 'LOCALHOST:4000', '[::1]:4000']) {
      expect(isAllowedHost(host, '127.0.0.1', 4000), host).toBe(true);
    }
  });

  it('refuses other names (DNS rebinding), other ports, and missing or malformed headers', () => {
    for (const host of [
      'evil.example:4000',
      'localhost.evil.example:4000',
      '127.0.0.1.nip.io:4000',
      '127.0.0.1:4001',
      '127.0.0.1',
      'localhost',
      '',
      '127.0.0.1:4000@evil.example',
      '10.0.0.5:4000',
    ]) {
      expect(isAllowedHost(host, '127.0.0.1', 4000), host).toBe(false);
    }
    expect(isAllowedHost(undefined, '127.0.0.1', 4000)).toBe(false);
  });

  it('bound to a wildcard address, also accepts IP literals but still no other names', () => {
    expect(isAllowedHost('192.168.1.20:4000', '0.0.0.0', 4000)).toBe(true);
    expect(isAllowedHost('[fe80::1]:4000', '::', 4000)).toBe(true);
    expect(isAllowedHost('workshop-box.evil.example:4000', '0.0.0.0', 4000)).toBe(false);
  });

  it('accepts an IPv6 bound address in brackets', () => {
    expect(isAllowedHost('[::1]:4000', '::1', 4000)).toBe(true);
  });
});

describe('isAllowedOrigin', () => {
  it('accepts no Origin and our own origin', () => {
    expect(isAllowedOrigin(undefined, '127.0.0.1:4000')).toBe(true);
    expect(isAllowedOrigin('http://127.0.0.1:4000', '127.0.0.1:4000')).toBe(true);
    expect(isAllowedOrigin('http://localhost:4000', 'localhost:4000')).toBe(true);
  });

  it('refuses other sites, other ports, other schemes and the opaque null origin', () => {
    for (const origin of [
      'http://evil.example',
      'http://127.0.0.1:4001',
      'https://127.0.0.1:4000',
      'null',
      'http://localhost:4000',
    ]) {
      expect(isAllowedOrigin(origin, '127.0.0.1:4000'), origin).toBe(false);
    }
  });
});

describe('hasValidToken', () => {
  const token = 'abcdefghijklmnopqrstuvwxyz012345';
  it('accepts exactly `Bearer <token>`', () => {
    expect(hasValidToken(`Bearer ${token}`, token)).toBe(true);
    expect(hasValidToken(`bearer ${token}`, token)).toBe(true);
  });

  it('refuses missing, other, prefixed, longer and differently-schemed tokens', () => {
    for (const header of [
      undefined,
      '',
      'Bearer',
      `Bearer ${token.slice(0, -1)}`,
      `Bearer ${token}x`,
      `Basic ${token}`,
      token,
      `Bearer ${token} extra`,
    ]) {
      expect(hasValidToken(header, token), String(header)).toBe(false);
    }
  });
});

describe('resolveStaticPath', () => {
  it('maps / to index.html and plain paths below the root', () => {
    expect(resolveStaticPath('/srv/app', '/')).toBe('/srv/app/index.html');
    expect(resolveStaticPath('/srv/app', '/assets/index-abc.js')).toBe('/srv/app/assets/index-abc.js');
  });

  it('refuses every way out of the root', () => {
    for (const path of [
      '/../secret.txt',
      '/assets/../../secret.txt',
      '/%2e%2e/secret.txt',
      '/..%2fsecret.txt',
      '/assets/%2e%2e%2f%2e%2e%2fsecret.txt',
      '/..\\secret.txt',
      '/%5c..%5csecret.txt',
      '/index.html%00.png',
      '/%E0%A4%A',
    ]) {
      expect(resolveStaticPath('/srv/app', path), path).toBeNull();
    }
  });
});
