import { useEffect, useState } from 'react';
import type { CallInput, CallName, CallOutput, Result } from '../../../src-shared';
import { useStores } from '../stores/stores-context';

/**
 * A one-shot read for a component (a preview, a push's detail): runs the call when the component mounts and
 * again whenever `input` or one of `refetchOn` changes, and gives its answer, or null while the first one is on
 * its way. Only the newest call's answer is kept, and none after the component is gone.
 */
export function useCall<C extends CallName>(
  channel: C,
  input: CallInput<C>,
  refetchOn: readonly unknown[] = [],
): Result<CallOutput<C>> | null {
  const { api } = useStores();
  const [result, setResult] = useState<Result<CallOutput<C>> | null>(null);
  // Compared by value: callers pass a fresh object each render. `refetchOn` is the caller's list of reasons to ask again.
  const inputKey = JSON.stringify(input ?? null);

  useEffect(() => {
    let live = true;
    void api.invoke(channel, JSON.parse(inputKey) as CallInput<C>).then((r) => {
      if (live) setResult(r);
    });
    return () => {
      live = false;
    };
  }, [api, channel, inputKey, ...refetchOn]);

  return result;
}
