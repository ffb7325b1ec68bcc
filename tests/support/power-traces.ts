/**
 * Realistic power traces for tests, benchmarks and screenshots: a laser cutter's day of jobs (cutting at
 * ~850 W with noise, the tube's standby ~45 W between passes, ~4 W idle), sampled at a fixed rate, seeded.
 */
import type { PowerSample, PowerTrace } from '../../src-shared';

/** A small seeded generator (mulberry32), so every run draws the same trace. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface LaserDayOptions {
  /** First sample (ms since the epoch). */
  start: number;
  /** How many samples, one every `stepMs`. */
  count: number;
  stepMs?: number;
  seed?: number;
}

/**
 * Jobs of 10–40 min every ~45–90 min; within a job, short standby dips (head moves) of a few seconds, and one
 * 20 s pause at standby. Between jobs idle, with the odd 1–2 s spike (the extraction fan starting).
 */
export function laserDay({ start, count, stepMs = 1000, seed = 7 }: LaserDayOptions): PowerTrace {
  const random = seeded(seed);
  const samples: PowerSample[] = new Array(count);
  let phaseLeft = 0;
  let working = false;
  for (let i = 0; i < count; i++) {
    if (phaseLeft <= 0) {
      working = !working;
      phaseLeft = Math.round(((working ? 600 : 2700) + random() * (working ? 1800 : 2700)) * (1000 / stepMs));
    }
    phaseLeft--;
    const r = random();
    let watts: number;
    if (working) watts = r < 0.03 ? 45 + random() * 10 : 820 + random() * 60;
    else watts = r < 0.002 ? 300 + random() * 200 : 3.5 + random();
    samples[i] = { at: start + i * stepMs, watts: Math.round(watts * 10) / 10 };
  }
  return { samples, online: [] };
}
