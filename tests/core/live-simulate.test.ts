/**
 * `live.simulate {id, strategyConfig}` (issue 12 "Done when"): the core runs the shared session simulator over a
 * device's buffered history, fed here by a fake Shelly through a real broker (aedes on 127.0.0.1). The core runs
 * on a manual clock, so each reading lands at a chosen time; only the network is real. Bad input is refused by
 * the contract with the field named, like every call.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createConfSettings } from '../../src-main/core/conf-settings';
import { createWorkshopCore } from '../../src-main/core/create-workshop-core';
import { silentLogger } from '../../src-main/core/ports';
import { type CallInput, type CallName, type PowerThresholdConfig, simulateSessions } from '../../src-shared';
import { callCore } from '../support/api-client';
import { deviceInput } from '../support/core-harness';
import { startEmbeddedBroker } from '../support/embedded-broker';
import { startFakeShelly } from '../support/fake-shelly';
import { ManualClock } from '../support/manual-clock';
import { tempDirs } from '../support/temp-dir';

const dirs = tempDirs('workshop-live-simulate-');
const cleanups: Array<() => unknown> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
  dirs.cleanup();
});

const LASER: PowerThresholdConfig = {
  standbyThresholdW: 20,
  workingThresholdW: 100,
  startDebounceS: 3,
  stopDebounceS: 15,
  messageTimeoutS: 600,
};

async function until(check: () => Promise<boolean>, what: string) {
  for (let i = 0; i < 250; i++) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** A core listening to an embedded broker, one device, and a meter whose readings land at chosen times. */
async function laserWithHistory(readings: Array<{ afterS: number; watts: number }>) {
  const broker = await startEmbeddedBroker();
  cleanups.push(() => broker.close());
  const dataDir = dirs.make();
  const settings = createConfSettings({ cwd: dataDir });
  settings.set({ brokerUrl: broker.url, autoPush: false, bridgeUrl: 'http://127.0.0.1:9' });
  const clock = new ManualClock();
  const core = createWorkshopCore({ dataDir, settings, clock, logger: () => silentLogger });
  cleanups.push(() => core.close({ timeoutMs: 100 }));
  const value = <C extends CallName>(channel: C, input?: CallInput<C>) => callCore(core, channel, input);
  const device = await value(
    'devices.create',
    deviceInput({ name: 'Laser', topicPattern: 'shellypmminig3-laser/#' }),
  );
  await broker.waitForSubscription('shellypmminig3-laser/status/pm1:0');
  const meter = await startFakeShelly(broker.url, { prefix: 'shellypmminig3-laser' });
  cleanups.push(() => meter.close());
  const history = () => value('live.history', { id: device.id });
  for (const [i, reading] of readings.entries()) {
    clock.advance(reading.afterS * 1000);
    await meter.power(reading.watts);
    await until(async () => (await history()).samples.length === i + 1, `reading ${i + 1}`);
  }
  return { core, clock, device, value, history };
}

describe('live.simulate', () => {
  it("simulates the device's buffered history with the given settings, as the shared simulator does", async () => {
    // Standby, a 3-minute cut at 800 W, standby again.
    const t = await laserWithHistory([
      { afterS: 0, watts: 5 },
      { afterS: 60, watts: 800 },
      { afterS: 90, watts: 810 },
      { afterS: 90, watts: 795 },
      { afterS: 60, watts: 5 },
      { afterS: 60, watts: 5 },
    ]);
    t.clock.advance(60_000);
    const history = await t.history();

    const cut = await t.value('live.simulate', { id: t.device.id, strategyConfig: LASER });
    expect(cut).toEqual(simulateSessions(history, LASER, t.clock.now()));
    expect(cut.sessions).toHaveLength(1);
    expect(cut.sessions[0]?.workingMs).toBeGreaterThanOrEqual(180_000);
    expect(cut.summary.to).toBe(t.clock.now());

    // The same history under a working threshold above every reading: no working time at all.
    const high = { ...LASER, standbyThresholdW: 900, workingThresholdW: 1000 };
    const none = await t.value('live.simulate', { id: t.device.id, strategyConfig: high });
    expect(none.sessions).toEqual([]);
    expect(none.summary.workingMs).toBe(0);

    // A message timeout shorter than the meter's silences cuts the same cut into no-data gaps.
    const short = { ...LASER, messageTimeoutS: 20 };
    const gaps = await t.value('live.simulate', { id: t.device.id, strategyConfig: short });
    expect(gaps.summary.noDataMs).toBeGreaterThan(0);
    expect(gaps).toEqual(simulateSessions(history, short, t.clock.now()));
  });

  it('refuses bad settings naming the field and reason, and an unknown device as not found', async () => {
    const t = await laserWithHistory([{ afterS: 0, watts: 5 }]);
    const call = (input: unknown) => t.core.invoke('live.simulate', input);

    const inverted = await call({ id: t.device.id, strategyConfig: { ...LASER, workingThresholdW: 10 } });
    expect(inverted).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(!inverted.ok && inverted.error.fieldErrors).toEqual({
      'strategyConfig.workingThresholdW': 'must be more than the standby threshold (20 W)',
    });

    const { messageTimeoutS: _, ...partial } = LASER;
    const missing = await call({ id: t.device.id, strategyConfig: partial });
    expect(!missing.ok && Object.keys(missing.error.fieldErrors ?? {})).toEqual([
      'strategyConfig.messageTimeoutS',
    ]);

    const huge = await call({ id: t.device.id, strategyConfig: { ...LASER, workingThresholdW: 1.79e308 } });
    expect(!huge.ok && huge.error.fieldErrors?.['strategyConfig.workingThresholdW']).toMatch(
      /at most 100,000/,
    );

    const extra = await call({ id: t.device.id, strategyConfig: LASER, now: 5 });
    expect(extra).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect((await call({ strategyConfig: LASER })).ok).toBe(false);

    const unknown = await call({ id: t.device.id + 100, strategyConfig: LASER });
    expect(unknown).toMatchObject({ ok: false, error: { code: 'not_found' } });
  });
});
