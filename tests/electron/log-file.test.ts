import { chmodSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { openLogFile } from '../../src-main/electron/log-file';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'wm-log-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const quietConsole = () => ({ info: vi.fn(), warn: vi.fn(), error: vi.fn() });
const now = () => new Date('2026-12-02T10:00:00.000Z');

describe('openLogFile', () => {
  it('prints to the console as before and appends the same line, with time and level, to main.log', () => {
    const out = quietConsole();
    const log = openLogFile({ dir, now, console: out }).loggerFor('sync');
    log.warn('bridge unreachable');
    expect(out.warn).toHaveBeenCalledWith('[sync] bridge unreachable');
    expect(readFileSync(join(dir, 'main.log'), 'utf8')).toBe(
      '2026-12-02T10:00:00.000Z WARN  [sync] bridge unreachable\n',
    );
  });

  it('rotates past the size bound and keeps a bounded number of old files', () => {
    const file = openLogFile({ dir, now, console: quietConsole(), maxBytes: 200, keep: 2 });
    for (let i = 0; i < 100; i++) file.write('info', `line ${i} ${'x'.repeat(40)}`);
    expect(readdirSync(dir).sort()).toEqual(['main.1.log', 'main.2.log', 'main.log']);
    for (const name of readdirSync(dir)) expect(statSync(join(dir, name)).size).toBeLessThanOrEqual(200);
    expect(readFileSync(join(dir, 'main.log'), 'utf8')).toContain('line 99');
  });

  it('carries on appending to an existing file across starts', () => {
    openLogFile({ dir, now, console: quietConsole() }).write('info', 'first run');
    openLogFile({ dir, now, console: quietConsole() }).write('info', 'second run');
    expect(readFileSync(join(dir, 'main.log'), 'utf8').split('\n').filter(Boolean)).toHaveLength(2);
  });

  // Skipped as root: root writes through a read-only folder mode, so the failure cannot be produced.
  it.skipIf(process.getuid?.() === 0)(
    'falls back to the console alone when the folder is not writable',
    () => {
      chmodSync(dir, 0o500);
      const out = quietConsole();
      const log = openLogFile({ dir, now, console: out }).loggerFor('x');
      log.error('still shown');
      expect(out.error).toHaveBeenCalledWith('[x] still shown');
      expect(out.warn).toHaveBeenCalledWith(expect.stringMatching(/console only/));
      chmodSync(dir, 0o700);
    },
  );
});
