import type { EventName, EventPayload } from '../../src-shared';
import type { Logger } from './ports';

/** A typed fan-out of contract events; a throwing listener is logged and never stops the others. */
export function createEventHub(logger: Logger) {
  const listeners = new Map<EventName, Set<(payload: unknown) => void>>();
  return {
    on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void {
      const set = listeners.get(event) ?? new Set();
      listeners.set(event, set);
      const entry = listener as (payload: unknown) => void;
      set.add(entry);
      return () => {
        set.delete(entry);
      };
    },
    emit<E extends EventName>(event: E, payload: EventPayload<E>): void {
      for (const listener of [...(listeners.get(event) ?? [])]) {
        try {
          listener(payload);
        } catch (error) {
          logger.error(`listener of ${event} threw: ${(error as Error).message}`);
        }
      }
    },
    clear(): void {
      listeners.clear();
    },
  };
}
