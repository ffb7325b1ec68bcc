import { traceFromCsv, traceToCsv } from '../trace-csv';
import type { TraceRepo } from '../trace-repo';
import type { DomainHandlers } from './handler-types';

/** Saved power traces: list, save, read, delete, CSV in and out (src-main/core/trace-repo.ts). */
export function traceHandlers(
  traces: TraceRepo,
  /** Resolves once no large device write holds the database (DeviceStore.writable); each write waits for it. */
  writable: () => Promise<void> = async () => {},
): DomainHandlers<'traces'> {
  return {
    'traces.list': (input) => traces.list(input?.deviceId),
    'traces.save': async ({ name, deviceId, endAt, trace }) => {
      await writable();
      return traces.save({ name, deviceId, endAt, trace, source: 'live' });
    },
    'traces.get': ({ id }) => traces.get(id),
    'traces.delete': async ({ id }) => {
      await writable();
      return traces.delete(id);
    },
    'traces.import': async ({ name, deviceId, csv }) => {
      const trace = traceFromCsv(csv);
      await writable();
      return traces.save({ name, deviceId, trace, source: 'import', endAt: trace.samples.at(-1)!.at });
    },
    'traces.export': ({ id }) => {
      const saved = traces.get(id);
      const slug = saved.name.replace(/[^\p{L}\p{N}_-]+/gu, '-').replace(/^-+|-+$/g, '') || 'trace';
      return { fileName: `${saved.deviceId}-${slug}.csv`, content: traceToCsv(saved.trace) };
    },
  };
}
