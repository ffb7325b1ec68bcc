/** Small promise and error helpers of the sync engine. */
import type { Clock } from '../ports';

/** Whether `promise` settles within `ms` on `clock` (a rejection counts as settled). */
export async function settlesWithin(promise: Promise<unknown>, clock: Clock, ms: number): Promise<boolean> {
  let timer: unknown = null;
  const settled = await Promise.race([
    promise.then(
      () => true,
      () => true,
    ),
    new Promise<false>((resolve) => {
      timer = clock.setTimeout(() => resolve(false), ms);
    }),
  ]);
  clock.clearTimeout(timer);
  return settled;
}

export function ignoreErrors(run: () => void): void {
  try {
    run();
  } catch {
    // Said by the caller.
  }
}
