/** How the live view's messages reach its meters (src-main/core/live/live-service.ts). */
import { hasWildcard } from '../../../src-shared';
import type { MeterState, TopicRole } from './meter-state';

export type Route = { meter: MeterState; role: TopicRole };

export interface MeterRoutes {
  meters: Map<number, MeterState>;
  /** Exact topics → routes, found by lookup. */
  exact: Map<string, Route[]>;
  /** Filters with wildcards, matched one by one. */
  wildcard: Array<{ filter: string; route: Route }>;
  /** Every filter to subscribe to. */
  filters: Set<string>;
}

/** No meters, no routes. */
export const noRoutes = (): MeterRoutes => ({
  meters: new Map(),
  exact: new Map(),
  wildcard: [],
  filters: new Set(),
});

/**
 * The routes of a set of meters: each meter's bridge, online and events topics. Added to `into` when given, so a
 * large set can be routed a slice at a time.
 */
export function routesOf(meters: Map<number, MeterState>, into = noRoutes()): MeterRoutes {
  const { exact, wildcard, filters } = into;
  for (const [id, meter] of meters) {
    into.meters.set(id, meter);
    const { bridge, online, events } = meter.identity.topics;
    const roles: Array<[string | null, TopicRole]> = [
      [bridge, 'bridge'],
      [online, 'online'],
      [events, 'events'],
    ];
    for (const [filter, role] of roles) {
      if (!filter) continue;
      filters.add(filter);
      const route = { meter, role };
      if (hasWildcard(filter)) wildcard.push({ filter, route });
      else {
        // Appended in place: copying the list for each meter would be quadratic in the meters sharing a topic.
        const list = exact.get(filter);
        if (list) list.push(route);
        else exact.set(filter, [route]);
      }
    }
  }
  return into;
}
