/**
 * Issue 9 §5: an unreadable preferences.json is set aside and the defaults are used, so the bridge URL is a
 * default nobody chose. The core holds every push (start-up, automatic, background retry, drift, manual) and says
 * why, naming where the last push went (kept in SQLite), until a person saves a bridge URL; the hold survives a
 * restart. Real SQLite, the real bridge stub on 127.0.0.1, the real preferences file; time from a manual clock,
 * so "nothing was pushed" means every timer the engine set has run.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createConfSettings, PREFERENCES_FILE } from '../../src-main/core/conf-settings';
import { createWorkshopCore } from '../../src-main/core/create-workshop-core';
import { silentLogger } from '../../src-main/core/ports';
import type { WorkshopCore } from '../../src-main/core/workshop-core-types';
import { type CallInput, type CallName, DEFAULT_SETTINGS, type SyncStatus } from '../../src-shared';
import { callCore } from '../support/api-client';
import { type BridgeStub, startBridgeStub } from '../support/bridge-stub';
import { deviceInput, FAST_PUSH, FAST_SYNC } from '../support/core-harness';
import { ManualClock } from '../support/manual-clock';
import { tempDirs } from '../support/temp-dir';

const dirs = tempDirs('workshop-held-');
const open: WorkshopCore[] = [];
let bridge: BridgeStub | null = null;
afterEach(async () => {
  for (const core of open.splice(0)) await core.close({ timeoutMs: 100 });
  await bridge?.close();
  bridge = null;
  dirs.cleanup();
});

/** The core as a host starts it: preferences over conf, the set-aside fact handed on. */
function start(dataDir: string, clock: ManualClock, prefs: { bridgeUrl?: string } = {}) {
  const settings = createConfSettings({ cwd: dataDir });
  if (prefs.bridgeUrl) settings.set({ bridgeUrl: prefs.bridgeUrl });
  const core = createWorkshopCore({
    dataDir,
    settings,
    clock,
    logger: () => silentLogger,
    push: FAST_PUSH,
    sync: FAST_SYNC,
    random: () => 0.5,
    preferencesSetAside: settings.setAside,
  });
  open.push(core);
  const states: string[] = [];
  core.on('sync.status', (s) => states.push(s.state));
  const value = <C extends CallName>(channel: C, input?: CallInput<C>) => callCore(core, channel, input);
  /** Resolves at the first status (now or later) in `state`; real time, since the answer crosses a socket. */
  const reach = (state: string) =>
    new Promise<SyncStatus>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no ${state}; saw ${states.join(', ')}`)), 5000);
      const stop = core.on('sync.status', (s) => {
        if (s.state !== state) return;
        clearTimeout(timer);
        stop();
        resolve(s);
      });
      void value('sync.status').then((s) => {
        if (s.state !== state) return;
        clearTimeout(timer);
        stop();
        resolve(s);
      });
    });
  const close = async () => {
    open.splice(open.indexOf(core), 1);
    await core.close({ timeoutMs: 100 });
  };
  return { core, settings, states, value, reach, close };
}

const posts = (stub: BridgeStub) => stub.requests.filter((r) => r.route === 'POST /config');

/** One device pushed to the stub, then the app closed and its preferences file garbled. */
async function pushedOnceThenGarbled() {
  bridge = await startBridgeStub();
  const dataDir = dirs.make();
  const clock = new ManualClock();
  const first = start(dataDir, clock, { bridgeUrl: bridge.url });
  await first.value('devices.create', deviceInput({ name: 'Laser' }));
  clock.advance(FAST_SYNC.maxWaitMs);
  await first.reach('in_sync');
  await first.close();
  writeFileSync(join(dataDir, `${PREFERENCES_FILE}.json`), '{"bridgeUrl": "http://ours:8080", trunc');
  return { stub: bridge, dataDir, clock };
}

/** Runs every timer the engine sets for the next ten minutes: debounce, retries, bridge checks. */
async function tenMinutesPass(clock: ManualClock) {
  for (let i = 0; i < 600; i++) {
    clock.advance(1000);
    await Promise.resolve();
  }
}

describe('pushes held after unreadable preferences (issue 9 §5)', () => {
  it('pushes nothing to anyone, says why naming the last URL, refuses a manual push, then pushes once to the confirmed URL', async () => {
    const { stub, dataDir, clock } = await pushedOnceThenGarbled();
    const app = start(dataDir, clock);
    expect(app.settings.setAside).toMatch(/preferences\.json\.unreadable-/);
    expect(app.settings.get().bridgeUrl).toBe(DEFAULT_SETTINGS.bridgeUrl);

    const held = await app.value('sync.status');
    expect(held).toMatchObject({
      state: 'held',
      lastBridgeUrl: stub.url,
      unreadablePreferences: app.settings.setAside,
    });
    await app.value('devices.create', deviceInput({ name: 'Lathe' }));
    await tenMinutesPass(clock);
    expect(app.states).not.toContain('pushing');
    expect((await app.value('sync.status')).state).toBe('held');
    const history = await app.value('sync.history', { limit: 10 });
    expect(history.map((h) => h.bridgeUrl)).toEqual([stub.url]);
    expect(posts(stub)).toHaveLength(1);

    const manual = await app.core.invoke('sync.push', null);
    expect(manual.ok).toBe(false);
    if (!manual.ok) {
      expect(manual.error.code).toBe('held');
      expect(manual.error.message).toContain('Preferences were unreadable');
      expect(manual.error.message).toContain(stub.url);
    }
    expect(app.states).not.toContain('pushing');

    // "Use <last URL>": saving it is a person's choice; the pending config goes out, once, there.
    await app.value('settings.update', { bridgeUrl: stub.url });
    clock.advance(FAST_SYNC.maxWaitMs);
    const synced = await app.reach('in_sync');
    expect(synced.unreadablePreferences).toBeNull();
    expect(posts(stub)).toHaveLength(2);
    const body = posts(stub)[1]?.body as { devices: Array<{ name: string }> };
    expect(body.devices.map((d) => d.name).sort()).toEqual(['Laser', 'Lathe']);
    const after = await app.value('sync.history', { limit: 10 });
    expect(after.map((h) => h.bridgeUrl)).toEqual([stub.url, stub.url]);
  });

  it('stays held across a restart until a person saves the bridge URL, the same one included', async () => {
    const { stub, dataDir, clock } = await pushedOnceThenGarbled();
    const garbled = start(dataDir, clock);
    expect((await garbled.value('sync.status')).state).toBe('held');
    await garbled.value('devices.create', deviceInput({ name: 'Drill' }));
    await garbled.close();

    // Restarted with readable preferences that name the stub (fixed by hand): still nobody confirmed in the app.
    const restarted = start(dataDir, clock, { bridgeUrl: stub.url });
    expect(restarted.settings.setAside).toBeNull();
    expect((await restarted.value('sync.status')).state).toBe('held');
    const asked = stub.requests.length;
    await tenMinutesPass(clock);
    expect(restarted.states).not.toContain('pushing');
    // Not even a GET /config or /health: the URL in use is nobody's confirmed choice.
    expect(stub.requests.slice(asked).map((r) => r.route)).toEqual([]);
    expect(posts(stub)).toHaveLength(1);

    // Another preference saved is no confirmation.
    await restarted.value('settings.update', { notifications: 'all' });
    await tenMinutesPass(clock);
    expect((await restarted.value('sync.status')).state).toBe('held');

    // Saving the same URL in Preferences confirms it.
    await restarted.value('settings.update', { bridgeUrl: stub.url });
    clock.advance(FAST_SYNC.maxWaitMs);
    await restarted.reach('in_sync');
    expect(posts(stub)).toHaveLength(2);
    await restarted.close();

    // Confirmed for good: the next start pushes as usual and is not held.
    const again = start(dataDir, clock);
    expect((await again.value('sync.status')).state).toBe('in_sync');
  });

  it('says what to do without a last URL when nothing was ever pushed', async () => {
    const dataDir = dirs.make();
    writeFileSync(join(dataDir, `${PREFERENCES_FILE}.json`), 'not json at all');
    const app = start(dataDir, new ManualClock());
    const status = await app.value('sync.status');
    expect(status).toMatchObject({ state: 'held', lastBridgeUrl: null });
    const manual = await app.core.invoke('sync.push', null);
    expect(!manual.ok && manual.error.message).toMatch(/Save the bridge URL in Preferences/);
  });
});
