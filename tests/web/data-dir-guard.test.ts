/**
 * Issue 9 §4 and §5 with real web host processes: one writer per data directory (a second host refuses to start,
 * naming the holder; kill -9 of the holder never blocks a restart), a healthy database on a read-only disk named
 * as such (not "damaged"), and owner-only modes for the data directory and the preferences file.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import type { Device } from '../../src-shared';
import { type BridgeStub, startBridgeStub } from '../support/bridge-stub';
import { tempDirs } from '../support/temp-dir';
import { spawnWebHost } from '../support/web-host-process';
import { type CliProcess, call, okValue, splitUrlLine } from './web-test-support';

const dirs = tempDirs('workshop-guard-');
const running: CliProcess[] = [];
let bridge: BridgeStub | undefined;

const FAST = { WORKSHOP_TEST_TIMINGS: JSON.stringify({ push: { retries: 0, timeoutMs: 5_000 } }) };

function start(args: string[], wrapper: string[] = []) {
  const cli = spawnWebHost({ entry: 'cli', args, env: FAST, wrapper });
  running.push(cli);
  return cli;
}

afterEach(async () => {
  await Promise.all(running.splice(0).map((cli) => cli.kill9()));
  await bridge?.close();
  bridge = undefined;
  dirs.cleanup();
});

/** A host on `dataDir` with one device, ready; returns its API. */
async function hostWithDevice(dataDir: string) {
  bridge ??= await startBridgeStub();
  const cli = start(['--data-dir', dataDir, '--bridge-url', bridge.url]);
  const { baseUrl, token } = splitUrlLine(await cli.firstLine());
  okValue(
    await call(baseUrl, token, 'devices.create', {
      name: 'Laser',
      deviceId: 'laser',
      topicPattern: 'shellypmminig3-laser/#',
    }),
  );
  return { cli, baseUrl, token };
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function storedDeviceIds(dataDir: string): string[] {
  const db = new Database(join(dataDir, 'workshop.sqlite'), { readonly: true });
  try {
    return (db.prepare('SELECT device_id AS id FROM devices ORDER BY id').all() as Array<{ id: string }>).map(
      (r) => r.id,
    );
  } finally {
    db.close();
  }
}

// Each test starts two or three host processes (each a tsx compile on a loaded 2-core machine).
describe('one writer per data directory', { timeout: 90_000 }, () => {
  it('refuses a second web host on the same data dir in one sentence naming the dir and the holding process, changing nothing', async () => {
    const dataDir = dirs.make();
    const first = await hostWithDevice(dataDir);
    const second = start(['--data-dir', dataDir, '--bridge-url', 'http://somewhere-else:9']);
    expect(await second.exited).toBe(1);
    expect(second.stdout).toEqual([]);
    // Its last line (before it: only the test-timings warning this test's environment causes).
    const lines = second.stderr().trim().split('\n');
    expect(lines.filter((line) => !line.includes('WORKSHOP_TEST_TIMINGS'))).toHaveLength(1);
    const holder = `web host, process ${first.cli.child.pid}, since \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d UTC`;
    expect(lines.at(-1)).toMatch(
      new RegExp(
        `^workshop-manager web: The data directory ${escapeRegExp(dataDir)} is in use by another Workshop Manager \\(${holder}\\): stop that one first, or start this one with another data directory\\.$`,
      ),
    );
    // The refused host touched nothing: the first keeps its bridge URL and its devices, and goes on working.
    const settings = okValue(await call(first.baseUrl, first.token, 'settings.get'));
    expect(settings.bridgeUrl).toBe(bridge?.url);
    const list = okValue(await call(first.baseUrl, first.token, 'devices.list')) as Device[];
    expect(list.map((d) => d.deviceId)).toEqual(['laser']);
  });

  it('starts at once after the holder was killed with kill -9, with the data intact', async () => {
    const dataDir = dirs.make();
    const first = await hostWithDevice(dataDir);
    first.cli.child.kill('SIGKILL');
    expect(await first.cli.exited).toBe('SIGKILL');
    const again = start(['--data-dir', dataDir]);
    const { baseUrl, token } = splitUrlLine(await again.firstLine());
    const list = okValue(await call(baseUrl, token, 'devices.list')) as Device[];
    expect(list.map((d) => d.deviceId)).toEqual(['laser']);
    // And it now holds the directory itself.
    const third = start(['--data-dir', dataDir]);
    expect(await third.exited).toBe(1);
    expect(third.stderr()).toContain(`process ${again.child.pid}`);
  });
});

// A read-only bind mount of the data dir inside a private mount namespace (unshare -rm works as root and, with
// unprivileged user namespaces, as any user): the real kernel refusal, where chmod does nothing for root.
const canRemountReadOnly =
  process.platform === 'linux' &&
  spawnSync('unshare', ['-rm', 'sh', '-c', 'mount --bind /tmp /tmp && mount -o remount,bind,ro /tmp'], {
    stdio: 'ignore',
  }).status === 0;
const readOnly = (dataDir: string) => [
  'unshare',
  '-rm',
  'sh',
  '-c',
  'mount --bind "$0" "$0" && mount -o remount,bind,ro "$0" && exec "$@"',
  dataDir,
];

describe('storage faults named for what they are', { timeout: 90_000 }, () => {
  it.skipIf(!canRemountReadOnly)(
    'says a healthy database on a read-only disk is on a read-only disk, not damaged, and leaves it untouched (needs unshare -rm; skipped where absent)',
    async () => {
      const dataDir = dirs.make();
      const first = await hostWithDevice(dataDir);
      first.cli.child.kill('SIGTERM');
      expect(await first.cli.exited).toBe(0);
      const before = readFileSync(join(dataDir, 'workshop.sqlite'));

      const cli = start(['--data-dir', dataDir], readOnly(dataDir));
      expect(await cli.exited).toBe(1);
      expect(cli.stdout).toEqual([]);
      const last = cli.stderr().trim().split('\n').at(-1) ?? '';
      expect(last).toContain(`The data directory ${dataDir} is on a read-only disk`);
      expect(last).toContain('is not damaged and was left untouched');
      expect(last).not.toMatch(/is damaged|move it aside/);
      expect(readFileSync(join(dataDir, 'workshop.sqlite')).equals(before)).toBe(true);
      expect(storedDeviceIds(dataDir)).toEqual(['laser']);
    },
  );

  it('keeps the data directory and the preferences file owner-only (0700, 0600), also ones made before', async () => {
    const fresh = dirs.make();
    chmodSync(fresh, 0o755);
    const made = join(fresh, 'new-dir');
    await hostWithDevice(made);
    expect(statSync(made).mode & 0o777).toBe(0o700);
    expect(statSync(join(made, 'preferences.json')).mode & 0o777).toBe(0o600);

    // A data dir and preferences file an older version left readable to everyone.
    const old = dirs.make();
    await (async () => {
      const host = await hostWithDevice(old);
      host.cli.child.kill('SIGTERM');
      expect(await host.cli.exited).toBe(0);
    })();
    chmodSync(old, 0o755);
    chmodSync(join(old, 'preferences.json'), 0o644);
    writeFileSync(join(old, 'unrelated.txt'), 'kept');
    const again = start(['--data-dir', old]);
    await again.firstLine();
    expect(statSync(old).mode & 0o777).toBe(0o700);
    expect(statSync(join(old, 'preferences.json')).mode & 0o777).toBe(0o600);
  });
});
