/**
 * Issue 9 §5 where the status is shown: the web host restarted on a preferences.json nobody can read (and without
 * --bridge-url) pushes nothing, the header says why and names the URL the last push went to, and one click on
 * "Use <that URL>" confirms it and sends the waiting config there. Headless Chromium, the built UI, the stub.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import type { BridgeConfig } from '../../src-shared';
import { startWebHost } from '../support/web-host-process';
import { addDevice, describeInChromium, E2E_TIMINGS, SCREENSHOT_DIR, waitForStatus } from './e2e-support';

describeInChromium('pushes held after unreadable preferences (Chromium)', (e2e) => {
  it('holds, says why with the last URL, and pushes there after one click on Use', async () => {
    await addDevice(e2e.page, { name: 'Laser cutter', deviceId: 'laser-01', topic: 'shellies/laser/#' });
    await waitForStatus(e2e.page, 'In sync');
    expect(await e2e.app.stop()).toBe(0);
    writeFileSync(
      join(e2e.app.dataDir, 'preferences.json'),
      '{"bridgeUrl": "http://our-bridge:8080", "autoP',
    );

    // Started again without --bridge-url: nothing tells it where the bridge is.
    const app = await startWebHost({ entry: 'npm-run-web', dataDir: e2e.app.dataDir, timings: E2E_TIMINGS });
    try {
      const page = await e2e.context.newPage();
      await page.goto(app.openUrl);
      const text = await waitForStatus(
        page,
        'Preferences were unreadable — confirm the bridge URL before pushing',
      );
      expect(text).toContain(`The last push went to ${e2e.bridge.url}`);
      await page.getByRole('button', { name: 'Add device' }).waitFor();
      await addDevice(page, { name: 'CNC router', deviceId: 'cnc-01', topic: 'shellies/cnc/#' });
      await waitForStatus(page, 'Preferences were unreadable');
      expect(e2e.bridge.requestsTo('POST /config')).toHaveLength(1);
      await page.screenshot({ path: `${SCREENSHOT_DIR}/held-pushes.png` });

      await page.getByRole('button', { name: `Use ${e2e.bridge.url}` }).click();
      await waitForStatus(page, 'In sync');
      expect(e2e.bridge.requestsTo('POST /config')).toHaveLength(2);
      const devices = (e2e.bridge.lastAccepted as BridgeConfig).devices.map((d) => d.device_id);
      expect(devices.sort()).toEqual(['cnc-01', 'laser-01']);
    } finally {
      expect(await app.stop()).toBe(0);
    }
  });
});
