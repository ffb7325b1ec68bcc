import { createContext, useContext } from 'react';
import { useStore } from 'zustand';
import type { AppStores } from './app-stores';
import type { DevicesState } from './devices-store';
import type { LiveState } from './live-store';
import type { SettingsState } from './settings-store';
import type { SyncStoreState } from './sync-store';
import type { UnpushedState } from './unpushed-store';

export const StoresContext = createContext<AppStores | null>(null);

export function useStores(): AppStores {
  const stores = useContext(StoresContext);
  if (!stores) throw new Error('useStores: render inside <StoresContext value={stores}>');
  return stores;
}

export const useDevices = <T,>(select: (s: DevicesState) => T): T => useStore(useStores().devices, select);
export const useSync = <T,>(select: (s: SyncStoreState) => T): T => useStore(useStores().sync, select);
export const useSettings = <T,>(select: (s: SettingsState) => T): T => useStore(useStores().settings, select);
export const useLive = <T,>(select: (s: LiveState) => T): T => useStore(useStores().live, select);
export const useUnpushed = <T,>(select: (s: UnpushedState) => T): T => useStore(useStores().unpushed, select);
