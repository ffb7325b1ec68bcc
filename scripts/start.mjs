// `npm start` / `npm run dev`: make sure Electron's binary is there (electron 45 downloads it lazily with its own
// `install-electron` step, and electron-vite's preview/dev need it), then build + preview, or dev with hot reload.
// Where the install cannot happen (no internet, a bad download, a full disk), say why in one sentence and point to
// the browser mode.
import './check-node.mjs';
import { spawn, spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const dev = process.argv.includes('--dev');

// electron's bin `install-electron` is this file; running it with this Node works the same on every OS (the
// node_modules/.bin shim would need a shell on Windows). It exits 0 at once when the binary is already there.
const installer = require.resolve('electron/install.js');
const install = spawnSync(process.execPath, [installer], {
  encoding: 'utf8',
  stdio: ['ignore', 'pipe', 'pipe'],
});
if (install.status !== 0) {
  const output = `${install.stderr ?? ''}\n${install.stdout ?? ''}`;
  // electron's installer prints the error's stack: its first line names the cause (fetch failed, a 404, a checksum
  // that did not match, a disk that is full or read-only…); the `at …` lines are noise.
  const cause = output
    .split('\n')
    .map((line) => line.trim())
    .find((line) => line && !line.startsWith('at '));
  const offline = /fetch failed|ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ECONNRESET|ETIMEDOUT/i.test(output);
  const why = [
    offline ? 'its download server could not be reached' : '',
    cause?.slice(0, 160) ?? `exit code ${install.status}`,
  ]
    .filter(Boolean)
    .join(': ');
  console.error(
    `The Electron binary could not be installed (${why}), so the desktop app cannot start here: run \`npm run web\` to use Workshop Manager in a browser instead.`,
  );
  process.exit(1);
}

// electron-vite's package `exports` hide its bin file from require.resolve: take it from node_modules directly.
const electronVite = fileURLToPath(
  new URL('../node_modules/electron-vite/bin/electron-vite.js', import.meta.url),
);

/** Runs electron-vite with this Node, forwarding signals; resolves with its exit code. */
function run(args) {
  return new Promise((resolvePromise) => {
    const child = spawn(process.execPath, [electronVite, ...args], { stdio: 'inherit' });
    const forward = (signal) => child.kill(signal);
    process.on('SIGINT', forward);
    process.on('SIGTERM', forward);
    child.on('exit', (code, signal) => {
      process.off('SIGINT', forward);
      process.off('SIGTERM', forward);
      resolvePromise(code ?? (signal ? 1 : 0));
    });
  });
}

if (dev) {
  process.exit(await run(['dev']));
}
const built = await run(['build']);
if (built !== 0) process.exit(built);
process.exit(await run(['preview', '--skipBuild']));
