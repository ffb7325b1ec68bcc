import { promisify } from 'node:util';
import { gunzipSync, gzip, gzipSync } from 'node:zlib';
import { desc, eq, lt, sql } from 'drizzle-orm';
import type { BridgeDevice, PushLogEntry, PushOutcome, PushTrigger } from '../../src-shared';
import type { Db } from './db/open-database';
import { pushLog, syncState } from './db/schema';
import { jsonSlices, SLICE_SIZE } from './in-slices';

const gzipAsync = promisify(gzip);

/** The persisted half of the sync model: desired vs acknowledged, and the push log. */
export interface SyncRecord {
  desiredRevision: number;
  desiredHash: string;
  pendingSince: string | null;
  ackedRevision: number | null;
  ackedHash: string | null;
  ackedUrl: string | null;
  ackedDevices: BridgeDevice[] | null;
  rejectedHash: string | null;
  rejectedUrl: string | null;
  lastOutcome: PushOutcome | null;
  /** Bridge URLs that have answered GET /config with a hash (a later 404 there = the config was lost). */
  hashAnsweredUrls: string[];
  /** The bridge at foreignUrl keeps running foreignHash (null: none) instead of what it acknowledged. */
  foreignUrl: string | null;
  foreignHash: string | null;
  /** Where pushes last went, kept in case the preferences file is lost. */
  lastBridgeUrl: string | null;
  /** Where unreadable preferences were set aside while nobody has confirmed the bridge URL since: pushes held. */
  unreadablePreferences: string | null;
}

export const PUSH_LOG_LIMIT = 500;
export const PUSH_PAYLOAD_LIMIT = 100;

/** What a kept push payload holds: the devices sent, and the device IDs stored but switched off at the time. */
export interface PushedPayload {
  devices: BridgeDevice[];
  /** null for payloads logged before this was kept (a bare device array). */
  switchedOff: string[] | null;
}

export class SyncStateRepo {
  /**
   * @param switchedOff the device IDs stored but switched off now, kept with each push so that its history can
   *   tell a device turned off from one deleted (src-shared/bridge-config.ts diffBridgeDevices).
   */
  /**
   * The acknowledged devices as last written or read. They change only when a bridge acknowledges, while the
   * record is saved on every change of state; with 100,000 devices writing them each time would stall the host.
   */
  private savedAcked: { devices: BridgeDevice[] | null } | null = null;

  constructor(
    private readonly db: Db,
    private readonly switchedOff: () => string[] = () => [],
  ) {}

  /** The row, created on first use with revision 0 for the given hash. */
  load(initialHash: string): SyncRecord {
    const row = this.db.select().from(syncState).where(eq(syncState.id, 1)).get();
    if (!row) {
      const fresh: SyncRecord = {
        desiredRevision: 0,
        desiredHash: initialHash,
        pendingSince: null,
        ackedRevision: null,
        ackedHash: null,
        ackedUrl: null,
        ackedDevices: null,
        rejectedHash: null,
        rejectedUrl: null,
        lastOutcome: null,
        hashAnsweredUrls: [],
        foreignUrl: null,
        foreignHash: null,
        lastBridgeUrl: null,
        unreadablePreferences: null,
      };
      this.save(fresh);
      return fresh;
    }
    const ackedDevices = row.ackedDevices ? (JSON.parse(row.ackedDevices) as BridgeDevice[]) : null;
    this.savedAcked = { devices: ackedDevices };
    return {
      desiredRevision: row.desiredRevision,
      desiredHash: row.desiredHash,
      pendingSince: row.pendingSince,
      ackedRevision: row.ackedRevision,
      ackedHash: row.ackedHash,
      ackedUrl: row.ackedUrl,
      ackedDevices,
      rejectedHash: row.rejectedHash,
      rejectedUrl: row.rejectedUrl,
      lastOutcome: row.lastOutcome ? (JSON.parse(row.lastOutcome) as PushOutcome) : null,
      hashAnsweredUrls: row.hashAnsweredUrls ? (JSON.parse(row.hashAnsweredUrls) as string[]) : [],
      foreignUrl: row.foreignUrl,
      foreignHash: row.foreignHash,
      lastBridgeUrl: row.lastBridgeUrl,
      unreadablePreferences: row.unreadablePreferences,
    };
  }

  save(record: SyncRecord): void {
    const { ackedDevices, ...rest } = record;
    const ackedSaved = this.savedAcked !== null && this.savedAcked.devices === ackedDevices;
    const values = {
      ...rest,
      ...(ackedSaved ? {} : { ackedDevices: ackedDevices ? JSON.stringify(ackedDevices) : null }),
      lastOutcome: record.lastOutcome ? JSON.stringify(record.lastOutcome) : null,
      hashAnsweredUrls: record.hashAnsweredUrls.length > 0 ? JSON.stringify(record.hashAnsweredUrls) : null,
    };
    this.db
      .insert(syncState)
      .values({ id: 1, ...values })
      .onConflictDoUpdate({ target: syncState.id, set: values })
      .run();
    this.savedAcked = { devices: ackedDevices };
  }

  /**
   * What the log keeps of a push: its devices and the device IDs switched off now, as gzipped JSON. The JSON is
   * written in slices and gzipped on libuv's thread pool, so 100,000 devices do not stall the host (issue 9 §6).
   */
  async payloadOf(devices: readonly BridgeDevice[]): Promise<Buffer> {
    const switchedOff = this.switchedOff();
    // One slice or less: at once (microtasks only, as before).
    if (devices.length <= SLICE_SIZE) return gzipSync(JSON.stringify({ devices, switchedOff }));
    const list = (await jsonSlices(devices)).map((slice) => slice.slice(1, -1)).join(',');
    return gzipAsync(`{"devices":[${list}],"switchedOff":${JSON.stringify(switchedOff)}}`);
  }

  /** Records one push with its payload (payloadOf); keeps the newest 500 rows and the payload of the newest 100. */
  logPush(entry: {
    startedAt: string;
    trigger: PushTrigger;
    bridgeUrl: string;
    outcome: PushOutcome;
    payload: Buffer;
  }): void {
    const { outcome } = entry;
    this.db.transaction(
      (tx) => {
        tx.insert(pushLog)
          .values({
            startedAt: entry.startedAt,
            trigger: entry.trigger,
            revision: outcome.revision,
            configHash: outcome.configHash,
            bridgeUrl: entry.bridgeUrl,
            attempts: outcome.attempts,
            durationMs: Math.round(outcome.durationMs),
            outcome: outcome.ok ? 'success' : outcome.kind,
            status: outcome.status ?? null,
            message: outcome.ok ? null : outcome.message,
            payload: entry.payload,
          })
          .run();
        const newest = tx.select({ id: pushLog.id }).from(pushLog).orderBy(desc(pushLog.id)).limit(1).get();
        if (!newest) return;
        tx.delete(pushLog)
          .where(lt(pushLog.id, newest.id - PUSH_LOG_LIMIT + 1))
          .run();
        tx.update(pushLog)
          .set({ payload: null })
          .where(sql`${pushLog.id} <= ${newest.id - PUSH_PAYLOAD_LIMIT} AND ${pushLog.payload} IS NOT NULL`)
          .run();
        // IMMEDIATE: while a large device write commits in its worker process, this waits for the lock before it
        // reads, so its read cannot go stale (src-main/core/db/off-thread-transaction.ts).
      },
      { behavior: 'immediate' },
    );
  }

  /** The push log, newest first. */
  history(limit: number): PushLogEntry[] {
    return this.logRows().orderBy(desc(pushLog.id)).limit(limit).all() as PushLogEntry[];
  }

  /** One logged push, or undefined. */
  entry(id: number): PushLogEntry | undefined {
    return this.logRows().where(eq(pushLog.id, id)).get() as PushLogEntry | undefined;
  }

  private logRows() {
    return this.db
      .select({
        id: pushLog.id,
        startedAt: pushLog.startedAt,
        trigger: pushLog.trigger,
        revision: pushLog.revision,
        configHash: pushLog.configHash,
        bridgeUrl: pushLog.bridgeUrl,
        attempts: pushLog.attempts,
        durationMs: pushLog.durationMs,
        outcome: pushLog.outcome,
        status: pushLog.status,
        message: pushLog.message,
      })
      .from(pushLog)
      .$dynamic();
  }

  /** The newest push before `id` whose payload is still kept. */
  previousWithPayload(id: number): number | null {
    const row = this.db
      .select({ id: pushLog.id })
      .from(pushLog)
      .where(sql`${pushLog.id} < ${id} AND ${pushLog.payload} IS NOT NULL`)
      .orderBy(desc(pushLog.id))
      .limit(1)
      .get();
    return row?.id ?? null;
  }

  /** What a logged push carried, when its payload is still kept. */
  pushedPayload(id: number): PushedPayload | null {
    const row = this.db.select({ payload: pushLog.payload }).from(pushLog).where(eq(pushLog.id, id)).get();
    return row?.payload ? readPayload(row.payload) : null;
  }

  /** The newest kept payload of a successful push of this config hash to this bridge, or null. */
  acknowledgedPayload(configHash: string, bridgeUrl: string): PushedPayload | null {
    const row = this.db
      .select({ payload: pushLog.payload })
      .from(pushLog)
      .where(
        sql`${pushLog.configHash} = ${configHash} AND ${pushLog.bridgeUrl} = ${bridgeUrl} AND ${pushLog.outcome} = 'success' AND ${pushLog.payload} IS NOT NULL`,
      )
      .orderBy(desc(pushLog.id))
      .limit(1)
      .get();
    return row?.payload ? readPayload(row.payload) : null;
  }
}

function readPayload(gzipped: Buffer): PushedPayload {
  const data = JSON.parse(gunzipSync(gzipped).toString('utf8')) as BridgeDevice[] | PushedPayload;
  return Array.isArray(data) ? { devices: data, switchedOff: null } : data;
}
