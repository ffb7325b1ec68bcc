import { createStore } from 'zustand/vanilla';
import type {
  BridgeTestResult,
  BrokerTestResult,
  CallInput,
  Result,
  Settings,
  SettingsPatch,
  WorkshopApi,
} from '../../../src-shared';

export interface SettingsState {
  settings: Settings | null;
  loadError: string | null;
  load(): Promise<void>;
  /** What main announced with settings.changed. */
  receive(settings: Settings): void;
  save(patch: SettingsPatch): Promise<Result<Settings>>;
  /** One GET to the given bridge URL's /health, through main. */
  testBridge(url: string): Promise<Result<BridgeTestResult>>;
  /** One connection attempt to the given broker with the given login, through main. */
  testBroker(login: CallInput<'broker.test'>): Promise<Result<BrokerTestResult>>;
}

export type SettingsStore = ReturnType<typeof createSettingsStore>;

export function createSettingsStore(api: WorkshopApi) {
  return createStore<SettingsState>()((set) => ({
    settings: null,
    loadError: null,
    async load() {
      const result = await api.invoke('settings.get', null);
      if (result.ok) set({ settings: result.value, loadError: null });
      else set({ loadError: result.error.message });
    },
    receive: (settings) => set({ settings, loadError: null }),
    async save(patch) {
      const result = await api.invoke('settings.update', patch);
      if (result.ok) set({ settings: result.value });
      return result;
    },
    testBridge: (url) => api.invoke('bridge.test', { url }),
    testBroker: (login) => api.invoke('broker.test', login),
  }));
}
