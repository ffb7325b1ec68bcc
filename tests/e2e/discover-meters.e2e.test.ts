/**
 * Discover meters in a real browser: the web host on an embedded broker (aedes in this process), the demo's
 * simulated meters (scripts/demo/simulated-meters.ts) publishing, Add on one opening the editor pre-filled, and
 * Save pushing it to the bridge stub.
 */
import { afterEach, expect, it } from 'vitest';
import { DEMO_METERS, runDemoMeters } from '../../scripts/demo/simulated-meters';
import { STATUS_UPDATES_OFF_SENTENCE } from '../../src-shared';
import { type EmbeddedBroker, startEmbeddedBroker } from '../support/embedded-broker';
import { describeInChromium, SCREENSHOT_DIR } from './e2e-support';

let broker: EmbeddedBroker | undefined;
let stopMeters: (() => Promise<void>) | undefined;
afterEach(async () => {
  await stopMeters?.();
  stopMeters = undefined;
  await broker?.close();
  broker = undefined;
});

const PREFIXES = [
  'shellypmminig3-laser',
  'shellyplus1pm-cnc',
  'shellypmminig3-printer',
  'shellypmminig3-drill',
  'shellies/shellyplug-s-kettle',
];

describeInChromium('Discover meters in Chromium', (e2e) => {
  it('lists the demo meters, Add opens the editor pre-filled, Save pushes it', async () => {
    broker = await startEmbeddedBroker();
    const { page, app, bridge } = e2e;
    await app.value('settings.update', { brokerUrl: broker.url });
    await app.value('devices.create', DEMO_METERS[0]!.device); // the laser is configured already
    await bridge.waitForRequests(1, { route: 'POST /config', timeoutMs: 20_000 });

    await page.getByRole('button', { name: 'Discover meters', exact: true }).click();
    const panel = page.getByRole('dialog', { name: 'Discover meters' });
    await panel
      .getByRole('status')
      .filter({ hasText: /Listening on mqtt:\/\/127\.0\.0\.1:\d+: \d+ s left/ })
      .waitFor();
    await broker.waitForSubscription('+/+/status/+');
    stopMeters = await runDemoMeters(broker.url);

    for (const prefix of PREFIXES) await panel.getByRole('row', { name: new RegExp(prefix) }).waitFor();
    const laser = panel.getByRole('row', { name: /shellypmminig3-laser/ });
    await laser.getByRole('button', { name: 'Open Laser cutter' }).waitFor();
    const drill = panel.getByRole('row', { name: /shellypmminig3-drill/ });
    await drill.getByText(STATUS_UPDATES_OFF_SENTENCE).waitFor();
    await page.screenshot({ path: `${SCREENSHOT_DIR}/discover-meters.png` });

    const cnc = panel.getByRole('row', { name: /shellyplus1pm-cnc/ });
    await cnc.getByText('switch:0').waitFor();
    await cnc.getByRole('button', { name: /^Add / }).click();
    const editor = page.getByRole('dialog', { name: 'Add device' });
    await expect(editor.getByLabel(/^MQTT topic/).inputValue()).resolves.toBe(
      'shellyplus1pm-cnc/status/switch:0',
    );
    const deviceId = await editor.getByLabel('Device ID').inputValue();
    expect(deviceId).toMatch(/^[a-z0-9][a-z0-9_-]*$/);
    await expect(editor.getByLabel('Name').inputValue()).resolves.not.toBe('');
    await expect(editor.getByLabel('Working threshold (W)').inputValue()).resolves.toBe('100');
    await page.screenshot({ path: `${SCREENSHOT_DIR}/discover-add-editor.png` });
    await editor.getByRole('button', { name: 'Save' }).click();

    // Back in the panel, the meter is now a device; the bridge got it in the next push.
    await cnc.getByRole('button', { name: /^Open / }).waitFor();
    const posts = await bridge.waitForRequests(2, { route: 'POST /config', timeoutMs: 20_000 });
    const pushed = JSON.stringify(posts.at(-1)!.body);
    expect(pushed).toContain('shellyplus1pm-cnc/status/switch:0');
    expect(pushed).toContain(deviceId);

    await page.setViewportSize({ width: 800, height: 600 });
    await page.screenshot({ path: `${SCREENSHOT_DIR}/discover-meters-800.png` });
    await panel.getByRole('button', { name: 'Close' }).click();
    expect(e2e.consoleErrors).toEqual([]);
  });
});
