/** The SQLite schema. Change it here, then `npm run db:generate` writes the migration (committed, tested). */
import { sql } from 'drizzle-orm';
import { blob, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';

export const devices = sqliteTable('devices', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  name: text('name').notNull(),
  deviceId: text('device_id').notNull().unique(),
  topicPattern: text('topic_pattern').notNull(),
  parserType: text('parser_type').notNull(),
  strategy: text('strategy').notNull(),
  /** JSON of the strategy's config (camelCase keys, as in src-shared/device.ts). */
  strategyConfig: text('strategy_config').notNull(),
  active: integer('active', { mode: 'boolean' }).notNull().default(true),
  notes: text('notes').notNull().default(''),
  createdAt: text('created_at').notNull(),
  updatedAt: text('updated_at').notNull(),
});

/**
 * Desired vs acknowledged (ARCHITECTURE.md "Sync"): one row, id = 1. `desired_revision` only ever grows.
 * The acknowledged side belongs to `acked_url`: another URL has acknowledged nothing.
 */
export const syncState = sqliteTable('sync_state', {
  id: integer('id').primaryKey(),
  desiredRevision: integer('desired_revision').notNull(),
  desiredHash: text('desired_hash').notNull(),
  pendingSince: text('pending_since'),
  ackedRevision: integer('acked_revision'),
  ackedHash: text('acked_hash'),
  ackedUrl: text('acked_url'),
  /** JSON array of the bridge devices last acknowledged, for "what changed since". */
  ackedDevices: text('acked_devices'),
  /** The hash a bridge rejected (4xx): no automatic retry until the config or the URL changes. */
  rejectedHash: text('rejected_hash'),
  rejectedUrl: text('rejected_url'),
  /** JSON of the last PushOutcome, so the status survives a restart. */
  lastOutcome: text('last_outcome'),
  /**
   * JSON array of the bridge URLs that have answered GET /config with a config hash: a 404 from one of them
   * means the bridge lost its config (a restart of a bridge keeping it in memory), not a missing endpoint.
   */
  hashAnsweredUrls: text('hash_answered_urls'),
  /** The bridge at foreign_url keeps running another config (foreign_hash; null = none) after our re-pushes. */
  foreignUrl: text('foreign_url'),
  foreignHash: text('foreign_hash'),
  /** The bridge URL pushes last went to, kept beside the sync state in case the preferences file is lost. */
  lastBridgeUrl: text('last_bridge_url'),
  /**
   * Where an unreadable preferences file was set aside, while no person has confirmed the bridge URL since: the
   * URL in use is a default nobody chose, so pushes are held. Null: not held.
   */
  unreadablePreferences: text('unreadable_preferences'),
});

/** Every push: when, why, what, how it went. Trimmed to the newest 500 rows. */
export const pushLog = sqliteTable('push_log', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  startedAt: text('started_at').notNull(),
  trigger: text('trigger').notNull(),
  revision: integer('revision').notNull(),
  configHash: text('config_hash').notNull(),
  bridgeUrl: text('bridge_url').notNull(),
  attempts: integer('attempts').notNull(),
  durationMs: integer('duration_ms').notNull(),
  outcome: text('outcome').notNull(),
  status: integer('status'),
  message: text('message'),
  /** gzip of the pushed devices JSON (kept for the newest 100 pushes, for push diffs). */
  payload: blob('payload', { mode: 'buffer' }),
});

/**
 * Saved power traces (src-shared/saved-traces.ts). Not tied to a device row: a trace outlives its device, and an
 * imported one may name a device that does not exist here. `trace` is gzip of the PowerTrace JSON.
 */
export const powerTraces = sqliteTable('power_traces', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  name: text('name').notNull(),
  deviceId: text('device_id').notNull(),
  source: text('source').notNull(),
  savedAt: text('saved_at').notNull(),
  endAt: integer('end_at').notNull(),
  sampleCount: integer('sample_count').notNull(),
  firstAt: integer('first_at'),
  lastAt: integer('last_at'),
  trace: blob('trace', { mode: 'buffer' }).notNull(),
});

export const schema = { devices, syncState, pushLog, powerTraces };
export { sql };
