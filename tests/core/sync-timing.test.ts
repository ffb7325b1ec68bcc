/**
 * The sync engine's production timings, on an injected clock: coalescing (300 ms after the last change, at most
 * 2 s under continuous edits), background backoff (5, 10, 20, 40, 60, 60 … s, ±20 % jitter, never above 60 s),
 * and the 60 s drift interval. Real SQLite for the persisted state; the bridge is a scripted transport.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src-main/core/db/open-database';
import type { Clock } from '../../src-main/core/ports';
import { silentLogger } from '../../src-main/core/ports';
import { SyncEngine } from '../../src-main/core/sync/sync-engine';
import { type BridgeTransport, PRODUCTION_SYNC_TIMING } from '../../src-main/core/sync/sync-types';
import { SyncStateRepo } from '../../src-main/core/sync-state-repo';
import type { BridgeDevice, PushOutcome, Settings, SyncStatus } from '../../src-shared';
import { DEFAULT_SETTINGS } from '../../src-shared';
import { tempDirs } from '../support/temp-dir';

/** A clock whose time moves only when the test says so; due timers run in time order. */
class ManualClock implements Clock {
  private time = Date.parse('2026-11-29T08:00:00Z');
  private timers = new Map<number, { at: number; fn: () => void }>();
  private nextId = 1;
  now = () => this.time;
  setTimeout = (fn: () => void, ms: number) => {
    const id = this.nextId++;
    this.timers.set(id, { at: this.time + ms, fn });
    return id;
  };
  clearTimeout = (handle: unknown) => {
    this.timers.delete(handle as number);
  };
  /** Moves time forward, running each timer that falls due, and the promises it starts, in order. */
  async advance(ms: number): Promise<void> {
    const end = this.time + ms;
    for (;;) {
      const due = [...this.timers.entries()]
        .filter(([, t]) => t.at <= end)
        .sort((a, b) => a[1].at - b[1].at)[0];
      if (!due) break;
      this.timers.delete(due[0]);
      this.time = due[1].at;
      due[1].fn();
      await flush();
    }
    this.time = end;
    await flush();
  }
}

const flush = async () => {
  for (let i = 0; i < 20; i++) await Promise.resolve();
};

const dirs = tempDirs('workshop-sync-timing-');
afterEach(() => dirs.cleanup());

function device(id: string, working = 100): BridgeDevice {
  return {
    device_id: id,
    name: id,
    mqtt_topic: `${id}/status/pm1:0`,
    parser_type: 'shelly_pm',
    session_config: {
      strategy: 'power_threshold',
      standby_threshold_w: 20,
      working_threshold_w: working,
      start_debounce_s: 3,
      stop_debounce_s: 15,
      message_timeout_s: 20,
    },
  };
}

function setup(options: { random?: number; fastapi?: boolean } = {}) {
  const clock = new ManualClock();
  const db = openDatabase(dirs.make());
  let devices: BridgeDevice[] = [];
  let settings: Settings = { ...DEFAULT_SETTINGS, bridgeUrl: 'http://bridge:8080' };
  const pushes: Array<{ at: number; revision: number; url: string; token: string }> = [];
  let answer: 'ok' | 'down' | 'busy' = 'ok';
  /** What a busy bridge (503) says in Retry-After, in ms. */
  let retryAfterMs = 0;
  /** What a FastAPI bridge keeping its config in memory runs (options.fastapi). */
  let running: string | null = null;
  const driftChecks: number[] = [];
  const transport: BridgeTransport = {
    async push({ bridgeUrl, token, config }) {
      pushes.push({ at: clock.now(), revision: config.revision, url: bridgeUrl, token });
      if (answer === 'ok') running = config.config_hash;
      const base = { attempts: 1, durationMs: 1, revision: config.revision, configHash: config.config_hash };
      if (answer === 'busy') {
        return {
          ok: false,
          kind: 'server_error',
          status: 503,
          message: 'busy',
          retryAfterMs,
          ...base,
        } as PushOutcome;
      }
      return (
        answer === 'ok'
          ? { ok: true, status: 200, ...base }
          : { ok: false, kind: 'unreachable', message: 'ECONNREFUSED', ...base }
      ) as PushOutcome;
    },
    async fetchConfigHash() {
      driftChecks.push(clock.now());
      if (answer !== 'ok') return { kind: 'unreachable', message: 'ECONNREFUSED' } as const;
      if (options.fastapi)
        return running === null ? ({ kind: 'missing' } as const) : ({ kind: 'runs', hash: running } as const);
      // This bridge does not report its config; it answers GET /config only while it is up.
      return answer === 'ok'
        ? ({ kind: 'no_endpoint', status: 405 } as const)
        : ({ kind: 'unreachable', message: 'ECONNREFUSED' } as const);
    },
    async probeHealth() {
      driftChecks.push(clock.now());
      return answer === 'ok';
    },
  };
  const statuses: SyncStatus[] = [];
  const engine = new SyncEngine({
    repo: new SyncStateRepo(db),
    transport,
    desired: () => ({
      devices,
      hash: `sha256:${JSON.stringify(devices).length}-${devices.map((d) => d.device_id + d.session_config.working_threshold_w).join()}`,
    }),
    settings: () => settings,
    clock,
    timing: PRODUCTION_SYNC_TIMING,
    random: () => options.random ?? 0.5,
    logger: silentLogger,
    onStatus: (s) => statuses.push(s),
    onNotice: () => {},
  });
  engine.start();
  const change = async (next: BridgeDevice[]) => {
    devices = next;
    engine.onDevicesCommitted();
    await clock.advance(0);
  };
  const setSettings = (patch: Partial<Settings>) => {
    const before = settings;
    settings = { ...settings, ...patch };
    engine.onSettingsChanged(before, settings);
  };
  return {
    clock,
    db,
    engine,
    pushes,
    driftChecks,
    statuses,
    change,
    setSettings,
    busy: (ms: number) => {
      answer = 'busy';
      retryAfterMs = ms;
    },
    bridge: (state: 'ok' | 'down') => {
      answer = state;
      // A bridge keeping its config in memory comes back empty.
      if (state === 'down') running = null;
    },
    running: () => running,
    close: async () => {
      await engine.close(0);
      db.$client.close();
    },
  };
}

describe('sync timings (production values, injected clock)', () => {
  it('uses the documented production timings', () => {
    expect(PRODUCTION_SYNC_TIMING).toEqual({
      debounceMs: 300,
      maxWaitMs: 2000,
      backoffMs: [5000, 10000, 20000, 40000, 60000],
      driftCheckMs: 60000,
    });
  });

  it('pushes 300 ms after the last change', async () => {
    const s = setup();
    const start = s.clock.now();
    await s.change([device('a')]);
    await s.clock.advance(299);
    expect(s.pushes).toHaveLength(0);
    await s.clock.advance(1);
    expect(s.pushes.map((p) => p.at - start)).toEqual([300]);
    await s.close();
  });

  it('pushes at most 2 s after the first of continuous edits, then again for the rest', async () => {
    const s = setup();
    const start = s.clock.now();
    // An edit every 200 ms for 3 s: the quiet window never comes, the 2 s cap does.
    for (let i = 0; i < 15; i++) {
      await s.change([device('a', 101 + i)]);
      await s.clock.advance(200);
    }
    await s.clock.advance(1000);
    expect(s.pushes[0]!.at - start).toBe(2000);
    expect(s.pushes).toHaveLength(2);
    expect(s.engine.status().state).toBe('in_sync');
    await s.close();
  });

  it('retries in the background after 5, 10, 20, 40, 60, 60 s while the bridge is down', async () => {
    const s = setup({ random: 0.5 });
    s.bridge('down');
    await s.change([device('a')]);
    await s.clock.advance(300);
    const gaps: number[] = [];
    for (let i = 0; i < 6; i++) {
      const last = s.pushes.at(-1)!.at;
      const next = s.engine.status().nextRetryAt;
      expect(next).not.toBeNull();
      await s.clock.advance(Date.parse(next!) - s.clock.now());
      gaps.push(s.pushes.at(-1)!.at - last);
    }
    expect(gaps).toEqual([5000, 10000, 20000, 40000, 60000, 60000]);
    expect(s.engine.status().state).toBe('offline');
    s.bridge('ok');
    await s.clock.advance(60000);
    expect(s.engine.status().state).toBe('in_sync');
    await s.close();
  });

  it('jitters each retry by up to ±20 %, and never waits more than 60 s', async () => {
    for (const [random, first, capped] of [
      [0, 4000, 48000],
      [0.999999, 6000, 60000],
    ] as const) {
      const s = setup({ random });
      s.bridge('down');
      await s.change([device('a')]);
      await s.clock.advance(300);
      const waits: number[] = [];
      for (let i = 0; i < 6; i++) {
        const wait = Date.parse(s.engine.status().nextRetryAt!) - s.clock.now();
        waits.push(wait);
        await s.clock.advance(wait);
      }
      expect(waits[0]).toBe(first);
      expect(waits.at(-1)).toBe(capped);
      expect(Math.max(...waits)).toBeLessThanOrEqual(60000);
      await s.close();
    }
  });

  it('makes a new token pending like a new URL, and pushes with it', async () => {
    const s = setup();
    await s.change([device('a')]);
    await s.clock.advance(300);
    expect(s.engine.status().state).toBe('in_sync');
    s.setSettings({ bridgeToken: 'new-token' });
    const status = s.engine.status();
    expect(status.state).toBe('pending');
    expect(status.pendingSince).toBe(new Date(s.clock.now()).toISOString());
    await s.clock.advance(300);
    expect(s.pushes.at(-1)).toMatchObject({ token: 'new-token' });
    expect(s.engine.status()).toMatchObject({ state: 'in_sync', pendingSince: null });
    await s.close();
  });

  it('reports since when a change has been pending, in the status and its events', async () => {
    const s = setup();
    await s.change([device('a')]);
    await s.clock.advance(300);
    expect(s.engine.status()).toMatchObject({ state: 'in_sync', pendingSince: null });
    s.setSettings({ autoPush: false });
    await s.clock.advance(1000);
    const changedAt = s.clock.now();
    await s.change([device('a', 150)]);
    await s.clock.advance(5000);
    expect(s.engine.status()).toMatchObject({
      state: 'pending',
      pendingSince: new Date(changedAt).toISOString(),
    });
    expect(s.statuses.at(-1)!.pendingSince).toBe(new Date(changedAt).toISOString());
    await s.close();
  });

  it('asks the bridge for its config hash at start-up and every 60 s', async () => {
    const s = setup();
    await s.change([device('a')]);
    await s.clock.advance(300);
    const t0 = s.clock.now();
    s.driftChecks.length = 0;
    await s.clock.advance(180_000);
    expect(s.driftChecks.map((t) => t - t0)).toEqual([59_700, 119_700, 179_700]);
    await s.close();
  });

  it('gives a bridge that restarted empty its config again within two check periods (≤ 130 s), without a click', async () => {
    const worst: number[] = [];
    // Restarts at every phase of the 60 s check cycle, quick ones and ones that take the bridge away for a while.
    for (const downMs of [0, 10_000, 50_000]) {
      for (let phase = 0; phase < 60_000; phase += 7_500) {
        const s = setup({ fastapi: true });
        await s.change([device('a')]);
        await s.clock.advance(300);
        // Two checks: the first one (at start-up) found it empty, the next one saw it run our hash.
        await s.clock.advance(60_000 + phase);
        const hash = s.running();
        expect(hash).not.toBeNull();
        const restartedAt = s.clock.now();
        s.bridge('down');
        await s.clock.advance(downMs);
        s.bridge('ok');
        let waited = downMs;
        while (s.running() !== hash && waited < 200_000) {
          await s.clock.advance(1000);
          waited += 1000;
        }
        worst.push(s.pushes.at(-1)!.at - restartedAt);
        expect(s.running()).toBe(hash);
        expect(s.engine.status().state).toBe('in_sync');
        await s.close();
      }
    }
    expect(Math.max(...worst)).toBeLessThanOrEqual(130_000);
  });

  it('waits as long as a 429/503 Retry-After asks before the background retry, at most 60 s', async () => {
    const s = setup({ random: 0.5 });
    s.busy(30_000);
    await s.change([device('a')]);
    await s.clock.advance(300);
    expect(Date.parse(s.engine.status().nextRetryAt!) - s.clock.now()).toBe(30_000);
    // Asked for less than the backoff: the backoff (10 s for the second retry) stands.
    s.busy(2_000);
    await s.clock.advance(30_000);
    expect(s.pushes).toHaveLength(2);
    expect(Date.parse(s.engine.status().nextRetryAt!) - s.clock.now()).toBe(10_000);
    await s.close();
    const t = setup({ random: 0.5 });
    t.busy(3_600_000);
    await t.change([device('a')]);
    await t.clock.advance(300);
    expect(Date.parse(t.engine.status().nextRetryAt!) - t.clock.now()).toBe(60_000);
    await t.close();
  });

  it('names a full disk during a push a storage error, never Bridge unreachable, and saves once there is room', async () => {
    const s = setup();
    await s.change([device('a')]);
    await s.clock.advance(300);
    expect(s.engine.status().state).toBe('in_sync');
    // The database may not grow by a page: the push log's next row does not fit (SQLITE_FULL), as on a full disk.
    const pages = s.db.$client.pragma('page_count', { simple: true }) as number;
    s.db.$client.pragma(`max_page_count = ${pages}`);
    // A change large enough that its push log row needs new pages.
    await s.change(
      Array.from({ length: 300 }, (_, i) => device(`machine-${i}-${(i * 7919).toString(36)}`, 100 + i)),
    );
    await s.clock.advance(300);
    const failed = s.engine.status();
    expect(failed.state).toBe('storage_error');
    expect(failed.lastOutcome).toMatchObject({ ok: false, kind: 'storage' });
    expect(!failed.lastOutcome?.ok && failed.lastOutcome?.message).toMatch(
      /^storage error: database or disk is full/,
    );
    expect(s.statuses.map((x) => x.state)).not.toContain('offline');
    s.db.$client.pragma(`max_page_count = ${pages * 100}`);
    await s.clock.advance(6000);
    expect(s.engine.status().state).toBe('in_sync');
    await s.close();
  });
});
