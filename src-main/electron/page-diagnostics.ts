/**
 * What goes wrong inside the window, written to the desktop log (src-main/electron/log-file.ts): a preload that
 * failed (the page then says it could not connect), the page's console warnings and errors, and a renderer that
 * crashed or was killed. Nobody watches DevTools on a workshop PC; the log is what someone can read afterwards.
 */
import type { WebContents } from 'electron';

interface Log {
  warn(message: string): void;
  error(message: string): void;
}

const text = (error: unknown) => (error instanceof Error ? (error.stack ?? error.message) : String(error));

export function logPageDiagnostics(contents: Pick<WebContents, 'on'>, log: Log): void {
  contents.on('preload-error', (_event, preloadPath, error) => {
    log.error(`the preload ${preloadPath} failed: ${text(error)}`);
  });
  contents.on('console-message', (event) => {
    if (event.level !== 'warning' && event.level !== 'error') return;
    const line = `[page] ${event.message} (${event.sourceId}:${event.lineNumber})`;
    if (event.level === 'error') log.error(line);
    else log.warn(line);
  });
  contents.on('render-process-gone', (_event, details) => {
    log.error(`the window's renderer process is gone: ${details.reason} (exit code ${details.exitCode})`);
  });
}
