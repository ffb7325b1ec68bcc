import { useStores, useSync } from '../stores/stores-context';

/** Pushes the desired config now. Disabled while any push runs, so a second one cannot start. */
export function PushButton() {
  const { sync } = useStores();
  const manualPush = useSync((s) => s.manualPush);
  const pushing = useSync((s) => s.status?.state === 'pushing');
  const busy = manualPush || pushing;
  return (
    <button
      type="button"
      className="button button-primary push-button"
      disabled={busy}
      aria-busy={busy}
      onClick={() => void sync.getState().push()}
    >
      {busy ? <span className="spinner" aria-hidden="true" /> : null}
      Push config to bridge
    </button>
  );
}
