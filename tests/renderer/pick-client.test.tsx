// .tsx so that only the DOM-typed renderer tsconfig checks it (tsconfig.node.json takes tests/**/*.ts).
import { render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { pickClient } from '../../src-renderer/src/api/pick-client';
import { TOKEN_STORAGE_KEY } from '../../src-renderer/src/api/web-token';
import { PreloadMissing } from '../../src-renderer/src/components/preload-missing';
import type { WorkshopApi } from '../../src-shared';

afterEach(() => {
  delete (window as { workshop?: WorkshopApi }).workshop;
  sessionStorage.clear();
  history.replaceState(null, '', '/');
});

describe('pickClient (chosen once at start-up)', () => {
  it("takes the preload's window.workshop in Electron, and leaves the address alone", () => {
    const preload = {
      invoke: async () => ({ ok: true, value: null }),
      on: () => () => {},
    } as unknown as WorkshopApi;
    (window as { workshop?: WorkshopApi }).workshop = preload;
    history.replaceState(null, '', '/#token=ignored');
    const choice = pickClient(window);
    expect(choice).toEqual({ kind: 'ready', api: preload });
    expect(sessionStorage.getItem(TOKEN_STORAGE_KEY)).toBeNull();
  });

  it('uses the HTTP client in a browser, taking the token out of the address into the tab', () => {
    history.replaceState(null, '', '/#token=s3cret');
    const choice = pickClient(window);
    expect(choice.kind).toBe('ready');
    expect(choice.kind === 'ready' && choice.api).not.toBe(undefined);
    expect(location.hash).toBe('');
    expect(sessionStorage.getItem(TOKEN_STORAGE_KEY)).toBe('s3cret');
  });

  it('asks for the printed URL when a browser opens the page without a token', () => {
    expect(pickClient(window)).toEqual({ kind: 'no-token' });
  });

  it('in the desktop app without its preload, says the connection is missing instead of asking for a token', () => {
    const page = (protocol: string, userAgent: string) =>
      ({
        location: { protocol, hash: '', pathname: '/index.html', search: '' },
        navigator: { userAgent },
        history: window.history,
        sessionStorage: window.sessionStorage,
      }) as unknown as Window;
    expect(pickClient(page('app:', 'Mozilla/5.0 Chrome/140.0'))).toEqual({ kind: 'no-preload' });
    // `npm run dev`: the dev server's http:// page inside Electron.
    expect(pickClient(page('http:', 'Mozilla/5.0 Chrome/140.0 Electron/45.5.0 Safari/537.36'))).toEqual({
      kind: 'no-preload',
    });
    expect(pickClient(page('http:', 'Mozilla/5.0 Chrome/140.0 Safari/537.36'))).toEqual({ kind: 'no-token' });
  });

  it('the missing-preload screen says what happened and where the log is, not the token advice', () => {
    render(<PreloadMissing />);
    const alert = screen.getByRole('alert');
    expect(alert.textContent).toMatch(/did not load/);
    expect(alert.textContent).toMatch(/main\.log/);
    expect(alert.textContent).not.toMatch(/token/i);
  });
});
