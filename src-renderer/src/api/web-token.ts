/**
 * The web host prints `http://127.0.0.1:PORT/#token=TOKEN`. The token is taken from the fragment once, kept in
 * sessionStorage so a reload of the tab keeps working, and removed from the address so it never reaches
 * later URLs, bookmarks or the history.
 */
export const TOKEN_STORAGE_KEY = 'workshop-manager.token';

/** The parts of `window` used; structural, so the node-side tests type-check without DOM types. */
export interface TokenPage {
  location: { hash: string; pathname: string; search: string };
  history: { state: unknown; replaceState(data: unknown, unused: string, url?: string | null): void };
  sessionStorage: { getItem(key: string): string | null; setItem(key: string, value: string): void };
}

/** The access token for the web host, or null when the page was opened without one. */
export function takeWebToken(page: TokenPage): string | null {
  const fragment = new URLSearchParams(page.location.hash.replace(/^#/, ''));
  const fromUrl = fragment.get('token');
  if (fromUrl) {
    page.sessionStorage.setItem(TOKEN_STORAGE_KEY, fromUrl);
    page.history.replaceState(page.history.state, '', `${page.location.pathname}${page.location.search}`);
    return fromUrl;
  }
  return page.sessionStorage.getItem(TOKEN_STORAGE_KEY) || null;
}
