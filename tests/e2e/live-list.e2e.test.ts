/**
 * The live view in a real browser: the web host connected to an MQTT broker (aedes in this process on
 * 127.0.0.1), fake Shelly meters publishing real payloads, and the device list showing what they said.
 */
import { afterEach, expect, it } from 'vitest';
import { type EmbeddedBroker, startEmbeddedBroker } from '../support/embedded-broker';
import { type FakeShelly, startFakeShelly } from '../support/fake-shelly';
import { describeInChromium, deviceRow } from './e2e-support';
import { textCutProblems } from './fit-checks';

let broker: EmbeddedBroker | undefined;
const meters: FakeShelly[] = [];
afterEach(async () => {
  for (const m of meters.splice(0)) await m.close();
  await broker?.close();
  broker = undefined;
});

describeInChromium('live view in Chromium', (e2e) => {
  it('shows a published reading in Power, and the status-updates-off sentence on its row', async () => {
    broker = await startEmbeddedBroker();
    const { page, app } = e2e;
    const status = page.getByRole('status', { name: 'Broker status' });
    await status.filter({ hasText: 'No broker set' }).waitFor();

    await app.value('settings.update', { brokerUrl: broker.url });
    await status.filter({ hasText: 'Broker connected' }).waitFor();
    await app.value('devices.create', {
      name: 'Laser cutter',
      deviceId: 'laser-01',
      topicPattern: 'shellypmminig3-laser/#',
    });
    await app.value('devices.create', {
      name: 'Pillar drill',
      deviceId: 'drill-01',
      topicPattern: 'shellypmminig3-drill/#',
    });
    await broker.waitForSubscription('shellypmminig3-laser/status/pm1:0');
    await broker.waitForSubscription('shellypmminig3-drill/events/rpc');

    const laser = await startFakeShelly(broker.url, { prefix: 'shellypmminig3-laser' });
    const drill = await startFakeShelly(broker.url, { prefix: 'shellypmminig3-drill', statusUpdates: false });
    meters.push(laser, drill);
    await laser.power(352.4);
    await drill.power(430);

    const laserRow = deviceRow(page, 'Laser cutter');
    await laserRow.getByRole('cell', { name: '352.4 W' }).waitFor();

    const drillRow = deviceRow(page, 'Pillar drill');
    const sentence =
      'The Shelly is online and sends events but no status/pm1:0: the bridge will hear nothing until "Generic status update over MQTT" is switched on in the device\'s MQTT settings.';
    await drillRow.getByText('status off').waitFor();
    await expect(drillRow.getByTitle(sentence).count()).resolves.toBe(1);
    // The row state and its hint wrap inside the narrow Last seen cell instead of ending in an ellipsis.
    for (const width of [1280, 1024, 800]) {
      await page.setViewportSize({ width, height: 600 });
      await expect(textCutProblems(drillRow.locator('td.cell-seen')), `at ${width} px`).resolves.toEqual([]);
    }
    await page.setViewportSize({ width: 1280, height: 800 });
    // What the drill draws is known from its events, though the bridge hears nothing of it.
    await drillRow.getByRole('cell', { name: '430 W' }).waitFor();

    // A new reading reaches the list by itself (coalesced events over the web host's stream).
    await laser.power(1210);
    await laserRow.getByRole('cell', { name: '1210 W' }).waitFor();
    await page.screenshot({ path: 'test-results/live-list.png' });
  });
});
