// .tsx so that only the DOM-typed renderer tsconfig checks it (tsconfig.node.json takes tests/**/*.ts).
import { afterEach, describe, expect, it } from 'vitest';
import { pickClient } from '../../src-renderer/src/api/pick-client';
import { TOKEN_STORAGE_KEY } from '../../src-renderer/src/api/web-token';
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
});
