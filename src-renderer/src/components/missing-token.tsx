/** Shown in a browser opened without the web host's access token (e.g. a bookmark of the bare address). */
export function MissingToken() {
  return (
    <main className="missing-token">
      <h1>Workshop Manager</h1>
      <p role="alert">
        This page needs the access token of the web host. Open the full address that <code>npm run web</code>{' '}
        printed (it ends in <code>#token=…</code>); the tab keeps the token after that, also across reloads.
      </p>
    </main>
  );
}
