/**
 * Long work on the host's one thread, cut into slices with a turn of the event loop between them, so that other
 * calls, events and pushes are answered meanwhile (issue 9 §6: no stall over 0.5 s with 100,000 devices).
 */

/** Items handled between two turns of the event loop. */
export const SLICE_SIZE = 1000;

/** What a sliced job does between slices: lets the event loop turn, or (when it must finish now) nothing. */
export type Turn = () => Promise<void>;

/** Gives the event loop one turn (I/O callbacks and timers run), then continues. */
export const nextTurn: Turn = () => new Promise((resolve) => setImmediate(resolve));

/** Continues at once: the same job without letting anything else run in between. */
export const noTurn: Turn = () => Promise.resolve();

/** `fn` over every item, with a turn after each slice. */
export async function forEachInSlices<T>(
  items: Iterable<T>,
  fn: (item: T, index: number) => void,
  turn: Turn = nextTurn,
  size = SLICE_SIZE,
): Promise<void> {
  let index = 0;
  for (const item of items) {
    fn(item, index++);
    if (index % size === 0) await turn();
  }
}

/** JSON arrays of at most SLICE_SIZE items each, one slice per turn. */
export async function jsonSlices(items: readonly unknown[], turn: Turn = nextTurn): Promise<string[]> {
  const slices: string[] = [];
  for (let i = 0; i < items.length; i += SLICE_SIZE) {
    slices.push(JSON.stringify(items.slice(i, i + SLICE_SIZE)));
    await turn();
  }
  return slices;
}

/**
 * A stable sort in slices: runs of SLICE_SIZE sorted at once, then merged pairwise with a turn every SLICE_SIZE
 * steps. Same order as `[...items].sort(compare)`.
 */
export async function sortInSlices<T>(
  items: readonly T[],
  compare: (a: T, b: T) => number,
  turn: Turn = nextTurn,
): Promise<T[]> {
  let runs: T[][] = [];
  for (let i = 0; i < items.length; i += SLICE_SIZE) {
    runs.push(items.slice(i, i + SLICE_SIZE).sort(compare));
    await turn();
  }
  while (runs.length > 1) {
    const merged: T[][] = [];
    for (let i = 0; i < runs.length; i += 2) {
      const a = runs[i] as T[];
      const b = runs[i + 1];
      merged.push(b ? await merge(a, b, compare, turn) : a);
    }
    runs = merged;
  }
  return runs[0] ?? [];
}

async function merge<T>(a: T[], b: T[], compare: (a: T, b: T) => number, turn: Turn): Promise<T[]> {
  const out: T[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    // Ties take from the left run, which keeps the sort stable.
    out.push(compare(b[j] as T, a[i] as T) < 0 ? (b[j++] as T) : (a[i++] as T));
    if (out.length % SLICE_SIZE === 0) await turn();
  }
  for (; i < a.length; i++) out.push(a[i] as T);
  for (; j < b.length; j++) out.push(b[j] as T);
  return out;
}
