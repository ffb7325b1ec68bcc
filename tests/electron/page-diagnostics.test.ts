import type { WebContents } from 'electron';
import { describe, expect, it, vi } from 'vitest';
import { logPageDiagnostics } from '../../src-main/electron/page-diagnostics';
import { FakeWebContents } from './fake-electron';

const setup = () => {
  const contents = new FakeWebContents();
  const log = { warn: vi.fn(), error: vi.fn() };
  logPageDiagnostics(contents as unknown as WebContents, log);
  return { contents, log };
};

describe('logPageDiagnostics', () => {
  it('logs a preload that failed, with its error', () => {
    const { contents, log } = setup();
    contents.emit('preload-error', {}, '/app/out/preload/index.cjs', new Error('Cannot find module'));
    expect(log.error).toHaveBeenCalledWith(
      expect.stringMatching(/^the preload \/app\/out\/preload\/index\.cjs failed: Error: Cannot find module/),
    );
  });

  it("logs the page's console errors and warnings, not its info or debug lines", () => {
    const { contents, log } = setup();
    const message = (level: string, text: string) =>
      contents.emit('console-message', {
        level,
        message: text,
        sourceId: 'app://workshop/a.js',
        lineNumber: 3,
      });
    message('error', 'Uncaught TypeError: x is undefined');
    message('warning', 'slow');
    message('info', 'hello');
    message('debug', 'noise');
    expect(log.error).toHaveBeenCalledWith(
      '[page] Uncaught TypeError: x is undefined (app://workshop/a.js:3)',
    );
    expect(log.warn).toHaveBeenCalledWith('[page] slow (app://workshop/a.js:3)');
    expect(log.error).toHaveBeenCalledTimes(1);
    expect(log.warn).toHaveBeenCalledTimes(1);
  });

  it('logs a renderer that crashed', () => {
    const { contents, log } = setup();
    contents.emit('render-process-gone', {}, { reason: 'oom', exitCode: 133 });
    expect(log.error).toHaveBeenCalledWith("the window's renderer process is gone: oom (exit code 133)");
  });
});
