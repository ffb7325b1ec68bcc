import type { Settings } from '../../../src-shared';
import type { DeviceStore } from '../device-store';
import type { Handlers } from '../handlers/handler-types';
import type { Clock, Logger } from '../ports';
import { addFoundMeters } from './add-found-meters';
import { DeviceIndexCache } from './device-index-cache';
import { type BrokerTarget, DiscoverySession, type DiscoveryTiming } from './discovery-session';

type DiscoveryCall =
  | 'discovery.start'
  | 'discovery.stop'
  | 'discovery.state'
  | 'discovery.identify'
  | 'discovery.add';

/** The broker preferences as a discovery target, or null when no broker is set. */
export function brokerTarget(settings: Settings): BrokerTarget | null {
  const url = settings.brokerUrl.trim();
  return url ? { url, username: settings.brokerUsername, password: settings.brokerPassword } : null;
}

/** Discovery's part of the core: the session, the contract handlers, and what the core tells it. */
export function createDiscovery(deps: {
  store: DeviceStore;
  settings: () => Settings;
  clock: Clock;
  logger: Logger;
  timing?: Partial<DiscoveryTiming>;
  emit: (state: ReturnType<DiscoverySession['state']>) => void;
}) {
  const devices = new DeviceIndexCache(deps.store);
  const session = new DiscoverySession({
    broker: () => brokerTarget(deps.settings()),
    devices,
    clock: deps.clock,
    logger: deps.logger,
    ...(deps.timing ? { timing: deps.timing } : {}),
    onState: deps.emit,
  });
  const handlers: Pick<Handlers, DiscoveryCall> = {
    'discovery.start': (input) => session.start(input?.seconds),
    'discovery.stop': () => session.stop(),
    'discovery.state': () => session.state(),
    'discovery.identify': () => session.identifyMeters(),
    // Waits (without blocking) while a large write commits off the host's thread, then checks and writes at once.
    'discovery.add': async ({ keys, dryRun }) => {
      await deps.store.writable();
      return addFoundMeters(deps.store, session.state().meters, keys, dryRun);
    },
  };
  return {
    handlers,
    /** After each committed device change: Add/Open of the found meters may have changed. */
    devicesChanged(): void {
      devices.invalidate();
      session.devicesChanged();
    },
    close: () => session.close(),
  };
}
