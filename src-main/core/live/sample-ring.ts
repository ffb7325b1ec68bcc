/**
 * One device's power samples in typed arrays (8 bytes of time + 4 of watts each, read back to the 7 significant digits a float32 holds): a ring that keeps the newest
 * `retentionMs` (12 h) and at most `capacity` samples, growing by doubling up to it, so memory stays bounded per
 * device (64 Ki samples ≈ 768 KiB at most, ~18 h at one message a second) and a quiet meter costs little.
 */
import type { PowerSample } from '../../../src-shared';

export const RING_CAPACITY = 65_536;
export const RING_RETENTION_MS = 12 * 3_600_000;
const INITIAL = 256;
/** Shared by every ring that has no sample yet (nothing is ever written into a zero-length array). */
const NO_TIMES = new Float64Array(0);
const NO_WATTS = new Float32Array(0);

/** A float32 read back as the decimal a meter sent (352.4, not 352.3999938964844): 7 significant digits. */
const readBack = (w: number) => Number(w.toPrecision(7));

export class SampleRing {
  private at: Float64Array;
  private watts: Float32Array;
  private head = 0;
  private size = 0;
  private maxCache: number | null = null;

  constructor(
    private readonly capacity = RING_CAPACITY,
    private readonly retentionMs = RING_RETENTION_MS,
  ) {
    // Nothing allocated until the first sample: a device that is never heard costs almost nothing (100,000 rings
    // of their own empty typed arrays took a second of a commit).
    this.at = NO_TIMES;
    this.watts = NO_WATTS;
  }

  get length(): number {
    return this.size;
  }

  /** Bytes held by the arrays (what the bench reports per device). */
  get bytes(): number {
    return this.at.byteLength + this.watts.byteLength;
  }

  /** Appends a sample (times never go backwards: an older one is stored at the newest time). */
  push(at: number, watts: number): void {
    const last = this.size > 0 ? this.at[this.index(this.size - 1)]! : -Infinity;
    const time = Math.max(at, last);
    this.evictBefore(time - this.retentionMs);
    if (this.size === this.at.length) {
      if (this.at.length < this.capacity) this.grow();
      else this.dropOldest();
    }
    const i = this.index(this.size);
    this.at[i] = time;
    this.watts[i] = watts;
    this.size++;
    const stored = this.watts[i]!;
    if (this.maxCache !== null && stored > this.maxCache) this.maxCache = stored;
  }

  /** The oldest buffered time, or null when empty. */
  oldest(): number | null {
    return this.size > 0 ? this.at[this.head]! : null;
  }

  /** The highest reading buffered, or null when empty. */
  max(): number | null {
    if (this.size === 0) return null;
    if (this.maxCache === null) {
      let m = -Infinity;
      for (let k = 0; k < this.size; k++) m = Math.max(m, this.watts[this.index(k)]!);
      this.maxCache = m;
    }
    return readBack(this.maxCache);
  }

  /** The samples, oldest first (optionally only those after `after`). */
  toArray(after = -Infinity): PowerSample[] {
    const out: PowerSample[] = [];
    for (let k = 0; k < this.size; k++) {
      const i = this.index(k);
      if (this.at[i]! > after) out.push({ at: this.at[i]!, watts: readBack(this.watts[i]!) });
    }
    return out;
  }

  private index(k: number): number {
    return (this.head + k) % this.at.length;
  }

  private evictBefore(limit: number): void {
    while (this.size > 0 && this.at[this.head]! < limit) this.dropOldest();
  }

  private dropOldest(): void {
    if (this.watts[this.head] === this.maxCache) this.maxCache = null;
    this.head = (this.head + 1) % this.at.length;
    this.size--;
  }

  private grow(): void {
    const n = Math.min(this.capacity, Math.max(INITIAL, this.at.length * 2));
    const at = new Float64Array(n);
    const watts = new Float32Array(n);
    for (let k = 0; k < this.size; k++) {
      at[k] = this.at[this.index(k)]!;
      watts[k] = this.watts[this.index(k)]!;
    }
    this.at = at;
    this.watts = watts;
    this.head = 0;
  }
}
