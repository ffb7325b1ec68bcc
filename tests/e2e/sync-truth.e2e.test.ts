/**
 * Issue 9 §1–2 and issue 11 "Say what is true, once", where the status is shown: the web host and the built UI in
 * headless Chromium against the bridge stub behaving like a FastAPI bridge that keeps its config in memory.
 */
import { expect, it } from 'vitest';
import type { BridgeConfig } from '../../src-shared';
import { fastApi422 } from '../support/bridge-stub';
import { startWebHost } from '../support/web-host-process';
import { addDevice, describeInChromium, E2E_TIMINGS, syncStatus, waitForStatus } from './e2e-support';

const laser = { name: 'Laser cutter', deviceId: 'laser-01', topic: 'shellies/laser/#' };

describeInChromium('the status tells the truth (Chromium)', (e2e) => {
  it('a bridge restarted empty gets the config again without a click', async () => {
    // A host of its own whose look at the bridge comes every 300 ms instead of every 60 s (test-only timings).
    e2e.bridge.serveConfig('fastapi');
    const timings = { ...E2E_TIMINGS, sync: { ...E2E_TIMINGS.sync, driftCheckMs: 300 } };
    // One host per data dir: the fixture's steps aside first.
    expect(await e2e.app.stop()).toBe(0);
    const app = await startWebHost({
      entry: 'npm-run-web',
      dataDir: e2e.app.dataDir,
      bridgeUrl: e2e.bridge.url,
      timings,
    });
    try {
      const page = await e2e.context.newPage();
      await page.goto(app.openUrl);
      await addDevice(page, laser);
      await waitForStatus(page, 'In sync');
      const hash = (e2e.bridge.lastAccepted as BridgeConfig).config_hash;
      // The bridge has answered GET /config with that hash since.
      const seen = e2e.bridge.requestsTo('GET /config').length;
      await e2e.bridge.waitForRequests(seen + 2, { route: 'GET /config' });
      const posts = e2e.bridge.requestsTo('POST /config').length;

      await e2e.bridge.restart();
      expect(e2e.bridge.lastAccepted).toBeNull();
      await e2e.bridge.waitForRequests(posts + 1, { route: 'POST /config', timeoutMs: 10_000 });
      await waitForStatus(page, 'In sync');
      expect((e2e.bridge.lastAccepted as BridgeConfig).config_hash).toBe(hash);
      expect((e2e.bridge.lastAccepted as BridgeConfig).devices.map((d) => d.device_id)).toEqual(['laser-01']);
    } finally {
      expect(await app.stop()).toBe(0);
    }
  });

  it('a 422 after In sync → Rejected by bridge with its words; a push that succeeds closes the toast', async () => {
    await addDevice(e2e.page, laser);
    await waitForStatus(e2e.page, 'In sync');
    e2e.bridge.script(fastApi422({ loc: ['body', 'devices', 0, 'mqtt_topic'], msg: 'topic not allowed' }));
    await e2e.page.getByRole('button', { name: /^Push (config|\d+ changes?)$/ }).click();
    const text = await waitForStatus(e2e.page, 'Rejected by bridge');
    expect(text).toContain('body.devices.0.mqtt_topic: topic not allowed');
    const alert = e2e.page.getByRole('alert');
    await alert.filter({ hasText: 'Rejected by bridge' }).waitFor();

    await e2e.page.getByRole('button', { name: /^Push (config|\d+ changes?)$/ }).click();
    await waitForStatus(e2e.page, 'In sync');
    await alert.filter({ hasText: 'Rejected by bridge' }).waitFor({ state: 'detached' });
  });

  it('while the bridge is down the status keeps the failure and what is tried, never Pushing…', async () => {
    await addDevice(e2e.page, laser);
    await waitForStatus(e2e.page, 'In sync');
    await e2e.bridge.down();
    // An edit while the bridge is down: pending, pushed, failing, retried in the background.
    await addDevice(e2e.page, { name: 'CNC router', deviceId: 'cnc-01', topic: 'shellies/cnc/#' });
    await waitForStatus(e2e.page, /Bridge unreachable — /);
    // Several background rounds (300 ms, 600 ms …) pass: every look at the badge names the failure.
    const seen = new Set<string>();
    for (let i = 0; i < 20; i++) {
      seen.add((await syncStatus(e2e.page).textContent()) ?? '');
      await e2e.page.waitForTimeout(100);
    }
    expect([...seen].every((t) => t.startsWith('Bridge unreachable — '))).toBe(true);
    expect([...seen].some((t) => /next try in \d+ s|trying again|retry \d of \d/.test(t))).toBe(true);
    await e2e.bridge.up();
    await waitForStatus(e2e.page, 'In sync');
  });
});
