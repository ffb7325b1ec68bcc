/**
 * A device's buffered history, kept current: `live.history` once, then the new samples of each coalesced
 * `live.samples` event appended (no refetch of 12 hours every few seconds), and the device's diagnostics from
 * `live.overview` and its events. `now` follows the events' times, so silence advances the simulation's clock.
 */
import { useEffect, useState } from 'react';
import type { Diagnostic, PowerTrace, WorkshopApi } from '../../../src-shared';

export interface LiveTraceState {
  trace: PowerTrace | null;
  now: number;
  error: string | null;
  diagnostics: Diagnostic[];
}

const TICK_MS = 5000;

/** `clock` is the renderer's wall clock (injected by tests). */
export function useLiveTrace(
  api: WorkshopApi,
  id: number,
  enabled: boolean,
  clock: () => number,
): LiveTraceState {
  const [state, setState] = useState<LiveTraceState>({
    trace: null,
    now: clock(),
    error: null,
    diagnostics: [],
  });

  useEffect(() => {
    if (!enabled) return;
    let stopped = false;
    const pending: PowerTrace = { samples: [], online: [] };
    let loaded = false;
    const offSamples = api.on('live.samples', (update) => {
      const mine = update.devices.find((d) => d.id === id);
      if (!mine && !loaded) return;
      if (!loaded) {
        // Arrived before the history: keep for after it (duplicates are dropped by time).
        pending.samples.push(...(mine?.samples ?? []));
        pending.online.push(...(mine?.online ?? []));
        return;
      }
      setState((s) => {
        if (!s.trace) return s;
        const samples = mine ? appendAfter(s.trace.samples, mine.samples) : s.trace.samples;
        const online = mine ? appendAfter(s.trace.online, mine.online) : s.trace.online;
        return { ...s, trace: { samples, online }, now: Math.max(s.now, update.at) };
      });
    });
    const offOverview = api.on('live.overview', (update) => {
      const mine = update.devices.find((d) => d.id === id);
      if (mine) setState((s) => ({ ...s, diagnostics: mine.diagnostics }));
    });
    // The clock runs on between messages: a silent meter's silence must reach the simulation too.
    const tick = setInterval(() => setState((s) => ({ ...s, now: Math.max(s.now, clock()) })), TICK_MS);
    void (async () => {
      const [history, overview] = await Promise.all([
        api.invoke('live.history', { id }),
        api.invoke('live.overview', null),
      ]);
      if (stopped) return;
      loaded = true;
      if (!history.ok) {
        setState((s) => ({ ...s, error: history.error.message }));
        return;
      }
      const trace = {
        samples: appendAfter(history.value.samples, pending.samples),
        online: appendAfter(history.value.online, pending.online),
      };
      const diagnostics = overview.ok
        ? (overview.value.devices.find((d) => d.id === id)?.diagnostics ?? [])
        : [];
      setState({ trace, now: clock(), error: null, diagnostics });
    })();
    return () => {
      stopped = true;
      clearInterval(tick);
      offSamples();
      offOverview();
    };
  }, [api, id, enabled, clock]);

  return state;
}

/** `base` with the items of `more` that are newer than its last one (a new array when anything is added). */
function appendAfter<T extends { at: number }>(base: T[], more: T[]): T[] {
  const last = base.at(-1)?.at ?? Number.NEGATIVE_INFINITY;
  const newer = more.filter((x) => x.at > last);
  return newer.length === 0 ? base : [...base, ...newer];
}
