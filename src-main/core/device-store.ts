import { asc, eq } from 'drizzle-orm';
import {
  AppFailure,
  type Device,
  type DeviceFields,
  type DevicePatch,
  type DevicePatchInput,
  deviceFieldsSchema,
  fieldErrorsFromIssues,
  mergePatch,
  type ParserType,
  type Strategy,
  type StrategyConfig,
  summariseFieldErrors,
} from '../../src-shared';
import { applyBulk, type DeviceBulkAction } from './bulk-devices';
import type { Db } from './db/open-database';
import { devices } from './db/schema';
import type { Clock } from './ports';

type Row = typeof devices.$inferSelect;

/**
 * The device table. Every write validates the whole device with the shared schema, so a bad field is a field
 * error and nothing is written. Subscribers hear of each committed transaction that changed devices, once.
 */
export class DeviceStore {
  private readonly listeners = new Set<() => void>();
  private depth = 0;
  private dirty = false;

  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly onListenerError: (error: unknown) => void = () => {},
  ) {}

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
      result = sqlite.transaction(fn)();
    } catch (error) {
      if (this.depth === 1) this.dirty = false;
      throw error;
    } finally {
      this.depth--;
    }
    if (this.depth === 0 && this.dirty) {
      this.dirty = false;
      // The write has committed: a failing listener must neither turn it into an error nor silence the others.
      for (const listener of [...this.listeners]) {
        try {
          listener();
        } catch (error) {
          this.onListenerError(error);
        }
      }
    }
    return result;
  }

  /** All devices, by name (case-insensitive), then device id. */
  list(): Device[] {
    return this.db
      .select()
      .from(devices)
      .orderBy(asc(devices.name), asc(devices.deviceId))
      .all()
      .map(toDevice)
      .sort(
        (a, b) =>
          a.name.localeCompare(b.name, undefined, { sensitivity: 'base' }) || cmp(a.deviceId, b.deviceId),
      );
  }

  /** The devices the bridge gets. */
  listActive(): Device[] {
    return this.db.select().from(devices).where(eq(devices.active, true)).all().map(toDevice);
  }

  /** The device IDs of the stored devices that are switched off (the bridge does not get them). */
  switchedOffIds(): string[] {
    return this.db
      .select({ deviceId: devices.deviceId })
      .from(devices)
      .where(eq(devices.active, false))
      .all()
      .map((row) => row.deviceId);
  }

  get(id: number): Device {
    const row = this.db.select().from(devices).where(eq(devices.id, id)).get();
    if (!row) throw new AppFailure('not_found', `device ${id} does not exist (deleted meanwhile?)`);
    return toDevice(row);
  }

  findByDeviceId(deviceId: string): Device | undefined {
    const row = this.db.select().from(devices).where(eq(devices.deviceId, deviceId)).get();
    return row ? toDevice(row) : undefined;
  }

  /** Stores a new device (fields already defaulted); refuses bad fields and a used deviceId. */
  create(input: DeviceFields): Device {
    const fields = validate(input);
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
        .returning()
        .get();
      this.dirty = true;
      return toDevice(row);
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
      const fields = validate(mergePatch(current, patch));
      if (fields.deviceId !== current.deviceId) this.assertDeviceIdFree(fields.deviceId);
      if (sameFields(current, fields)) return current;
      const row = this.db
        .update(devices)
        .set({ ...toRow(fields), updatedAt: nextVersion(this.clock.now(), current.updatedAt) })
        .where(eq(devices.id, id))
        .returning()
        .get();
      this.dirty = true;
      return toDevice(row);
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
  bulk(ids: readonly number[], action: DeviceBulkAction): { changed: number; deleted: number } {
    return applyBulk(this, ids, action);
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

function validate(input: unknown): DeviceFields {
  const parsed = deviceFieldsSchema.safeParse(input);
  if (parsed.success) return parsed.data;
  const fieldErrors = fieldErrorsFromIssues(parsed.error.issues);
  throw new AppFailure('invalid_input', `device: ${summariseFieldErrors(fieldErrors)}`, fieldErrors);
}

function toRow(fields: DeviceFields) {
  return {
    name: fields.name,
    deviceId: fields.deviceId,
    topicPattern: fields.topicPattern,
    parserType: fields.parserType,
    strategy: fields.strategy,
    strategyConfig: JSON.stringify(fields.strategyConfig),
    active: fields.active,
    notes: fields.notes,
  };
}

function toDevice(row: Row): Device {
  return {
    id: row.id,
    name: row.name,
    deviceId: row.deviceId,
    topicPattern: row.topicPattern,
    parserType: row.parserType as ParserType,
    strategy: row.strategy as Strategy,
    strategyConfig: JSON.parse(row.strategyConfig) as StrategyConfig,
    active: row.active,
    notes: row.notes,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

/**
 * `updatedAt` doubles as the device's version, so each save must give a new one: two saves within one
 * millisecond (or a clock set back) still move it forward by at least 1 ms.
 */
function nextVersion(now: number, previous: string): string {
  return new Date(Math.max(now, Date.parse(previous) + 1)).toISOString();
}

function sameFields(a: DeviceFields, b: DeviceFields): boolean {
  return JSON.stringify(toRow(a)) === JSON.stringify(toRow(b));
}

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
