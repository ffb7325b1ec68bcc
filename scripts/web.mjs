// `npm run web -- [--port <n>] [--data-dir <dir>] [--bridge-url <url>] [--token <t>] [--host <addr>]`
//
// 1. Builds the renderer into out/renderer when it is missing or older than any file under src-renderer/ or
//    src-shared/ (a stat walk: milliseconds when nothing changed; only the renderer target is built, with the
//    exact renderer config of electron.vite.config.ts, so a broken Electron main cannot stop the web host).
// 2. Bundles src-main/web/cli.ts into out/web/cli.mjs (and the worker process it starts for large device writes
//    into out/web/transaction-worker.mjs) when they are older than their sources, and runs the host in this
//    same process, so Ctrl+C / SIGTERM reach the host directly (no wrapper process that could be killed while
//    the server lives on).
// Build output goes to stderr: stdout carries only the URL line.
import './check-node.mjs';
import { cpSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const root = resolve(import.meta.dirname, '..');
const builtIndex = join(root, 'out/renderer/index.html');

function newestMtime(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
    const full = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(full) : statSync(full).mtimeMs);
  }
  return newest;
}

function mtimeOf(file) {
  try {
    return statSync(file).mtimeMs;
  } catch {
    return -1;
  }
}

function builtMtime() {
  try {
    return statSync(builtIndex).mtimeMs;
  } catch {
    return -1;
  }
}

const sources = Math.max(newestMtime(join(root, 'src-renderer')), newestMtime(join(root, 'src-shared')));
if (builtMtime() < sources) {
  console.error('web: building the renderer into out/renderer …');
  const { resolveConfig } = await import('electron-vite');
  const { build } = await import('vite');
  const config = await resolveConfig({ root, logLevel: 'warn' }, 'build', 'production');
  const renderer = config.config?.renderer;
  if (!renderer) {
    console.error('web: electron.vite.config.ts has no renderer target; nothing to serve');
    process.exit(1);
  }
  // Vite logs to stdout; keep stdout for the URL line.
  const log = console.log;
  console.log = (...args) => console.error(...args);
  try {
    await build({ ...renderer, logLevel: 'warn' });
  } catch (error) {
    console.error(`web: building the renderer failed: ${error instanceof Error ? error.message : error}`);
    process.exit(1);
  } finally {
    console.log = log;
  }
}

// The host itself, bundled once per source change with esbuild (about 0.1 s) so that a start loads one file
// instead of compiling every TypeScript module through tsx (which took over a second of each cold start).
// The dependencies go into the bundle too: resolving some twenty packages' package.json exports at every start
// cost about 0.5 s of a cold start. Only better-sqlite3 (native) and ws's optional native helpers stay outside;
// bundled CommonJS code gets a real `require` from the banner. The migrations and the worker process for large
// device writes (src-main/core/db/transaction-worker.ts) sit beside the bundle, where the core looks for them.
const bundle = join(root, 'out/web/cli.mjs');
const worker = join(root, 'out/web/transaction-worker.mjs');
const hostSources = Math.max(
  newestMtime(join(root, 'src-main/core')),
  newestMtime(join(root, 'src-main/web')),
  newestMtime(join(root, 'src-shared')),
);
if (Math.min(mtimeOf(bundle), mtimeOf(worker)) < hostSources) {
  const { build } = await import('esbuild');
  try {
    await build({
      entryPoints: {
        cli: join(root, 'src-main/web/cli.ts'),
        'transaction-worker': join(root, 'src-main/core/db/transaction-worker.ts'),
      },
      outdir: join(root, 'out/web'),
      outExtension: { '.js': '.mjs' },
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node22',
      external: ['better-sqlite3', 'bufferutil', 'utf-8-validate'],
      banner: {
        js: "import { createRequire as __workshopRequire } from 'node:module'; const require = __workshopRequire(import.meta.url);",
      },
      logLevel: 'warning',
    });
  } catch (error) {
    console.error(`web: building the web host failed: ${error instanceof Error ? error.message : error}`);
    process.exit(1);
  }
  rmSync(join(root, 'out/web/migrations'), { recursive: true, force: true });
  cpSync(join(root, 'src-main/core/db/migrations'), join(root, 'out/web/migrations'), { recursive: true });
}
await import(pathToFileURL(bundle).href);
