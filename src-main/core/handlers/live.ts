import { simulateSessions } from '../../../src-shared';
import type { LiveService } from '../live/live-service';
import { testBroker } from '../live/test-broker';
import type { Clock, SettingsPort } from '../ports';
import type { DomainHandlers } from './handler-types';

/** How long Test broker waits for the broker's answer. */
const BROKER_TEST_TIMEOUT_MS = 5000;

/** The broker connection and the live view (src-main/core/live/). */
export function liveHandlers(deps: {
  live: LiveService;
  settings: SettingsPort;
  clock: Clock;
}): DomainHandlers<'broker' | 'live'> {
  const { live, settings, clock } = deps;
  return {
    'broker.status': () => live.brokerStatus(),
    'broker.test': (input) => {
      const stored = settings.get();
      const url = input?.url?.trim() || stored.brokerUrl;
      // The stored login goes only to the broker it belongs to, never to a URL someone is merely trying out.
      const same = url === stored.brokerUrl;
      return testBroker(
        {
          url,
          username: input?.username ?? (same ? stored.brokerUsername : ''),
          password: input?.password ?? (same ? stored.brokerPassword : ''),
        },
        BROKER_TEST_TIMEOUT_MS,
        clock,
      );
    },
    'live.overview': () => live.overview(),
    'live.history': ({ id }) => live.history(id),
    'live.simulate': ({ id, strategyConfig }) =>
      simulateSessions(live.history(id), strategyConfig, clock.now()),
  };
}
