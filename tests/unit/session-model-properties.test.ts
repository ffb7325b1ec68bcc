import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { PowerThresholdConfig } from '../../src-shared/device';
import type { OnlineMark, PowerSample, PowerTrace } from '../../src-shared/live/power-trace';
import {
  advanceClock,
  initialState,
  levelOf,
  type SimulatorState,
  timingOf,
} from '../../src-shared/session-model/session-simulator';
import { feedTrace, resultAt, simulateSessions } from '../../src-shared/session-model/simulate-sessions';

const configArb = fc
  .record({
    standbyThresholdW: fc.integer({ min: 0, max: 200 }),
    span: fc.integer({ min: 1, max: 300 }),
    startDebounceS: fc.integer({ min: 0, max: 30 }),
    stopDebounceS: fc.integer({ min: 0, max: 60 }),
    messageTimeoutS: fc.integer({ min: 1, max: 120 }),
  })
  .map(({ span, ...c }): PowerThresholdConfig => ({ ...c, workingThresholdW: c.standbyThresholdW + span }));

/** Watts that hit the thresholds exactly as often as they miss them. */
const wattsFor = (c: PowerThresholdConfig) =>
  fc.oneof(
    fc.constantFrom(
      c.standbyThresholdW,
      c.workingThresholdW,
      c.standbyThresholdW - 0.01,
      c.workingThresholdW - 0.01,
    ),
    fc.double({ min: -5, max: c.workingThresholdW * 2 + 10, noNaN: true }),
  );

/** Any trace: gaps up to twice the timeout (so silences happen), online marks now and then. */
const traceFor = (c: PowerThresholdConfig) =>
  fc
    .array(
      fc.record({
        gap: fc.integer({ min: 0, max: c.messageTimeoutS * 2000 }),
        watts: wattsFor(c),
        mark: fc.option(fc.boolean(), { freq: 6 }),
      }),
      { maxLength: 120 },
    )
    .map((steps) => {
      const samples: PowerSample[] = [];
      const online: OnlineMark[] = [];
      let at = 1_700_000_000_000;
      for (const step of steps) {
        at += step.gap;
        if (step.mark === null) samples.push({ at, watts: step.watts });
        else online.push({ at, online: step.mark });
      }
      return { samples, online } satisfies PowerTrace;
    });

const scenario = configArb.chain((config) =>
  fc.record({
    config: fc.constant(config),
    trace: traceFor(config),
    after: fc.integer({ min: 0, max: config.messageTimeoutS * 3000 }),
  }),
);

const lastAt = (trace: PowerTrace) =>
  Math.max(trace.samples.at(-1)?.at ?? 0, trace.online.at(-1)?.at ?? 0, 1_700_000_000_000);

describe('session model properties', () => {
  it('a spike shorter than the start debounce never starts a session', () => {
    const arb = configArb
      .filter((c) => c.startDebounceS > 0)
      .chain((config) => {
        const startMs = config.startDebounceS * 1000;
        const block = fc.oneof(
          fc.record({
            kind: fc.constant('idle' as const),
            gap: fc.integer({ min: 1, max: config.messageTimeoutS * 1000 }),
          }),
          fc.record({
            kind: fc.constant('spike' as const),
            // Offsets of the high readings inside the spike, and its length (first high → next idle reading).
            length: fc.integer({ min: 1, max: Math.min(startMs - 1, config.messageTimeoutS * 1000) }),
            extra: fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 5 }),
            watts: fc.array(fc.double({ min: config.standbyThresholdW, max: config.workingThresholdW * 3 }), {
              minLength: 6,
              maxLength: 6,
            }),
          }),
        );
        return fc.record({ config: fc.constant(config), blocks: fc.array(block, { maxLength: 40 }) });
      });
    fc.assert(
      fc.property(arb, ({ config, blocks }) => {
        const samples: PowerSample[] = [{ at: 0, watts: config.standbyThresholdW - 1 }];
        let at = 0;
        for (const b of blocks) {
          if (b.kind === 'idle') {
            at += b.gap;
            samples.push({ at, watts: config.standbyThresholdW - 1 });
            continue;
          }
          // The spike begins just after the last idle reading (never a silence before it).
          const start = at + 1;
          const offsets = [0, ...b.extra.map((x) => Math.floor(x * (b.length - 1)))].sort((x, y) => x - y);
          for (const [i, o] of offsets.entries()) samples.push({ at: start + o, watts: b.watts[i]! });
          at = start + b.length;
          samples.push({ at, watts: config.standbyThresholdW - 1 });
        }
        const result = simulateSessions({ samples, online: [] }, config, at);
        expect(result.sessions).toEqual([]);
        expect(result.segments.every((s) => s.state === 'idle' || s.state === 'no-data')).toBe(true);
      }),
    );
  });

  it('simulating a trace in two halves (state carried as JSON) equals simulating it whole', () => {
    fc.assert(
      fc.property(scenario, fc.nat(), fc.double({ min: 0, max: 1, noNaN: true }), (s, cut, where) => {
        const { config, trace } = s;
        const now = lastAt(trace) + s.after;
        const timing = timingOf(config);
        const whole = simulateSessions(trace, config, now);

        // Split at a time between two events; the first half runs its clock to that time.
        const times = [...trace.samples.map((x) => x.at), ...trace.online.map((x) => x.at)].sort(
          (a, b) => a - b,
        );
        const i = times.length === 0 ? 0 : cut % (times.length + 1);
        const lo = i === 0 ? (times[0] ?? now) - 1000 : times[i - 1]!;
        const hi = i === times.length ? now : times[i]!;
        const split = Math.floor(lo + (hi - lo) * where);
        const firstHalf: PowerTrace = {
          samples: trace.samples.filter(
            (x) => x.at < split || (x.at === split && i > 0 && x.at <= times[i - 1]!),
          ),
          online: trace.online.filter(
            (x) => x.at < split || (x.at === split && i > 0 && x.at <= times[i - 1]!),
          ),
        };
        const secondHalf: PowerTrace = {
          samples: trace.samples.filter((x) => !firstHalf.samples.includes(x)),
          online: trace.online.filter((x) => !firstHalf.online.includes(x)),
        };
        const first = initialState();
        feedTrace(first, firstHalf, timing);
        advanceClock(first, split, timing);
        const carried = JSON.parse(JSON.stringify(first)) as SimulatorState;
        carried.clock = first.clock; // -Infinity does not survive JSON; a finite clock does.
        const closedAfterFirst = structuredClone(first.segments);
        feedTrace(carried, secondHalf, timing);
        const resumed = resultAt(carried, now, timing);
        expect(resumed).toEqual(whole);
        // What the first half closed is final (the last closed one may only grow, when the state after it lasted
        // no time at all and the same state follows).
        const n = closedAfterFirst.length;
        expect(whole.segments.slice(0, Math.max(0, n - 1))).toEqual(closedAfterFirst.slice(0, -1));
        if (n > 0) {
          expect(whole.segments[n - 1]).toMatchObject({
            from: closedAfterFirst[n - 1]!.from,
            state: closedAfterFirst[n - 1]!.state,
          });
          expect(whole.segments[n - 1]!.to).toBeGreaterThanOrEqual(closedAfterFirst[n - 1]!.to);
        }
      }),
    );
  });

  it('segments tile the window without gaps; sessions are ordered, never overlap and add up', () => {
    fc.assert(
      fc.property(scenario, ({ config, trace, after }) => {
        const now = lastAt(trace) + after;
        const { segments, sessions, summary } = simulateSessions(trace, config, now);
        for (const [k, seg] of segments.entries()) {
          expect(seg.to).toBeGreaterThan(seg.from);
          if (k > 0) {
            expect(seg.from).toBe(segments[k - 1]!.to);
            expect(seg.state).not.toBe(segments[k - 1]!.state);
          }
        }
        if (segments.length > 0) {
          expect(segments[0]!.from).toBe(trace.samples[0]!.at);
          expect(segments.at(-1)!.to).toBe(now);
        }
        for (const [k, session] of sessions.entries()) {
          expect(session.end).toBeGreaterThan(session.start);
          expect(session.workingMs + session.standbyMs).toBe(session.durationMs);
          if (k > 0) expect(session.start).toBeGreaterThan(sessions[k - 1]!.end);
          expect(session.ongoing).toBe(
            k === sessions.length - 1 &&
              session.end === now &&
              segments.at(-1)!.state !== 'no-data' &&
              segments.at(-1)!.state !== 'idle',
          );
        }
        expect(summary.sessions).toBe(sessions.length);
        expect(summary.workingMs + summary.standbyMs + summary.idleMs + summary.noDataMs).toBe(
          summary.to - summary.from,
        );
      }),
    );
  });

  it('with no debounce and no silence, the state is the level of the last reading (sample and hold)', () => {
    const arb = configArb
      .chain((c) => fc.record({ config: fc.constant(c), trace: traceFor(c) }))
      .map(({ config, trace }) => ({
        config: { ...config, startDebounceS: 0, stopDebounceS: 0, messageTimeoutS: 1_000_000 },
        trace,
      }));
    fc.assert(
      fc.property(arb, ({ config, trace }) => {
        const samples = trace.samples;
        fc.pre(samples.length > 0);
        const now = samples.at(-1)!.at + 1000;
        const { segments } = simulateSessions({ samples, online: [] }, config, now);
        for (const [k, sample] of samples.entries()) {
          const next = samples[k + 1]?.at ?? now;
          if (next === sample.at) continue;
          const seg = segments.find((x) => x.from <= sample.at && sample.at < x.to);
          expect(seg?.state).toBe(levelOf(sample.watts, timingOf(config)));
        }
      }),
    );
  });

  it('shifting every time shifts the result and changes nothing else', () => {
    fc.assert(
      fc.property(scenario, fc.integer({ min: -1e9, max: 1e9 }), ({ config, trace, after }, shift) => {
        const now = lastAt(trace) + after;
        const moved: PowerTrace = {
          samples: trace.samples.map((x) => ({ ...x, at: x.at + shift })),
          online: trace.online.map((x) => ({ ...x, at: x.at + shift })),
        };
        const a = simulateSessions(trace, config, now);
        const b = simulateSessions(moved, config, now + shift);
        expect(b.segments).toEqual(a.segments.map((x) => ({ ...x, from: x.from + shift, to: x.to + shift })));
        expect(b.sessions).toEqual(
          a.sessions.map((x) => ({ ...x, start: x.start + shift, end: x.end + shift })),
        );
      }),
    );
  });
});

describe('session model edge cases', () => {
  const config: PowerThresholdConfig = {
    standbyThresholdW: 20,
    workingThresholdW: 100,
    startDebounceS: 3,
    stopDebounceS: 15,
    messageTimeoutS: 20,
  };

  it('reports nothing for an empty trace', () => {
    const r = simulateSessions({ samples: [], online: [] }, config, 5000);
    expect(r.segments).toEqual([]);
    expect(r.sessions).toEqual([]);
    expect(r.summary).toMatchObject({ from: 5000, to: 5000, sessions: 0 });
  });

  it('ignores non-finite readings and sorts out-of-order input', () => {
    const samples = [
      { at: 4000, watts: 500 },
      { at: 0, watts: 5 },
      { at: 1000, watts: 500 },
      { at: 2000, watts: Number.NaN },
    ];
    const r = simulateSessions({ samples, online: [] }, config, 4000);
    expect(r.segments).toEqual([
      { from: 0, to: 1000, state: 'idle' },
      { from: 1000, to: 4000, state: 'working' },
    ]);
  });

  it('never runs the clock backwards: a now before the last event reads as the last event', () => {
    const r = simulateSessions({ samples: [{ at: 10_000, watts: 5 }], online: [] }, config, 0);
    expect(r.summary).toMatchObject({ from: 10_000, to: 10_000 });
  });
});
