/** Starts the real core on a temp data dir with shrunken timings, for sync tests against the bridge stub. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createConfSettings } from '../../src-main/core/conf-settings';
import { createWorkshopCore } from '../../src-main/core/create-workshop-core';
import { silentLogger } from '../../src-main/core/ports';
import type { PushPolicy, SyncTiming, WorkshopCore } from '../../src-main/core/workshop-core-types';
import type {
  CallInput,
  CallName,
  CallOutput,
  Device,
  PushNotice,
  SyncState,
  SyncStatus,
} from '../../src-shared';
import { callCore } from './api-client';

/** Fast but proportionate timings: the same policy shape as production, in tens of milliseconds. */
export const FAST_PUSH: PushPolicy = { retries: 3, delaysMs: [10, 20, 40], timeoutMs: 400 };
export const FAST_SYNC: SyncTiming = {
  debounceMs: 30,
  maxWaitMs: 200,
  backoffMs: [150, 300],
  driftCheckMs: 100,
};

export interface Harness {
  core: WorkshopCore;
  dataDir: string;
  statuses: SyncStatus[];
  notices: PushNotice[];
  /** A call that must succeed, typed by the contract; throws with the error otherwise. */
  call<C extends CallName>(channel: C, input?: CallInput<C>): Promise<CallOutput<C>>;
  /** Resolves with the first status (current or future) that matches. */
  waitForStatus(match: (s: SyncStatus) => boolean, timeoutMs?: number): Promise<SyncStatus>;
  waitForState(state: SyncState, timeoutMs?: number): Promise<SyncStatus>;
  reopen(): Promise<void>;
  close(): Promise<void>;
}

export async function startCore(options: {
  bridgeUrl: string;
  dataDir?: string;
  autoPush?: boolean;
  sync?: Partial<SyncTiming>;
  push?: Partial<PushPolicy>;
}): Promise<Harness> {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'wm-sync-'));
  const ownsDir = !options.dataDir;
  const statuses: SyncStatus[] = [];
  const notices: PushNotice[] = [];
  const waiters = new Set<() => void>();

  const open = () => {
    const settings = createConfSettings({ cwd: dataDir });
    settings.set({ bridgeUrl: options.bridgeUrl, autoPush: options.autoPush ?? true });
    const core = createWorkshopCore({
      dataDir,
      settings,
      logger: () => silentLogger,
      push: { ...FAST_PUSH, ...options.push },
      sync: { ...FAST_SYNC, ...options.sync },
      random: () => 0.5,
      notifier: { notify: (n) => notices.push(n) },
    });
    core.on('sync.status', (s) => {
      statuses.push(s);
      for (const w of [...waiters]) w();
    });
    return core;
  };

  const h: Harness = {
    core: open(),
    dataDir,
    statuses,
    notices,
    call: (channel, input) => callCore(h.core, channel, input),
    async waitForStatus(match, timeoutMs = 5000) {
      const current = await h.call('sync.status');
      if (match(current)) return current;
      return new Promise<SyncStatus>((resolve, reject) => {
        const check = async () => {
          const s = await h.core.invoke('sync.status', null);
          if (s.ok && match(s.value)) {
            cleanup();
            resolve(s.value);
          }
        };
        const timer = setTimeout(() => {
          cleanup();
          reject(
            new Error(`status not reached in ${timeoutMs} ms; last: ${JSON.stringify(statuses.at(-1))}`),
          );
        }, timeoutMs);
        const cleanup = () => {
          clearTimeout(timer);
          waiters.delete(check);
        };
        waiters.add(check);
      });
    },
    waitForState(state, timeoutMs) {
      return h.waitForStatus((s) => s.state === state, timeoutMs);
    },
    async reopen() {
      await h.core.close({ timeoutMs: 100 });
      h.core = open();
    },
    async close() {
      await h.core.close({ timeoutMs: 100 });
      if (ownsDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
  return h;
}

let counter = 0;
/** A valid device input with a unique device ID. */
export function deviceInput(overrides: Record<string, unknown> = {}) {
  counter++;
  return {
    name: `Machine ${counter}`,
    deviceId: `machine-${counter}`,
    topicPattern: `shelly-${counter}/#`,
    ...overrides,
  };
}

export type { Device };
