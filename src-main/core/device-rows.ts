/**
 * Set-based SQL for the device table, for actions on thousands of devices at once (issue 9 §6). One prepared
 * statement per kind of work, kept for the life of the connection: an ORM query per row would prepare a new native
 * statement every time, and those pile up outside the JS heap (gigabytes for 100,000 rows) until a GC finalises them.
 * Many rows travel into one statement as a JSON array read by SQLite's json_each, so a write of 100,000 devices is
 * three statements, not 300,000.
 */
import type Database from 'better-sqlite3';
import type { Device, DeviceFields, ParserType, Strategy, StrategyConfig } from '../../src-shared';
import type { SqlStep } from './db/off-thread-transaction';
import { jsonSlices, SLICE_SIZE, type Turn } from './in-slices';

const COLUMNS =
  'id, name, device_id, topic_pattern, parser_type, strategy, strategy_config, active, notes, created_at, updated_at';

interface RawRow {
  id: number;
  name: string;
  device_id: string;
  topic_pattern: string;
  parser_type: string;
  strategy: string;
  strategy_config: string;
  active: number;
  notes: string;
  created_at: string;
  updated_at: string;
}

/** One new device: the fields in column order. */
export type InsertRow = FieldColumns;
type FieldColumns = [string, string, string, string, string, string, number, string];
const FIELD_COLUMNS = [
  'name',
  'device_id',
  'topic_pattern',
  'parser_type',
  'strategy',
  'strategy_config',
  'active',
  'notes',
] as const;

/** The fields as drizzle's row of the devices table (src-main/core/db/schema.ts). */
export function toRow(fields: DeviceFields) {
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

/** The fields as the table's columns (strategy config as JSON, active as 0/1). */
export function fieldColumns(fields: DeviceFields): FieldColumns {
  return [
    fields.name,
    fields.deviceId,
    fields.topicPattern,
    fields.parserType,
    fields.strategy,
    JSON.stringify(fields.strategyConfig),
    fields.active ? 1 : 0,
    fields.notes,
  ];
}

/** What an action on many devices writes, decided before the transaction starts. */
export interface DevicePlan {
  deletes: number[];
  /** `before` is the device as the plan read it: only the columns that differ from it are written. */
  updates: Array<{ id: number; before: DeviceFields; fields: DeviceFields; updatedAt: string }>;
  inserts: DeviceFields[];
}

/** True when the plan writes nothing. */
export const planIsEmpty = (plan: DevicePlan) => planSize(plan) === 0;

/** How many devices the plan writes. */
export const planSize = (plan: DevicePlan) => plan.deletes.length + plan.updates.length + plan.inserts.length;

/** The plan as the statements' JSON, built slice by slice. */
export async function prepareWrites(
  plan: DevicePlan,
  insertedAt: string,
  turn: Turn,
): Promise<PreparedWrites> {
  // Writing only the columns that change is what makes a bulk (de)activation cheap: an untouched device_id keeps
  // its unique index as it is.
  const changing = new Set<number>();
  const columns = plan.updates.map((u) => {
    const before = fieldColumns(u.before);
    const after = fieldColumns(u.fields);
    for (let i = 0; i < after.length; i++) if (after[i] !== before[i]) changing.add(i);
    return after;
  });
  await turn();
  const written = [...changing].sort((a, b) => a - b);
  return {
    deletes: await jsonSlices(plan.deletes, turn),
    updateColumns: written.map((i) => FIELD_COLUMNS[i] as string),
    updates: await jsonSlices(
      plan.updates.map((u, n) => [u.id, u.updatedAt, ...written.map((i) => columns[n]?.[i])]),
      turn,
    ),
    inserts: await jsonSlices(plan.inserts.map(fieldColumns), turn),
    insertedAt,
  };
}

/**
 * `updatedAt` doubles as the device's version, so each save must give a new one: two saves within one
 * millisecond (or a clock set back) still move it forward by at least 1 ms.
 */
export function nextVersion(now: number, previous: string): string {
  return new Date(Math.max(now, Date.parse(previous) + 1)).toISOString();
}

const collator = new Intl.Collator(undefined, { sensitivity: 'base' });
const byCodeUnits = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** The device list's order: name (case- and accent-insensitive), then device id. */
export const byNameThenDeviceId = (a: Device, b: Device) =>
  collator.compare(a.name, b.name) || byCodeUnits(a.deviceId, b.deviceId);

/** Whether two devices have the same editable fields, as stored. */
export function sameFields(a: DeviceFields, b: DeviceFields): boolean {
  return JSON.stringify(fieldColumns(a)) === JSON.stringify(fieldColumns(b));
}

/**
 * Many writes as JSON arrays of up to SLICE_SIZE rows each, ready for the statements: built bit by bit before the
 * transaction (the JSON of 100,000 devices takes a while), so the transaction itself only runs SQL. Slices, not
 * one array: SQLite parses each parameter's JSON into memory of its own, and many small parses reuse the same
 * memory where one parse of 100,000 rows would leave the process hundreds of MB larger for good.
 */
export interface PreparedWrites {
  /** JSON arrays of device ids. */
  deletes: string[];
  /** The columns the updates write, besides updated_at. */
  updateColumns: string[];
  /** JSON arrays of [id, updated_at, ...the values of updateColumns]. */
  updates: string[];
  /** JSON arrays of InsertRow. */
  inserts: string[];
  /** Timestamp for created_at and updated_at of the inserts. */
  insertedAt: string;
}

export class DeviceRows {
  private readonly allStatement: Database.Statement;
  private readonly activeStatement: Database.Statement;
  private readonly byIdStatement: Database.Statement;
  private readonly byDeviceIdStatement: Database.Statement;
  private readonly pageStatement: Database.Statement;
  private readonly activePageStatement: Database.Statement;
  private readonly switchedOffStatement: Database.Statement;
  private readonly byIdsStatement: Database.Statement;
  /** The write statements by their SQL: delete, insert, and one update per set of written columns (a handful). */
  private readonly writeStatements = new Map<string, Database.Statement>();

  constructor(private readonly sqlite: Database.Database) {
    this.allStatement = sqlite.prepare(`SELECT ${COLUMNS} FROM devices ORDER BY name, device_id`);
    this.activeStatement = sqlite.prepare(`SELECT ${COLUMNS} FROM devices WHERE active = 1`);
    this.byIdStatement = sqlite.prepare(`SELECT ${COLUMNS} FROM devices WHERE id = ?`);
    this.byDeviceIdStatement = sqlite.prepare(`SELECT ${COLUMNS} FROM devices WHERE device_id = ?`);
    this.pageStatement = sqlite.prepare(`SELECT ${COLUMNS} FROM devices WHERE id > ? ORDER BY id LIMIT ?`);
    this.activePageStatement = sqlite.prepare(
      `SELECT ${COLUMNS} FROM devices WHERE active = 1 AND id > ? ORDER BY id LIMIT ?`,
    );
    this.switchedOffStatement = sqlite.prepare('SELECT device_id FROM devices WHERE active = 0').pluck();
    this.byIdsStatement = sqlite.prepare(
      `SELECT ${COLUMNS} FROM devices WHERE id IN (SELECT value FROM json_each(?))`,
    );
  }

  /** Every device (by name, then device id, as SQLite compares them). */
  all(): Device[] {
    return (this.allStatement.all() as RawRow[]).map(toDevice);
  }

  /** The active devices, in no particular order. */
  active(): Device[] {
    return (this.activeStatement.all() as RawRow[]).map(toDevice);
  }

  byId(id: number): Device | undefined {
    const row = this.byIdStatement.get(id) as RawRow | undefined;
    return row && toDevice(row);
  }

  byDeviceId(deviceId: string): Device | undefined {
    const row = this.byDeviceIdStatement.get(deviceId) as RawRow | undefined;
    return row && toDevice(row);
  }

  /** Up to `limit` devices (only active ones with `activeOnly`) with an id above `afterId`, by id. */
  page(afterId: number, limit: number, activeOnly = false): Device[] {
    const statement = activeOnly ? this.activePageStatement : this.pageStatement;
    return (statement.all(afterId, limit) as RawRow[]).map(toDevice);
  }

  /** All devices (only the active ones with `activeOnly`) in no particular order, read a slice at a time. */
  async allInSlices(turn: Turn, activeOnly = false): Promise<Device[]> {
    const all: Device[] = [];
    for (;;) {
      const page = this.page(all.at(-1)?.id ?? 0, SLICE_SIZE, activeOnly);
      all.push(...page);
      if (page.length < SLICE_SIZE) return all;
      await turn();
    }
  }

  /** The devices with these ids (byIds), a slice at a time. */
  async byIdsInSlices(ids: readonly number[], turn: Turn): Promise<Device[]> {
    const found: Device[] = [];
    for (let i = 0; i < ids.length; i += SLICE_SIZE) {
      found.push(...this.byIds(ids.slice(i, i + SLICE_SIZE)));
      await turn();
    }
    return found;
  }

  /** The device IDs of the devices switched off. */
  switchedOffIds(): string[] {
    return this.switchedOffStatement.all() as string[];
  }

  /** The devices with these ids, in no particular order; ids that do not exist are left out. */
  byIds(ids: readonly number[]): Device[] {
    return (this.byIdsStatement.all(JSON.stringify(ids)) as RawRow[]).map(toDevice);
  }

  /** Deletes, updates, then inserts (writeSteps); the caller holds the transaction. */
  write(writes: PreparedWrites): void {
    for (const step of writeSteps(writes)) {
      let statement = this.writeStatements.get(step.sql);
      if (!statement) {
        statement = this.sqlite.prepare(step.sql);
        this.writeStatements.set(step.sql, statement);
      }
      statement.run(...step.params);
    }
  }
}

const DELETE_SQL = 'DELETE FROM devices WHERE id IN (SELECT value FROM json_each(?))';

const INSERT_SQL = `INSERT INTO devices (name, device_id, topic_pattern, parser_type, strategy, strategy_config, active,
   notes, created_at, updated_at)
 SELECT value->>0, value->>1, value->>2, value->>3, value->>4, value->>5, value->>6, value->>7, ?, ?
 FROM json_each(?) ORDER BY key`;

/** The update of `columns` (besides updated_at) from JSON rows [id, updated_at, ...values]. */
function updateSql(columns: readonly string[]): string {
  const set = columns.map((c, i) => `, ${c} = j.value->>${i + 2}`).join('');
  return `UPDATE devices SET updated_at = j.value->>1${set} FROM json_each(?) AS j WHERE devices.id = j.value->>0`;
}

/**
 * The statements that carry out `writes`, in order (deletes, updates, inserts): run here on the host's connection
 * for small plans, or all in one transaction on a connection of their own off the host's thread
 * (src-main/core/db/off-thread-transaction.ts), with the very same SQL.
 */
export function writeSteps(writes: PreparedWrites): SqlStep[] {
  const update = updateSql(writes.updateColumns);
  return [
    ...writes.deletes.map((slice) => ({ sql: DELETE_SQL, params: [slice] })),
    ...writes.updates.map((slice) => ({ sql: update, params: [slice] })),
    ...writes.inserts.map((slice) => ({
      sql: INSERT_SQL,
      params: [writes.insertedAt, writes.insertedAt, slice],
    })),
  ];
}

function toDevice(row: RawRow): Device {
  return {
    id: row.id,
    name: row.name,
    deviceId: row.device_id,
    topicPattern: row.topic_pattern,
    parserType: row.parser_type as ParserType,
    strategy: row.strategy as Strategy,
    strategyConfig: JSON.parse(row.strategy_config) as StrategyConfig,
    active: row.active === 1,
    notes: row.notes,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}
