/**
 * `npm start` where the Electron binary cannot be downloaded: one clear sentence pointing to `npm run web`, exit 1,
 * no stack trace. The download is pointed at a closed loopback port, so the test behaves the same with or
 * without internet; where the binary is already installed, `npm start` would launch the app, so it does not run.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../..');
const installed = existsSync(join(root, 'node_modules/electron/path.txt'));

describe('npm start without the Electron binary', () => {
  it.skipIf(installed)(
    `says in one sentence that the binary could not be downloaded and points to npm run web${installed ? ' (skipped: the Electron binary is installed here, so npm start would launch the app)' : ''}`,
    () => {
      const run = spawnSync(process.execPath, [join(root, 'scripts/start.mjs')], {
        cwd: root,
        encoding: 'utf8',
        env: { ...process.env, ELECTRON_MIRROR: 'http://127.0.0.1:9/', ELECTRON_CUSTOM_DIR: 'unreachable' },
        timeout: 60_000,
      });
      expect(run.status).toBe(1);
      const lines = run.stderr.trim().split('\n');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(/^The Electron binary could not be downloaded\b.*run `npm run web`/);
      expect(run.stderr).not.toMatch(/\bat .+:\d+:\d+/);
      expect(run.stdout).toBe('');
    },
  );
});
