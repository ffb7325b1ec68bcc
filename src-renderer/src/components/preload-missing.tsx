/**
 * Shown in the desktop app when its preload did not load (a damaged installation, or a preload error): the
 * window has no connection to the app's data, so say that, not the browser's token advice.
 */
export function PreloadMissing() {
  return (
    <main className="missing-token">
      <h1>Workshop Manager could not connect to its data</h1>
      <p role="alert">
        The part of the desktop app that connects this window to your devices did not load, so nothing can be
        shown or saved. Quit and start Workshop Manager again. If this stays, reinstall it, and send the log
        file (Help → Open log folder, <code>main.log</code>) to whoever looks after the workshop computers.
      </p>
    </main>
  );
}
