/** Device fixtures and in-process cores for the benchmarks. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createConfSettings } from '../src-main/core/conf-settings';
import { createWorkshopCore } from '../src-main/core/create-workshop-core';
import { silentLogger } from '../src-main/core/ports';
import { PRODUCTION_PUSH_POLICY } from '../src-main/core/push-client';
import { PRODUCTION_SYNC_TIMING } from '../src-main/core/sync/sync-types';
import type { WorkshopCore } from '../src-main/core/workshop-core-types';
import {
  type CallInput,
  type CallName,
  type CallOutput,
  type Device,
  deviceCreateSchema,
  type SyncStatus,
} from '../src-shared';
import { callCore } from '../tests/support/api-client';
import type { BridgeStub } from '../tests/support/bridge-stub';
import { waitUntil } from './stats';

/** The editable fields of device i (a few inactive, a few generic, like a real workshop). */
export function deviceInput(i: number, prefix = 'm') {
  const n = String(i).padStart(5, '0');
  return {
    name: `Machine ${prefix}${n}`,
    deviceId: `${prefix}-${n}`,
    topicPattern: `shellypmmini-${prefix}${n}/#`,
    active: i % 10 !== 9,
    notes: i % 7 === 0 ? `bay ${i % 40}` : '',
  };
}

/** Stored-looking devices (what the store returns) for the pure benchmarks. */
export function storedDevices(count: number): Device[] {
  const at = '2026-11-29T10:00:00.000Z';
  return Array.from({ length: count }, (_, i) => ({
    ...deviceCreateSchema.parse(deviceInput(i)),
    id: i + 1,
    createdAt: at,
    updatedAt: at,
  }));
}

/** The app's own JSON export file with `count` devices. */
export function importFile(count: number, prefix = 'm'): string {
  return JSON.stringify({
    format: 'workshop-manager.devices',
    version: 1,
    devices: Array.from({ length: count }, (_, i) => deviceInput(i, prefix)),
  });
}

export interface BenchCore {
  core: WorkshopCore;
  dataDir: string;
  call<C extends CallName>(channel: C, input?: CallInput<C>): Promise<CallOutput<C>>;
  status(): Promise<SyncStatus>;
  waitInSync(timeoutMs?: number): Promise<SyncStatus>;
  close(): Promise<void>;
}

/** The real core with production timings (300 ms coalescing, 10 s attempts) on a temp (or given) data dir. */
export function startBenchCore(bridgeUrl: string, dataDir?: string): BenchCore {
  const dir = dataDir ?? mkdtempSync(join(tmpdir(), 'wm-bench-'));
  const settings = createConfSettings({ cwd: dir });
  settings.set({ bridgeUrl, autoPush: true });
  const core = createWorkshopCore({
    dataDir: dir,
    settings,
    logger: () => silentLogger,
    push: PRODUCTION_PUSH_POLICY,
    sync: PRODUCTION_SYNC_TIMING,
  });
  const call: BenchCore['call'] = (channel, input) => callCore(core, channel, input);
  const status = () => call('sync.status');
  return {
    core,
    dataDir: dir,
    call,
    status,
    waitInSync: (timeoutMs = 30_000) =>
      waitUntil(
        async () => {
          const s = await status();
          return s.state === 'in_sync' ? s : null;
        },
        'in_sync',
        timeoutMs,
      ),
    async close() {
      await core.close({ timeoutMs: 200 });
      if (!dataDir) rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A data dir holding `count` devices the stub has already acknowledged (so the host starts in sync). */
export async function seededDataDir(stub: BridgeStub, count: number): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), `wm-bench-web${count}-`));
  const bc = startBenchCore(stub.url, dir);
  try {
    if (count > 0)
      await bc.call('devices.import', { content: importFile(count), format: 'json', dryRun: false });
    await bc.waitInSync(60_000);
  } finally {
    await bc.close();
  }
  return dir;
}
