/**
 * `npm start` where the Electron binary cannot be downloaded: one clear sentence pointing to `npm run web`, exit 1,
 * no stack trace. The download is pointed at a closed loopback port, so the test behaves the same with or
 * without internet; where the binary is already installed, `npm start` would launch the app, so it does not run.
 */
import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
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
      expect(lines[0]).toMatch(
        /^The Electron binary could not be installed \(its download server could not be reached: .*fetch failed\).*run `npm run web`/,
      );
      expect(run.stderr).not.toMatch(/\bat .+:\d+:\d+/);
      expect(run.stdout).toBe('');
    },
  );

  it.skipIf(installed)(
    `names another cause as it is: a download that is not Electron fails its checksum${installed ? ' (skipped: the Electron binary is installed here)' : ''}`,
    async () => {
      // A mirror that answers, with bytes that are not Electron's zip (a captive portal or a broken proxy does this).
      const server = createServer((_req, res) => res.end('<html>Please log in to the guest network</html>'));
      server.listen(0, '127.0.0.1');
      await once(server, 'listening');
      const { port } = server.address() as AddressInfo;
      try {
        const child = spawn(process.execPath, [join(root, 'scripts/start.mjs')], {
          cwd: root,
          env: { ...process.env, ELECTRON_MIRROR: `http://127.0.0.1:${port}/`, ELECTRON_CUSTOM_DIR: 'v' },
        });
        let stderr = '';
        child.stderr.on('data', (chunk: Buffer) => {
          stderr += chunk.toString();
        });
        const [code] = await once(child, 'exit');
        expect(code).toBe(1);
        const lines = stderr.trim().split('\n');
        expect(lines).toHaveLength(1);
        expect(lines[0]).toMatch(/^The Electron binary could not be installed \(.*checksum/i);
        expect(lines[0]).not.toMatch(/download server could not be reached/);
      } finally {
        server.close();
      }
    },
  );
});
