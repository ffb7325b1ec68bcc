import { describe, expect, it } from 'vitest';
import { RING_CAPACITY, SampleRing } from '../../src-main/core/live/sample-ring';

describe('sample ring', () => {
  it('keeps samples oldest first and reads watts back as sent', () => {
    const ring = new SampleRing();
    ring.push(1000, 352.4);
    ring.push(2000, 0.1);
    expect(ring.toArray()).toEqual([
      { at: 1000, watts: 352.4 },
      { at: 2000, watts: 0.1 },
    ]);
    expect(ring.toArray(1000)).toEqual([{ at: 2000, watts: 0.1 }]);
  });

  it('drops what is older than the retention, and the oldest past the capacity', () => {
    const ring = new SampleRing(4, 10_000);
    for (let i = 0; i < 6; i++) ring.push(i * 1000, i);
    expect(ring.toArray().map((s) => s.watts)).toEqual([2, 3, 4, 5]);
    ring.push(20_000, 9);
    expect(ring.toArray()).toEqual([{ at: 20_000, watts: 9 }]);
  });

  it('tracks the highest reading through evictions', () => {
    const ring = new SampleRing(3, 1e9);
    ring.push(1, 50);
    ring.push(2, 10);
    ring.push(3, 20);
    expect(ring.max()).toBe(50);
    ring.push(4, 5);
    expect(ring.max()).toBe(20);
  });

  it('grows only as samples come, and is bounded: 12 h at one message a second fits', () => {
    const ring = new SampleRing();
    expect(ring.bytes).toBe(0);
    ring.push(0, 1);
    expect(ring.bytes).toBe(256 * 12);
    for (let s = 1; s < 12 * 3600; s++) ring.push(s * 1000, s % 700);
    expect(ring.length).toBe(12 * 3600);
    expect(ring.oldest()).toBe(0);
    for (let s = 12 * 3600; s < 24 * 3600; s++) ring.push(s * 1000, 1);
    expect(ring.length).toBeLessThanOrEqual(RING_CAPACITY);
    expect(ring.bytes).toBe(RING_CAPACITY * 12);
  });
});
