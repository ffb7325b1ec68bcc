import { useStores, useSync, useUnpushed } from '../stores/stores-context';
import { pushLabel } from '../stores/unpushed-store';

/**
 * Pushes the desired config now. Like a deploy button: quiet while the bridge has what is here, and saying how
 * many changes wait when some do. Disabled while any push runs, so a second one cannot start.
 */
export function PushButton() {
  const { sync } = useStores();
  const manualPush = useSync((s) => s.manualPush);
  const pushing = useSync((s) => s.status?.state === 'pushing');
  const foreign = useSync((s) => s.status?.state === 'foreign');
  const count = useUnpushed((s) => s.count);
  const neverPushed = useUnpushed((s) => s.neverPushed);
  const busy = manualPush || pushing;
  const waiting = count > 0 || foreign;
  return (
    <button
      type="button"
      className={`button push-button${waiting ? ' button-primary' : ''}`}
      disabled={busy}
      aria-busy={busy}
      title={
        waiting
          ? 'Push config to bridge: sends the changes marked “not on the bridge yet” now'
          : 'Push config to bridge: the bridge has this config already; pushing sends it again'
      }
      onClick={() => void sync.getState().push()}
    >
      {busy ? <span className="spinner" aria-hidden="true" /> : null}
      {pushLabel({ count, neverPushed })}
    </button>
  );
}
