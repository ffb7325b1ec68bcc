import { EVENT_NAMES } from '../../src-shared';
import type { WorkshopCore } from '../core/workshop-core-types';
import { eventChannel } from './channels';

/** Sends every contract event of the core to the window; returns the unsubscribe. */
export function forwardCoreEvents(
  core: Pick<WorkshopCore, 'on'>,
  send: (channel: string, payload: unknown) => void,
): () => void {
  const unsubscribes = EVENT_NAMES.map((name) =>
    core.on(name, (payload) => send(eventChannel(name), payload)),
  );
  return () => {
    for (const unsubscribe of unsubscribes) unsubscribe();
  };
}
