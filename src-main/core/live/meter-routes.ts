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

/** The routes of a set of meters: each meter's bridge, online and events topics. */
export function routesOf(meters: Map<number, MeterState>): MeterRoutes {
  const exact = new Map<string, Route[]>();
  const wildcard: Array<{ filter: string; route: Route }> = [];
  const filters = new Set<string>();
  for (const meter of meters.values()) {
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
  return { meters, exact, wildcard, filters };
}
