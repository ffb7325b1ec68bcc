/**
 * The web CLI as a child process, the way `npm run web` runs it: the URL line, argument errors, start-up
 * failures, and a graceful SIGTERM with a push in flight. Real core, real SQLite in a temp dir, real bridge stub.
 */
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { type BridgeStub, startBridgeStub } from '../support/bridge-stub';
import { tempDirs } from '../support/temp-dir';
import { spawnWebHost } from '../support/web-host-process';
import { type CliProcess, call, okValue, REPO_ROOT, spawnCli, splitUrlLine } from './web-test-support';

const dirs = tempDirs('workshop-web-cli-');
const running: CliProcess[] = [];
let bridge: BridgeStub | undefined;

const start = (args: string[], env: Record<string, string> = {}) => {
  const cli = spawnCli(args, env);
  running.push(cli);
  return cli;
};

afterEach(async () => {
  for (const cli of running.splice(0)) {
    if (cli.child.exitCode === null && cli.child.signalCode === null) {
      cli.child.kill('SIGKILL');
      await cli.exited;
    }
  }
  await bridge?.close();
  bridge = undefined;
  dirs.cleanup();
});

/** Keeps start-up pushes fast and retries out of the way. */
const FAST = { WORKSHOP_TEST_TIMINGS: JSON.stringify({ push: { retries: 0, timeoutMs: 5_000 } }) };

describe('web CLI', () => {
  it('prints exactly one stdout line, the URL with a random token in its fragment, which opens the API', async () => {
    bridge = await startBridgeStub();
    const cli = start(['--port', '0', '--data-dir', dirs.make(), '--bridge-url', bridge.url], FAST);
    const line = await cli.firstLine();
    expect(line).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/#token=[A-Za-z0-9_-]{43}$/);
    const { baseUrl, token } = splitUrlLine(line);
    const settings = okValue(await call(baseUrl, token, 'settings.get'));
    expect(settings.bridgeUrl).toBe(bridge.url);
    const unauthorised = await fetch(`${baseUrl}/api/settings.get`, { method: 'POST' });
    expect(unauthorised.status).toBe(401);
    cli.child.kill('SIGTERM');
    expect(await cli.exited).toBe(0);
    expect(cli.stdout).toEqual([line]);
  });

  it('uses the given token and keeps the data dir between runs', async () => {
    bridge = await startBridgeStub();
    const dataDir = dirs.make();
    const token = 'given-token-abcdefghijklmnop';
    const first = start(['--data-dir', dataDir, '--bridge-url', bridge.url, '--token', token], FAST);
    const { baseUrl } = splitUrlLine(await first.firstLine());
    expect(await first.firstLine()).toMatch(new RegExp(`#token=${token}$`));
    okValue(
      await call(baseUrl, token, 'devices.create', {
        name: 'CNC',
        deviceId: 'cnc-01',
        topicPattern: 'shellies/cnc',
      }),
    );
    first.child.kill('SIGINT');
    expect(await first.exited).toBe(0);

    const second = start(['--data-dir', dataDir, '--token', token], FAST);
    const again = splitUrlLine(await second.firstLine());
    const devices = okValue(await call(again.baseUrl, token, 'devices.list'));
    expect(devices.map((d) => d.deviceId)).toEqual(['cnc-01']);
    // The bridge URL given the first time is a stored preference now.
    expect(okValue(await call(again.baseUrl, token, 'settings.get')).bridgeUrl).toBe(bridge.url);
  });

  it('writes a large import on the worker process bundled beside the host (npm run web)', async () => {
    bridge = await startBridgeStub();
    // The bundle, as `npm run web` builds and runs it (the renderer is built too when stale).
    const cli = spawnWebHost({
      entry: 'npm-run-web',
      dataDir: dirs.make(),
      bridgeUrl: bridge.url,
      env: FAST,
    });
    running.push(cli);
    const { baseUrl, token } = splitUrlLine(await cli.firstLine());
    expect(existsSync(join(REPO_ROOT, 'out/web/transaction-worker.mjs'))).toBe(true);
    // Above src-main/core/device-store.ts OFF_THREAD_FROM, so the write runs on the worker.
    const devices = Array.from({ length: 1200 }, (_, i) => ({
      name: `Machine ${i}`,
      deviceId: `m-${i}`,
      topicPattern: `shellypmmini-m${i}/#`,
    }));
    const content = JSON.stringify({ devices });
    const report = okValue(
      await call(baseUrl, token, 'devices.import', { content, format: 'json', dryRun: false }),
    );
    expect(report).toMatchObject({ applied: true, counts: { create: 1200 } });
    expect(okValue(await call(baseUrl, token, 'devices.list'))).toHaveLength(1200);
    cli.child.kill('SIGTERM');
    expect(await cli.exited).toBe(0);
  }, 180_000);

  it('stops on a bad argument with one line on stderr, nothing on stdout, exit code 2', async () => {
    for (const args of [['--port', 'eighty'], ['--bridge-url', 'ftp://bridge'], ['--verbose']]) {
      const cli = start([...args, '--data-dir', dirs.make()]);
      expect(await cli.exited, args.join(' ')).toBe(2);
      expect(cli.stdout).toEqual([]);
      const lines = cli.stderr().trim().split('\n');
      expect(lines, args.join(' ')).toHaveLength(1);
      expect(lines[0]).toMatch(new RegExp(`^workshop-manager web: .*${args[0]!.replace(/-/g, '\\-')}`));
    }
  });

  it('stops with one clear line and exit code 1 when the database is damaged', async () => {
    const dataDir = dirs.make();
    writeFileSync(join(dataDir, 'workshop.sqlite'), 'this is not a SQLite database, it is a shopping list');
    const cli = start(['--data-dir', dataDir]);
    expect(await cli.exited).toBe(1);
    expect(cli.stdout).toEqual([]);
    const lines = cli.stderr().trim().split('\n');
    const last = lines.at(-1)!;
    expect(last).toMatch(/^workshop-manager web: The device database .+ is damaged or not a database/);
    expect(last).toContain(dataDir);
  });

  it('on SIGTERM lets the push in flight finish, answers it, closes the store and exits 0', async () => {
    bridge = await startBridgeStub();
    const dataDir = dirs.make();
    // Automatic pushes off, so the only push is the one this test starts and holds.
    const cli = start(['--data-dir', dataDir, '--bridge-url', bridge.url], FAST);
    const { baseUrl, token } = splitUrlLine(await cli.firstLine());
    okValue(await call(baseUrl, token, 'settings.update', { autoPush: false }));
    okValue(
      await call(baseUrl, token, 'devices.create', {
        name: 'Laser',
        deviceId: 'laser-01',
        topicPattern: 'shellies/laser',
      }),
    );
    let release!: () => void;
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    bridge.clearRequests();
    bridge.script({ status: 200, body: { status: 'ok' }, waitFor: held });
    const pushing = call(baseUrl, token, 'sync.push');
    await bridge.waitForRequests(1, { route: 'POST /config', timeoutMs: 10_000 });

    cli.child.kill('SIGTERM');
    // The host must not be gone before the push is released: it is still waiting for it.
    await waitForStderr(cli, /SIGTERM: stopping/);
    expect(cli.child.exitCode).toBeNull();
    release();

    const outcome = okValue(await pushing);
    expect(outcome.ok).toBe(true);
    expect(await cli.exited, cli.stderr()).toBe(0);
    expect(cli.stderr()).toContain('stopped');

    // Reopened, the acknowledged state is there: the store was closed cleanly after the push was recorded.
    const reopened = start(['--data-dir', dataDir], FAST);
    const again = splitUrlLine(await reopened.firstLine());
    const status = okValue(await call(again.baseUrl, again.token, 'sync.status'));
    expect(status.acknowledgedRevision).toBe(outcome.revision);
  });
});

async function waitForStderr(cli: CliProcess, pattern: RegExp, timeoutMs = 10_000): Promise<void> {
  const { child } = cli;
  if (pattern.test(cli.stderr())) return;
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`stderr never matched ${pattern}: ${cli.stderr()}`)),
      timeoutMs,
    );
    const onData = () => {
      if (!pattern.test(cli.stderr())) return;
      clearTimeout(timer);
      child.stderr!.off('data', onData);
      resolve();
    };
    child.stderr!.on('data', onData);
  });
}
