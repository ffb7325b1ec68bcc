import { eq } from 'drizzle-orm';
import {
  AppFailure,
  type BulkResult,
  type Device,
  type DeviceFields,
  type DevicePatch,
  type DevicePatchInput,
  mergePatch,
  validDeviceFields,
} from '../../src-shared';
import { type DeviceBulkAction, planBulk } from './bulk-devices';
import { OffThreadWriter, runTransactionOffThread } from './db/off-thread-transaction';
import type { Db } from './db/open-database';
import { devices } from './db/schema';
import {
  byNameThenDeviceId,
  type DevicePlan,
  DeviceRows,
  nextVersion,
  planIsEmpty,
  planSize,
  prepareWrites,
  sameFields,
  toRow,
  writeSteps,
} from './device-rows';
import { nextTurn, noTurn, SLICE_SIZE, sortInSlices, type Turn } from './in-slices';
import type { Clock } from './ports';

/** Sliced attempts at a job before the store stops letting other calls in between, so the job surely ends. */
const SLICED_ATTEMPTS = 3;

/** Plans writing this many devices or more go off the host's thread (smaller ones take a few ms here). */
export const OFF_THREAD_FROM = SLICE_SIZE;

/**
 * The device table. Every write validates the whole device with the shared schema, so a bad field is a field
 * error and nothing is written. Subscribers hear of each committed transaction that changed devices, once.
 */
export class DeviceStore {
  private readonly listeners = new Set<() => void>();
  private depth = 0;
  private dirty = false;
  /** Grows with every committed change of the devices: a job planned at one generation may write only at it. */
  private generation = 0;
  private readonly rows: DeviceRows;
  private activeCache: { generation: number; devices: readonly Device[] } | null = null;
  private activeSliced: { generation: number; devices: Promise<readonly Device[]> } | null = null;
  /** Large plans are written by a worker process (src-main/core/db/off-thread-transaction.ts). */
  private readonly offThread: OffThreadWriter;

  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly onListenerError: (error: unknown) => void = () => {},
    /** Runs a large write in its worker process; tests wrap it to hold the write at a point of their choosing. */
    runOffThread: typeof runTransactionOffThread = runTransactionOffThread,
    /** Told when a worker process failed (not SQLite) and the write was made on the host's thread instead. */
    onWorkerFailure: (error: Error) => void = () => {},
  ) {
    this.rows = new DeviceRows(db.$client);
    this.offThread = new OffThreadWriter(db.$client, runOffThread, onWorkerFailure);
  }

  /** Listens for committed changes; returns the unsubscribe. */
  onCommit(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Runs several writes as one transaction (all or nothing) and one announcement. */
  transaction<T>(fn: () => T): T {
    const sqlite = this.db.$client;
    this.depth++;
    let result: T;
    try {
      // better-sqlite3 nests with savepoints: an inner failure that the caller catches rolls back only its part.
      // IMMEDIATE takes the write lock first, so a write that must wait for an off-thread one never reads stale.
      result = sqlite.transaction(fn).immediate();
    } catch (error) {
      if (this.depth === 1) this.dirty = false;
      throw error;
    } finally {
      this.depth--;
    }
    if (this.depth === 0 && this.dirty) {
      this.dirty = false;
      this.committed();
    }
    return result;
  }

  /**
   * Resolves once no off-thread write holds the database (at once nearly always). Callers that write devices await
   * it right before their (synchronous) write, so their write never waits for the lock on the host's thread.
   */
  writable(): Promise<void> {
    return this.offThread.idle();
  }

  /** A change of the devices has committed: a new generation, and every listener hears of it once. */
  private committed(): void {
    this.generation++;
    // The write has committed: a failing listener must neither turn it into an error nor silence the others.
    for (const listener of [...this.listeners]) {
      try {
        listener();
      } catch (error) {
        this.onListenerError(error);
      }
    }
  }

  /** All devices, by name (case-insensitive), then device id. */
  list(): Device[] {
    return this.rows.all().sort(byNameThenDeviceId);
  }

  /**
   * The same list as `list()`, read and sorted in slices so that other calls are answered meanwhile; a change
   * committed during the reading starts it again.
   */
  async listInSlices(): Promise<Device[]> {
    const all = await this.sliced(async (turn) => ({ plan: null, result: await this.readAll(turn) }));
    return sortInSlices(all, byNameThenDeviceId);
  }

  /**
   * The devices the bridge gets. Read once per committed change and shared, until the event loop has turned, by
   * the parts that react to a commit (sync's desired config, the live view): with 100,000 devices each read costs
   * hundreds of ms. Callers must not change the devices they get.
   */
  listActive(): readonly Device[] {
    if (this.depth > 0) return this.rows.active();
    const cached = this.activeCache;
    if (cached?.generation === this.generation) return cached.devices;
    const fresh = { generation: this.generation, devices: this.rows.active() };
    this.activeCache = fresh;
    // Dropped on the next turn so that 100,000 devices are not kept in memory twice.
    setTimeout(() => {
      if (this.activeCache === fresh) this.activeCache = null;
    }, 0).unref();
    return fresh.devices;
  }

  /**
   * The active devices for the parts that react to a commit (sync's desired config, the live view): at once when
   * they fit in one slice, else read in slices, one reading per committed change shared until it ends (issue 9
   * §6). Callers must not change the devices they get.
   */
  listActiveInSlices(): readonly Device[] | Promise<readonly Device[]> {
    if (this.activeSliced?.generation === this.generation) return this.activeSliced.devices;
    const first = this.rows.page(0, SLICE_SIZE, true);
    if (first.length < SLICE_SIZE) return first;
    const devices = this.sliced(async (turn) => ({ plan: null, result: await this.readAll(turn, true) }));
    const shared = { generation: this.generation, devices };
    this.activeSliced = shared;
    // Dropped once read, so that 100,000 devices are not kept in memory after their readers are done.
    const drop = () => {
      if (this.activeSliced === shared) this.activeSliced = null;
    };
    devices.then(drop, drop);
    return devices;
  }

  /** The device IDs of the stored devices that are switched off (the bridge does not get them). */
  switchedOffIds(): string[] {
    return this.rows.switchedOffIds();
  }

  get(id: number): Device {
    const device = this.rows.byId(id);
    if (!device) throw new AppFailure('not_found', `device ${id} does not exist (deleted meanwhile?)`);
    return device;
  }

  findByDeviceId(deviceId: string): Device | undefined {
    return this.rows.byDeviceId(deviceId);
  }

  /** Stores a new device (fields already defaulted); refuses bad fields and a used deviceId. */
  create(input: DeviceFields): Device {
    const fields = validDeviceFields(input);
    return this.transaction(() => {
      this.assertDeviceIdFree(fields.deviceId);
      return this.insertChecked(fields);
    });
  }

  /**
   * Inserts fields that the caller has already validated with the shared schema and whose deviceId it knows to
   * be free (the importer checks a whole file at once). The unique index still guards deviceId.
   */
  insertChecked(fields: DeviceFields): Device {
    return this.transaction(() => {
      const now = new Date(this.clock.now()).toISOString();
      const row = this.db
        .insert(devices)
        .values({ ...toRow(fields), createdAt: now, updatedAt: now })
        .returning({ id: devices.id })
        .get();
      this.dirty = true;
      return this.get(row.id);
    });
  }

  /**
   * Changes any subset of a device's fields; the merged device must be valid as a whole. `baseUpdatedAt` is the
   * version the edit was based on (the device's `updatedAt` when the editor opened it): when the device has been
   * saved since, the update is refused with a `conflict`, so a second window cannot silently undo the first.
   */
  update(id: number, patch: DevicePatch | DevicePatchInput, baseUpdatedAt?: string): Device {
    return this.transaction(() => {
      const current = this.get(id);
      if (baseUpdatedAt !== undefined && baseUpdatedAt !== current.updatedAt) {
        throw new AppFailure(
          'conflict',
          `"${current.name}" was changed elsewhere since this edit began (saved ${current.updatedAt}); nothing was changed`,
          { baseUpdatedAt: `is ${baseUpdatedAt}, but the device was saved again at ${current.updatedAt}` },
        );
      }
      const fields = validDeviceFields(mergePatch(current, patch));
      if (fields.deviceId !== current.deviceId) this.assertDeviceIdFree(fields.deviceId);
      if (sameFields(current, fields)) return current;
      this.db
        .update(devices)
        .set({ ...toRow(fields), updatedAt: nextVersion(this.clock.now(), current.updatedAt) })
        .where(eq(devices.id, id))
        .run();
      this.dirty = true;
      return this.get(id);
    });
  }

  delete(id: number): { id: number } {
    return this.transaction(() => {
      const result = this.db.delete(devices).where(eq(devices.id, id)).run();
      if (result.changes === 0)
        throw new AppFailure('not_found', `device ${id} does not exist (deleted meanwhile?)`);
      this.dirty = true;
      return { id };
    });
  }

  /** One action on many devices in one transaction (src-main/core/bulk-devices.ts). */
  bulk(ids: readonly number[], action: DeviceBulkAction): Promise<BulkResult> {
    return this.sliced((turn, now) =>
      planBulk((wanted) => this.rows.byIdsInSlices(wanted, turn), ids, action, now, turn),
    );
  }

  /** All devices (only the active ones with `activeOnly`) in no particular order, read a slice at a time. */
  readAll(turn: Turn, activeOnly = false): Promise<Device[]> {
    return this.rows.allInSlices(turn, activeOnly);
  }

  /**
   * Runs a job that reads and plans in slices, then writes its plan in one transaction (all or nothing, one
   * announcement). Only the store writes devices, so an unchanged generation proves that nothing the job read has
   * changed meanwhile; otherwise it plans again, after a few tries without turns (it then surely finishes).
   */
  async sliced<T>(
    job: (turn: Turn, now: number) => Promise<{ plan: DevicePlan | null; result: T }>,
  ): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      const turn = attempt <= SLICED_ATTEMPTS ? nextTurn : noTurn;
      const basedOn = this.generation;
      const { plan, result } = await job(turn, this.clock.now());
      if (plan === null || planIsEmpty(plan)) {
        if (this.generation === basedOn) return result;
        continue;
      }
      const writes = await prepareWrites(plan, new Date(this.clock.now()).toISOString(), turn);
      await this.writable();
      if (this.generation !== basedOn) continue;
      const here = () =>
        this.transaction(() => {
          this.rows.write(writes);
          this.dirty = true;
        });
      if (planSize(plan) < OFF_THREAD_FROM) here();
      // Statements and commit (about 0.5 s for 100,000 devices) in a worker process: the host keeps answering,
      // reads see the devices as before until the commit, device writes wait in `writable()`. A worker that
      // could not run writes `here` instead (and that transaction announces itself).
      else
        await this.offThread.write(writeSteps(writes), { committed: () => this.committed(), fallback: here });
      return result;
    }
  }

  private assertDeviceIdFree(deviceId: string): void {
    const other = this.findByDeviceId(deviceId);
    if (other) {
      throw new AppFailure('conflict', `device ID "${deviceId}" is already used by "${other.name}"`, {
        deviceId: `is already used by "${other.name}"`,
      });
    }
  }
}
