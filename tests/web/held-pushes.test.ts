/**
 * Issue 9 §5 through the web host as a child process: an unreadable preferences.json is set aside, and the host
 * tells the core so; pushes wait for a person to confirm the bridge URL (here: the URL the last push went to).
 * A --bridge-url on the command line is a person's choice and confirms it. Real core, SQLite, bridge stub.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../src-shared';
import { type BridgeStub, startBridgeStub } from '../support/bridge-stub';
import { tempDirs } from '../support/temp-dir';
import { type CliProcess, call, errorOf, okValue, spawnCli, splitUrlLine } from './web-test-support';

const dirs = tempDirs('workshop-web-held-');
const running: CliProcess[] = [];
let bridge: BridgeStub | undefined;
const TOKEN = 'held-test-token-abcdefghijklmnop';
const FAST = { WORKSHOP_TEST_TIMINGS: JSON.stringify({ push: { retries: 0, timeoutMs: 5_000 } }) };

afterEach(async () => {
  await Promise.all(running.splice(0).map((cli) => cli.kill9()));
  await bridge?.close();
  bridge = undefined;
  dirs.cleanup();
});

async function start(args: string[]) {
  const cli = spawnCli([...args, '--token', TOKEN], FAST);
  running.push(cli);
  const { baseUrl } = splitUrlLine(await cli.firstLine());
  return { cli, baseUrl };
}

const posts = (stub: BridgeStub) => stub.requests.filter((r) => r.route === 'POST /config').length;

/** A first run that pushed one device to the stub, then a preferences file nobody can read. */
async function pushedOnceThenGarbled(stub: BridgeStub) {
  const dataDir = dirs.make();
  const first = await start(['--data-dir', dataDir, '--bridge-url', stub.url]);
  okValue(
    await call(first.baseUrl, TOKEN, 'devices.create', {
      name: 'CNC',
      deviceId: 'cnc-01',
      topicPattern: 'cnc/#',
    }),
  );
  await expect.poll(() => posts(stub), { timeout: 10_000 }).toBe(1);
  await expect
    .poll(async () => okValue(await call(first.baseUrl, TOKEN, 'sync.status')).state, { timeout: 10_000 })
    .toBe('in_sync');
  first.cli.child.kill('SIGTERM');
  expect(await first.cli.exited).toBe(0);
  writeFileSync(join(dataDir, 'preferences.json'), '{"bridgeUrl": "http://ours:80');
  return dataDir;
}

describe('web host with unreadable preferences', () => {
  it('starts held, names the last URL, refuses a push, and pushes there once it is confirmed', async () => {
    bridge = await startBridgeStub();
    const dataDir = await pushedOnceThenGarbled(bridge);

    const { cli, baseUrl } = await start(['--data-dir', dataDir]);
    expect(cli.stderr()).toMatch(/preferences file was not a JSON object; moved to .*unreadable-/);
    expect(okValue(await call(baseUrl, TOKEN, 'settings.get')).bridgeUrl).toBe(DEFAULT_SETTINGS.bridgeUrl);
    const status = okValue(await call(baseUrl, TOKEN, 'sync.status'));
    expect(status).toMatchObject({ state: 'held', lastBridgeUrl: bridge.url });
    expect(status.unreadablePreferences).toMatch(/preferences\.json\.unreadable-/);

    okValue(
      await call(baseUrl, TOKEN, 'devices.create', {
        name: 'Lathe',
        deviceId: 'lathe-01',
        topicPattern: 'lathe/#',
      }),
    );
    expect(okValue(await call(baseUrl, TOKEN, 'sync.status')).state).toBe('held');
    const refused = errorOf(await call(baseUrl, TOKEN, 'sync.push'));
    expect(refused.code).toBe('held');
    expect(refused.message).toContain(bridge.url);
    expect(posts(bridge)).toBe(1);

    okValue(await call(baseUrl, TOKEN, 'settings.update', { bridgeUrl: bridge.url }));
    await expect.poll(() => posts(bridge as BridgeStub), { timeout: 10_000 }).toBe(2);
    await expect
      .poll(async () => okValue(await call(baseUrl, TOKEN, 'sync.status')).state, { timeout: 10_000 })
      .toBe('in_sync');
  });

  it('is not held when the bridge URL is given on the command line', async () => {
    bridge = await startBridgeStub();
    const dataDir = await pushedOnceThenGarbled(bridge);
    const { baseUrl } = await start(['--data-dir', dataDir, '--bridge-url', bridge.url]);
    const status = okValue(await call(baseUrl, TOKEN, 'sync.status'));
    expect(status.state).not.toBe('held');
    expect(status.unreadablePreferences).toBeNull();
  });
});
