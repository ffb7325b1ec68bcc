/**
 * `npm run web`: the whole app for a browser on this machine (docs/web-host.md). Prints exactly one stdout line,
 * the URL to open with the token in its fragment; everything else (logs, errors) goes to stderr.
 * Exit codes: 0 after a clean shutdown, 1 when start-up fails, 2 for bad arguments.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { createConfSettings } from '../core/conf-settings';
import { createWorkshopCore, StoreOpenError } from '../core/create-workshop-core';
import { type DataDirLock, lockDataDir } from '../core/db/data-dir-lock';
import { DATABASE_FILE } from '../core/db/open-database';
import { restrictDataDir } from '../core/owner-only';
import type { Logger } from '../core/ports';
import type { WorkshopCore } from '../core/workshop-core-types';
import {
  isLoopbackHost,
  parseTestTimings,
  parseWebArgs,
  TEST_TIMINGS_ENV,
  WEB_USAGE,
} from './parse-web-args';
import { createWebHost, type WebHost } from './server';

const NAME = 'workshop-manager web';

/** How long shutdown waits for a push in flight (its own attempt timeout is 10 s) before abandoning it. */
const SHUTDOWN_TIMEOUT_MS = 12_000;

/** The built renderer, relative to this file in the source tree (src-main/web → out/renderer). */
const DEFAULT_STATIC_DIR = resolve(import.meta.dirname, '../../out/renderer');

/** Logs go to stderr: stdout carries only the URL line, which scripts and tests read. */
const stderrLogger = (scope: string): Logger => ({
  info: (m) => console.error(`[${scope}] ${m}`),
  warn: (m) => console.error(`[${scope}] warning: ${m}`),
  error: (m) => console.error(`[${scope}] error: ${m}`),
});

const oneLine = (error: unknown) =>
  (error instanceof Error ? error.message : String(error)).replace(/\s*\n\s*/g, ' ').trim();

function die(message: string, code: number): never {
  console.error(`${NAME}: ${message}`);
  process.exit(code);
}

/** Runs the web host until SIGINT/SIGTERM. */
export async function main(argv: readonly string[]): Promise<void> {
  const parsed = parseWebArgs(argv);
  if (!parsed.ok) die(parsed.message, 2);
  const args = parsed.args;
  if (args.help) {
    console.log(WEB_USAGE);
    return;
  }
  const timings = parseTestTimings(process.env[TEST_TIMINGS_ENV]);
  if (!timings.ok) die(timings.message, 2);

  const log = stderrLogger('web');
  const staticDir = DEFAULT_STATIC_DIR;
  if (!existsSync(resolve(staticDir, 'index.html'))) {
    // The API still works (scripts, tests); the page says what to do.
    log.warn(`no built renderer in ${staticDir}: run "npm run web" (it builds one) or "npm run build"`);
  }
  if (timings.timings.push || timings.timings.sync) {
    log.warn(`${TEST_TIMINGS_ENV} is set: test-only push/sync timings ${JSON.stringify(timings.timings)}`);
  }

  // One writer per data directory, taken before anything there is touched (the --bridge-url preference below
  // included): a second host on the same directory refuses to start, naming the one that holds it.
  let dataDirLock: DataDirLock;
  try {
    dataDirLock = lockDataDir(args.dataDir, 'web host');
    restrictDataDir(args.dataDir, DATABASE_FILE);
  } catch (error) {
    die(error instanceof StoreOpenError ? error.message : `cannot use ${args.dataDir}: ${oneLine(error)}`, 1);
  }

  let core: WorkshopCore;
  try {
    const settings = createConfSettings({ cwd: args.dataDir, logger: stderrLogger('settings') });
    // Before the core starts, so its first (start-up) push already goes to the bridge named here.
    if (args.bridgeUrl !== undefined && settings.get().bridgeUrl !== args.bridgeUrl) {
      settings.set({ bridgeUrl: args.bridgeUrl });
    }
    if (args.brokerUrl !== undefined && settings.get().brokerUrl !== args.brokerUrl) {
      settings.set({ brokerUrl: args.brokerUrl });
    }
    core = await createWorkshopCore({
      dataDir: args.dataDir,
      dataDirLock,
      settings,
      // Preferences set aside as unreadable hold pushes until a person confirms the bridge URL; one given on the
      // command line is confirmed.
      preferencesSetAside: settings.setAside,
      bridgeUrlGiven: args.bridgeUrl !== undefined,
      logger: stderrLogger,
      ...(timings.timings.push ? { push: timings.timings.push } : {}),
      ...(timings.timings.sync ? { sync: timings.timings.sync } : {}),
    });
  } catch (error) {
    dataDirLock.release();
    if (error instanceof StoreOpenError) die(oneLine(error), 1);
    die(`cannot open the data in ${args.dataDir}: ${oneLine(error)}`, 1);
  }

  let host: WebHost;
  try {
    host = await createWebHost({
      core,
      token: args.token,
      host: args.host,
      port: args.port,
      staticDir,
      onError: (m) => log.error(m),
    });
  } catch (error) {
    await core.close({ timeoutMs: 1_000 }).catch(() => {});
    die(`cannot listen on ${args.host}:${args.port}: ${oneLine(error)}`, 1);
  }

  let stopping = false;
  const shutdown = async (signal: string) => {
    // Ignore repeats while stopping: conf's file writer (atomically → when-exit) re-raises the first signal at
    // itself after its own clean-up, so a repeat is not a user asking twice. Stopping is bounded anyway.
    if (stopping) return;
    stopping = true;
    log.info(`${signal}: stopping (waiting up to ${SHUTDOWN_TIMEOUT_MS / 1000} s for a push in flight)`);
    // The host stops accepting and ends the event streams at once; a sync.push request in flight gets its answer
    // when core.close has let that push finish or timed it out.
    const hostClosed = host.close({ timeoutMs: SHUTDOWN_TIMEOUT_MS + 1_000 });
    try {
      await core.close({ timeoutMs: SHUTDOWN_TIMEOUT_MS });
      await hostClosed;
    } catch (error) {
      die(`shutdown failed: ${oneLine(error)}`, 1);
    }
    log.info('stopped');
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));

  if (!isLoopbackHost(args.host)) {
    // Plain HTTP: the bearer token and every device cross the network readable by anyone on it.
    log.warn(
      `serving on ${args.host}, beyond this machine, over plain HTTP: use it only on a trusted network (or behind a TLS proxy); anyone with the URL and token can change devices and make the host contact any bridge URL`,
    );
  }

  // The one stdout line. The renderer moves the token from the fragment into sessionStorage and drops it from
  // the address bar; a fragment never reaches a server or a Referer header.
  process.stdout.write(`${host.url}/#token=${encodeURIComponent(args.token)}\n`);
}

await main(process.argv.slice(2));
