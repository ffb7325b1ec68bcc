/** Saved power traces in SQLite (table power_traces): the samples gzipped as JSON, the facts beside them. */
import { gunzipSync, gzipSync } from 'node:zlib';
import { eq } from 'drizzle-orm';
import {
  AppFailure,
  type PowerTrace,
  type SavedTrace,
  TRACE_SAMPLES_MAX,
  type TraceInfo,
} from '../../src-shared';
import type { Db } from './db/open-database';
import { powerTraces } from './db/schema';
import type { Clock } from './ports';

export interface NewTrace {
  name: string;
  deviceId: string;
  source: TraceInfo['source'];
  endAt: number;
  trace: PowerTrace;
}

const infoColumns = {
  id: powerTraces.id,
  name: powerTraces.name,
  deviceId: powerTraces.deviceId,
  source: powerTraces.source,
  savedAt: powerTraces.savedAt,
  endAt: powerTraces.endAt,
  sampleCount: powerTraces.sampleCount,
  firstAt: powerTraces.firstAt,
  lastAt: powerTraces.lastAt,
};

const asInfo = (row: Omit<TraceInfo, 'source'> & { source: string }): TraceInfo => ({
  ...row,
  source: row.source === 'import' ? 'import' : 'live',
});

const notFound = (id: number) => new AppFailure('not_found', `trace ${id} does not exist (deleted?)`);

export class TraceRepo {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
  ) {}

  /** Newest first; only one device's when `deviceId` is given. */
  list(deviceId?: string): TraceInfo[] {
    const query = this.db.select(infoColumns).from(powerTraces);
    const rows = deviceId === undefined ? query.all() : query.where(eq(powerTraces.deviceId, deviceId)).all();
    return rows.map(asInfo).sort((a, b) => b.savedAt.localeCompare(a.savedAt) || b.id - a.id);
  }

  save(input: NewTrace): TraceInfo {
    const { samples, online } = input.trace;
    if (samples.length === 0) {
      throw new AppFailure('invalid_input', 'there are no readings to save yet', {
        trace: 'holds no readings yet',
      });
    }
    if (samples.length > TRACE_SAMPLES_MAX) {
      throw new AppFailure('invalid_input', `a trace holds at most ${TRACE_SAMPLES_MAX} readings`, {
        trace: `holds ${samples.length} readings; at most ${TRACE_SAMPLES_MAX} fit`,
      });
    }
    const row = {
      name: input.name,
      deviceId: input.deviceId,
      source: input.source,
      savedAt: new Date(this.clock.now()).toISOString(),
      endAt: input.endAt,
      sampleCount: samples.length,
      firstAt: samples[0]!.at,
      lastAt: samples[samples.length - 1]!.at,
      trace: gzipSync(JSON.stringify({ samples, online })),
    };
    const { id } = this.db.insert(powerTraces).values(row).returning({ id: powerTraces.id }).get();
    return this.info(id);
  }

  info(id: number): TraceInfo {
    const row = this.db.select(infoColumns).from(powerTraces).where(eq(powerTraces.id, id)).get();
    if (!row) throw notFound(id);
    return asInfo(row);
  }

  get(id: number): SavedTrace {
    const row = this.db.select().from(powerTraces).where(eq(powerTraces.id, id)).get();
    if (!row) throw notFound(id);
    const { trace, ...info } = row;
    return { ...asInfo(info), trace: JSON.parse(gunzipSync(trace).toString('utf8')) as PowerTrace };
  }

  delete(id: number): { id: number } {
    const gone = this.db
      .delete(powerTraces)
      .where(eq(powerTraces.id, id))
      .returning({ id: powerTraces.id })
      .all();
    if (gone.length === 0) throw notFound(id);
    return { id };
  }
}
