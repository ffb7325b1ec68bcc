import { createStore } from 'zustand/vanilla';
import type { SyncStatus, UnpushedChanges, WorkshopApi } from '../../../src-shared';

/** How a device differs from what the bridge last acknowledged. */
export type UnpushedKind = 'added' | 'turnedOn' | 'changed' | 'turnedOff' | 'removed';

export interface UnpushedState {
  /** false until the first answer of config.unpushed. */
  loaded: boolean;
  /** Unpushed changes by device ID (the bridge's key). A deleted device is here too, but has no row. */
  byDeviceId: ReadonlyMap<string, UnpushedKind>;
  /** One per device ID in the diff: added, switched on, changed, switched off or deleted. */
  count: number;
  /** The bridge at the current URL acknowledged nothing yet. */
  neverPushed: boolean;
  error: string | null;
  refresh(): Promise<void>;
  /** Refreshes when the desired or acknowledged config may have moved (a push, an edit, a new URL). */
  receiveStatus(status: SyncStatus): void;
}

export type UnpushedStore = ReturnType<typeof createUnpushedStore>;

/** Main's answer (config.unpushed) as one mark per device ID. */
export function unpushedMarks(changes: UnpushedChanges): Map<string, UnpushedKind> {
  const marks = new Map<string, UnpushedKind>();
  const kinds: UnpushedKind[] = ['removed', 'turnedOff', 'changed', 'turnedOn', 'added'];
  for (const kind of kinds) for (const id of changes[kind]) marks.set(id, kind);
  return marks;
}

/**
 * What is not on the bridge yet: the desired config against the one the bridge last acknowledged, as main
 * diffs it (config.unpushed: the device IDs of config.preview's diff, the history's "Not yet pushed"). Refetched on devices.changed and
 * whenever sync.status says the desired or acknowledged config moved; refreshes coalesce like the device list's.
 */
export function createUnpushedStore(api: WorkshopApi) {
  let inFlight: Promise<void> | null = null;
  let again = false;
  let seen = '';

  return createStore<UnpushedState>()((set, get) => {
    async function load() {
      const result = await api.invoke('config.unpushed', null);
      if (!result.ok) {
        set({ error: result.error.message });
        return;
      }
      const byDeviceId = unpushedMarks(result.value);
      set({
        loaded: true,
        byDeviceId,
        count: byDeviceId.size,
        neverPushed: result.value.acknowledgedRevision === null,
        error: null,
      });
    }

    return {
      loaded: false,
      byDeviceId: new Map(),
      count: 0,
      neverPushed: false,
      error: null,
      refresh() {
        if (inFlight) {
          again = true;
          return inFlight;
        }
        inFlight = (async () => {
          try {
            do {
              again = false;
              await load();
            } while (again);
          } finally {
            inFlight = null;
          }
        })();
        return inFlight;
      },
      receiveStatus(status) {
        // A push in flight moves neither side; its answer (in sync, or a failure) is the next status.
        if (status.state === 'pushing') return;
        const key = [
          status.desiredHash,
          status.acknowledgedHash,
          status.acknowledgedRevision,
          status.bridgeUrl,
          status.state === 'in_sync',
        ].join(' ');
        if (key === seen) return;
        seen = key;
        void get().refresh();
      },
    };
  });
}

/** The Push button's words: quiet "Push config" when nothing waits, else how many changes wait. */
export function pushLabel(state: Pick<UnpushedState, 'count' | 'neverPushed'>): string {
  if (state.count === 0 || state.neverPushed) return 'Push config';
  return `Push ${state.count} change${state.count === 1 ? '' : 's'}`;
}

/** The title of a row's "not on the bridge yet" mark. */
export const UNPUSHED_TITLES: Record<UnpushedKind, string> = {
  added: 'Not on the bridge yet: added since the last push',
  turnedOn: 'Not on the bridge yet: switched on since the last push',
  changed: 'Not on the bridge yet: the bridge still runs the values it had before this edit',
  turnedOff: 'Not on the bridge yet: switched off here, the bridge still watches it',
  removed: 'Not on the bridge yet: the bridge still watches a device with this ID',
};
