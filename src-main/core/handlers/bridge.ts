import { testBridge } from '../bridge-probe';
import type { SettingsPort } from '../ports';
import type { DomainHandlers } from './handler-types';

/** Test connection: one GET to the bridge (src-main/core/bridge-probe.ts). */
export function bridgeHandlers(settings: SettingsPort, timeoutMs: number): DomainHandlers<'bridge'> {
  return {
    'bridge.test': (input) => {
      const { bridgeUrl, bridgeToken } = settings.get();
      const url = input?.url?.trim().replace(/\/+$/, '') || bridgeUrl;
      // The token goes only to the bridge it belongs to, never to a URL someone is merely trying out.
      return testBridge(url, { timeoutMs, ...(url === bridgeUrl ? { token: bridgeToken } : {}) });
    },
  };
}
