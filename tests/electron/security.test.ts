import type { Session, Shell, WebContents } from 'electron';
import { describe, expect, it, vi } from 'vitest';
import {
  CONTENT_SECURITY_POLICY,
  hardenWebContents,
  installSessionSecurity,
} from '../../src-main/electron/security';
import { FakeWebContents, fakeSession } from './fake-electron';

const page = { url: 'file:///app/out/renderer/index.html' };
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
      'connect-src': "'self'",
      'img-src': "'self' data:",
      'object-src': "'none'",
      'base-uri': "'none'",
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
    const shell = { openExternal: vi.fn(async (_url: string) => {}) };
    hardenWebContents(contents as unknown as WebContents, page, shell as unknown as Shell, log);
    return { contents, shell };
  };

  it('lets the window reload its own page (any route)', () => {
    const { contents } = harden();
    expect(contents.fire('will-navigate', `${page.url}#/settings`).defaultPrevented).toBe(false);
  });

  it.each([
    'https://evil.example/',
    'file:///etc/passwd',
    'file:///app/out/renderer/other.html',
    'javascript:alert(1)',
  ])('refuses navigation and redirects to %s', (url) => {
    const { contents } = harden();
    expect(contents.fire('will-navigate', url).defaultPrevented).toBe(true);
    expect(contents.fire('will-redirect', url).defaultPrevented).toBe(true);
  });

  it('denies window.open and opens a plain https link in the system browser', () => {
    const { contents, shell } = harden();
    expect(contents.windowOpenHandler?.({ url: 'https://github.com/x/y' })).toEqual({ action: 'deny' });
    expect(shell.openExternal).toHaveBeenCalledWith('https://github.com/x/y');
  });

  it.each([
    'file:///etc/passwd',
    'javascript:alert(1)',
    'smb://host/share',
    'https://a@evil.example/',
    'about:blank',
  ])('denies window.open(%s) and hands nothing to the OS', (url) => {
    const { contents, shell } = harden();
    expect(contents.windowOpenHandler?.({ url })).toEqual({ action: 'deny' });
    expect(shell.openExternal).not.toHaveBeenCalled();
  });

  it('refuses <webview>', () => {
    const { contents } = harden();
    expect(contents.fire('will-attach-webview', {}, {}).defaultPrevented).toBe(true);
  });
});
