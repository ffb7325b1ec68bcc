import { describe, expect, it } from 'vitest';
import { isAppPageUrl, resolveAppPage } from '../../src-main/electron/app-page';

const builtIndexUrl = 'app://workshop/index.html';

describe('resolveAppPage', () => {
  it('uses the dev server URL during development', () => {
    expect(
      resolveAppPage({ isPackaged: false, rendererUrl: 'http://localhost:5173', builtIndexUrl }),
    ).toEqual({
      url: 'http://localhost:5173',
    });
  });

  it('ignores ELECTRON_RENDERER_URL in a packaged app, so no variable can point the window elsewhere', () => {
    expect(resolveAppPage({ isPackaged: true, rendererUrl: 'https://evil.example', builtIndexUrl })).toEqual({
      url: builtIndexUrl,
    });
  });

  it('uses the built file when no dev server runs', () => {
    expect(resolveAppPage({ isPackaged: false, rendererUrl: undefined, builtIndexUrl }).url).toBe(
      builtIndexUrl,
    );
  });
});

describe('isAppPageUrl', () => {
  const appPage = { url: builtIndexUrl };
  const devPage = { url: 'http://localhost:5173' };

  it('accepts the page itself, with a route in the fragment or a query', () => {
    expect(isAppPageUrl(builtIndexUrl, appPage)).toBe(true);
    expect(isAppPageUrl(`${builtIndexUrl}#/settings`, appPage)).toBe(true);
    expect(isAppPageUrl('http://localhost:5173/', devPage)).toBe(true);
    expect(isAppPageUrl('http://localhost:5173/index.html?x=1', devPage)).toBe(true);
  });

  it.each([
    'file:///opt/Workshop%20Manager/resources/app.asar/out/renderer/other.html',
    'file:///etc/passwd',
    'file:///opt/Workshop%20Manager/resources/app.asar/out/renderer/index.html/../../../../etc/passwd',
    'https://evil.example/out/renderer/index.html',
    'about:blank',
    'not a url',
  ])('refuses %s for the built page', (url) => {
    expect(isAppPageUrl(url, appPage)).toBe(false);
  });

  it.each([
    'http://localhost:5174/',
    'https://localhost:5173/',
    'http://127.0.0.1:5173/',
    'http://localhost:5173/other',
    'http://user@localhost:5173/',
  ])('refuses %s for the dev page', (url) => {
    expect(isAppPageUrl(url, devPage)).toBe(false);
  });

  it('refuses what is not a string', () => {
    expect(isAppPageUrl(undefined, appPage)).toBe(false);
    expect(isAppPageUrl(null, appPage)).toBe(false);
  });
});
