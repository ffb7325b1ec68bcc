/**
 * The web host prints `http://127.0.0.1:PORT/#token=TOKEN`. The token is taken from the fragment once, kept in
 * sessionStorage so a reload of the tab keeps working, and removed from the address so it never reaches
 * later URLs, bookmarks or the history.
 */
export const TOKEN_STORAGE_KEY = 'workshop-manager.token';

export interface TokenPage {
  location: Pick<Location, 'hash' | 'pathname' | 'search'>;
  history: Pick<History, 'replaceState' | 'state'>;
  sessionStorage: Pick<Storage, 'getItem' | 'setItem'>;
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
