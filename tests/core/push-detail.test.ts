import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src-main/core/db/open-database';
import { PUSH_LOG_LIMIT, PUSH_PAYLOAD_LIMIT, SyncStateRepo } from '../../src-main/core/sync-state-repo';
import type { BridgeDevice, PushLogEntry, PushOutcome } from '../../src-shared';
import { type BridgeStub, startBridgeStub } from '../support/bridge-stub';
import { type Harness, startCore } from '../support/core-harness';
import { tempDirs } from '../support/temp-dir';

let bridge: BridgeStub;
let h: Harness;
const dirs = tempDirs('wm-push-detail-');

afterEach(async () => {
  await h?.close();
  await bridge?.close();
  dirs.cleanup();
});

async function setup(dataDir?: string) {
  bridge = await startBridgeStub();
  h = await startCore({ bridgeUrl: bridge.url, autoPush: false, ...(dataDir ? { dataDir } : {}) });
}

async function push(): Promise<PushLogEntry> {
  const outcome = await h.call('sync.push');
  expect(outcome.ok).toBe(true);
  return (await h.call('sync.history', { limit: 1 }))[0]!.attempts.at(-1)!;
}

/** The log rows, newest first (each push here went through at once: one attempt each). */
async function logRows(): Promise<PushLogEntry[]> {
  const pushes = await h.call('sync.history', { limit: 500 });
  expect(pushes.every((p) => p.attempts.length === 1)).toBe(true);
  return pushes.map((p) => p.attempts[0]!);
}

/** A device as the bridge sees it, for log rows written through the repo. */
function bridgeDevice(id: string, working = 100): BridgeDevice {
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

/** Writes n log rows straight through the repo (push n carries one device whose threshold is n). */
async function logPushes(dataDir: string, n: number) {
  const db = openDatabase(dataDir);
  // Speed only: this test connection need not survive a power cut.
  db.$client.pragma('synchronous = OFF');
  const repo = new SyncStateRepo(db);
  for (let i = 1; i <= n; i++) {
    const outcome: PushOutcome = {
      ok: true,
      status: 200,
      attempts: 1,
      durationMs: 3,
      revision: i,
      configHash: `sha256:${String(i).padStart(64, '0')}`,
    };
    repo.logPush({
      startedAt: new Date(Date.UTC(2026, 0, 1, 0, 0, i)).toISOString(),
      trigger: 'manual',
      bridgeUrl: 'http://bridge.test',
      outcome,
      payload: await repo.payloadOf([bridgeDevice('meter', i)]),
    });
  }
  db.$client.close();
}

describe('push detail: what each push changed', () => {
  it('shows what push C changed against push B: added, removed, and changed fields old → new', async () => {
    await setup();
    const laser = await h.call('devices.create', {
      name: 'Laser',
      deviceId: 'laser',
      topicPattern: 'laser/#',
    });
    const cnc = await h.call('devices.create', {
      name: 'CNC',
      deviceId: 'cnc',
      topicPattern: 'cnc/#',
    });
    const a = await push();
    await h.call('devices.update', { id: laser.id, patch: { name: 'Laser cutter' } });
    const b = await push();
    await h.call('devices.update', {
      id: laser.id,
      patch: { topicPattern: 'laser2/#', strategyConfig: { workingThresholdW: 150 } },
    });
    await h.call('devices.delete', { id: cnc.id });
    await h.call('devices.create', { name: 'Saw', deviceId: 'saw', topicPattern: 'saw/#' });
    const c = await push();

    const detail = await h.call('sync.pushDetail', { id: c.id });
    expect(detail.entry).toEqual(c);
    expect(detail.previousId).toBe(b.id);
    expect(detail.diff).toEqual({
      added: [expect.objectContaining({ device_id: 'saw', mqtt_topic: 'saw/status/pm1:0' })],
      removed: [expect.objectContaining({ device_id: 'cnc' })],
      turnedOff: [],
      turnedOn: [],
      changed: [
        {
          device_id: 'laser',
          fields: expect.arrayContaining([
            { field: 'mqtt_topic', from: 'laser/status/pm1:0', to: 'laser2/status/pm1:0' },
            { field: 'session_config.working_threshold_w', from: 100, to: 150 },
          ]),
        },
      ],
    });
    expect(detail.diff!.changed[0]!.fields).toHaveLength(2);

    const ofB = await h.call('sync.pushDetail', { id: b.id });
    expect(ofB.previousId).toBe(a.id);
    expect(ofB.diff).toEqual({
      added: [],
      removed: [],
      turnedOff: [],
      turnedOn: [],
      changed: [{ device_id: 'laser', fields: [{ field: 'name', from: 'Laser', to: 'Laser cutter' }] }],
    });
    // The first push is compared with nothing: everything it carried was added.
    const ofA = await h.call('sync.pushDetail', { id: a.id });
    expect(ofA.previousId).toBeNull();
    expect(ofA.diff!.added.map((d) => d.device_id).sort()).toEqual(['cnc', 'laser']);
  });

  it('answers not_found for a push that is not in the log', async () => {
    await setup();
    const result = await h.core.invoke('sync.pushDetail', { id: 12345 });
    expect(result).toMatchObject({ ok: false, error: { code: 'not_found' } });
  });
});

describe('push log: what is kept', () => {
  it(`keeps the payload of the newest ${PUSH_PAYLOAD_LIMIT} pushes only: an older one answers diff null`, async () => {
    const dataDir = dirs.make();
    await logPushes(dataDir, PUSH_PAYLOAD_LIMIT + 20);
    await setup(dataDir);
    const history = await logRows();
    expect(history).toHaveLength(PUSH_PAYLOAD_LIMIT + 20);
    const newest = history[0]!;
    const oldestKept = history[PUSH_PAYLOAD_LIMIT - 1]!;
    const trimmed = history[PUSH_PAYLOAD_LIMIT]!;

    expect(await h.call('sync.pushDetail', { id: trimmed.id })).toMatchObject({
      entry: trimmed,
      diff: null,
    });
    const last = await h.call('sync.pushDetail', { id: newest.id });
    expect(last.diff!.changed).toEqual([
      {
        device_id: 'meter',
        fields: [
          {
            field: 'session_config.working_threshold_w',
            from: PUSH_PAYLOAD_LIMIT + 19,
            to: PUSH_PAYLOAD_LIMIT + 20,
          },
        ],
      },
    ]);
    // The oldest kept payload has no kept predecessor: it is compared with nothing.
    const edge = await h.call('sync.pushDetail', { id: oldestKept.id });
    expect(edge.previousId).toBeNull();
    expect(edge.diff!.added).toHaveLength(1);
  });

  it(`keeps the newest ${PUSH_LOG_LIMIT} rows of the log`, async () => {
    const dataDir = dirs.make();
    await logPushes(dataDir, PUSH_LOG_LIMIT + 25);
    await setup(dataDir);
    const history = await logRows();
    expect(history).toHaveLength(PUSH_LOG_LIMIT);
    expect(history[0]!.revision).toBe(PUSH_LOG_LIMIT + 25);
    expect(history.at(-1)!.revision).toBe(26);
    // And one more real push through the core still keeps exactly 500.
    await h.call('devices.create', { name: 'Lathe', deviceId: 'lathe', topicPattern: 'lathe/#' });
    await push();
    const after = await logRows();
    expect(after).toHaveLength(PUSH_LOG_LIMIT);
    expect(after.at(-1)!.revision).toBe(27);
    const dropped = await h.core.invoke('sync.pushDetail', { id: history.at(-1)!.id });
    expect(dropped).toMatchObject({ ok: false, error: { code: 'not_found' } });
  });
});

describe('config preview', () => {
  it('shows the unpushed changes against the last acknowledged push', async () => {
    await setup();
    const laser = await h.call('devices.create', {
      name: 'Laser',
      deviceId: 'laser',
      topicPattern: 'laser/#',
    });
    const cnc = await h.call('devices.create', {
      name: 'CNC',
      deviceId: 'cnc',
      topicPattern: 'cnc/#',
    });
    const acked = await push();
    const clean = await h.call('config.preview');
    expect(clean).toMatchObject({
      pending: false,
      acknowledgedRevision: acked.revision,
      diff: { added: [], removed: [], turnedOff: [], turnedOn: [], changed: [] },
    });

    await h.call('devices.update', { id: laser.id, patch: { strategyConfig: { workingThresholdW: 180 } } });
    await h.call('devices.update', { id: cnc.id, patch: { active: false } });
    await h.call('devices.create', { name: 'Drill', deviceId: 'drill', topicPattern: 'drill/#' });
    // A note changes nothing the bridge sees.
    await h.call('devices.update', { id: laser.id, patch: { notes: 'new lens' } });

    const preview = await h.call('config.preview');
    expect(preview.pending).toBe(true);
    expect(preview.acknowledgedRevision).toBe(acked.revision);
    expect(preview.config.devices.map((d) => d.device_id)).toEqual(['drill', 'laser']);
    // CNC is switched off, not deleted: it is said so.
    expect(preview.diff).toEqual({
      added: [expect.objectContaining({ device_id: 'drill' })],
      removed: [],
      turnedOff: [expect.objectContaining({ device_id: 'cnc' })],
      turnedOn: [],
      changed: [
        {
          device_id: 'laser',
          fields: [{ field: 'session_config.working_threshold_w', from: 100, to: 180 }],
        },
      ],
    });
  });
});
