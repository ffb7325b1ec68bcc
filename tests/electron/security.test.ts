import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Session, WebContents } from 'electron';
import { describe, expect, it, vi } from 'vitest';
import {
  CONTENT_SECURITY_POLICY,
  hardenWebContents,
  installSessionSecurity,
} from '../../src-main/electron/security';
import { FakeWebContents, fakeSession } from './fake-electron';

const page = { url: 'app://workshop/index.html' };
const log = { warn: vi.fn() };

describe('installSessionSecurity', () => {
  const install = () => {
    const session = fakeSession();
    installSessionSecurity(session as unknown as Session, log);
    return session.state;
  };

  it('puts the strict CSP on every response, replacing any the server sent', () => {
    const state = install();
    const callback = vi.fn();
    state.onHeadersReceived?.(
      {
        responseHeaders: {
          'content-security-policy': ["default-src *; script-src 'unsafe-eval'"],
          'X-A': ['1'],
        },
      },
      callback,
    );
    expect(callback).toHaveBeenCalledWith({
      responseHeaders: { 'X-A': ['1'], 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] },
    });
  });

  it('adds the CSP when a response has no headers at all', () => {
    const callback = vi.fn();
    install().onHeadersReceived?.({}, callback);
    expect(callback).toHaveBeenCalledWith({
      responseHeaders: { 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] },
    });
  });

  it('is the policy the design asks for: self only, no inline script, no plugins, no framing', () => {
    const directives = Object.fromEntries(
      CONTENT_SECURITY_POLICY.split('; ').map((d) => [d.split(' ')[0], d.split(' ').slice(1).join(' ')]),
    );
    expect(directives).toEqual({
      'default-src': "'self'",
      'script-src': "'self'",
      'style-src': "'self' 'unsafe-inline'",
      'img-src': "'self' data:",
      'font-src': "'self'",
      'connect-src': "'self'",
      'object-src': "'none'",
      'base-uri': "'none'",
      'form-action': "'none'",
      'frame-src': "'none'",
      'frame-ancestors': "'none'",
    });
  });

  it('denies every permission request and check', () => {
    const state = install();
    for (const permission of ['media', 'geolocation', 'notifications', 'clipboard-read', 'openExternal']) {
      const callback = vi.fn();
      state.permissionRequest?.({}, permission, callback);
      expect(callback).toHaveBeenCalledWith(false);
      expect(state.permissionCheck?.({}, permission)).toBe(false);
    }
  });
});

describe('hardenWebContents', () => {
  const harden = () => {
    const contents = new FakeWebContents();
    hardenWebContents(contents as unknown as WebContents, page, log);
    return { contents };
  };

  it('lets the window reload its own page (any route)', () => {
    const { contents } = harden();
    expect(contents.fire('will-navigate', `${page.url}#/settings`).defaultPrevented).toBe(false);
  });

  it.each([
    'https://evil.example/',
    'file:///etc/passwd',
    'file:///app/out/renderer/index.html',
    'app://workshop/other.html',
    'app://elsewhere/index.html',
    'javascript:alert(1)',
  ])('refuses navigation and redirects to %s', (url) => {
    const { contents } = harden();
    expect(contents.fire('will-navigate', url).defaultPrevented).toBe(true);
    expect(contents.fire('will-redirect', url).defaultPrevented).toBe(true);
  });

  it.each([
    'https://github.com/x/y',
    'file:///etc/passwd',
    'javascript:alert(1)',
    'smb://host/share',
    'about:blank',
  ])('denies window.open(%s): the app opens no other window', (url) => {
    const { contents } = harden();
    expect(contents.windowOpenHandler?.({ url })).toEqual({ action: 'deny' });
  });

  it('never hands a URL to the OS: no source of the desktop host calls shell.openExternal', () => {
    const dir = join(import.meta.dirname, '../../src-main/electron');
    const callers = readdirSync(dir).filter((file) =>
      /\bopenExternal\s*\(/.test(readFileSync(join(dir, file), 'utf8')),
    );
    expect(callers).toEqual([]);
  });

  it('refuses <webview>', () => {
    const { contents } = harden();
    expect(contents.fire('will-attach-webview', {}, {}).defaultPrevented).toBe(true);
  });
});
