/**
 * Issue 11 "Daily use", in headless Chromium against the web host and the bridge stub: two pages editing one
 * device, Escape after a click on the backdrop, a sticky toast beside a dialog's buttons, and the Push button with
 * its "not on the bridge yet" marks.
 */
import type { Locator, Page } from 'playwright-core';
import { expect, it } from 'vitest';
import type { BridgeConfig, Device } from '../../src-shared';
import { fastApi422 } from '../support/bridge-stub';
import { addDevice, describeInChromium, deviceRow, SCREENSHOT_DIR, waitForStatus } from './e2e-support';

const LASER = {
  name: 'Laser cutter',
  deviceId: 'laser-01',
  topicPattern: 'shellies/laser/#',
  strategyConfig: { standbyThresholdW: 20, workingThresholdW: 150 },
  notes: 'bed 600 × 400',
};

const pushButton = (page: Page) => page.getByRole('button', { name: /^Push (config|\d+ changes?)$/ });

async function openEditor(page: Page, name: string): Promise<Locator> {
  await deviceRow(page, name)
    .getByRole('button', { name: `Edit ${name}` })
    .click();
  const dialog = page.getByRole('dialog', { name: `Edit ${name}` });
  await dialog.waitFor();
  return dialog;
}

describeInChromium('daily use (Chromium)', (e2e) => {
  /** Laser stored, and a second page on the same web host; both show the device. */
  async function twoPages(): Promise<{ a: Page; b: Page; laser: Device }> {
    const laser = await e2e.app.value('devices.create', LASER);
    const b = await e2e.context.newPage();
    await b.goto(e2e.app.openUrl);
    await deviceRow(e2e.page, LASER.name).waitFor();
    await deviceRow(b, LASER.name).waitFor();
    return { a: e2e.page, b, laser };
  }

  /** Page B saves working 200 while page A's editor is open on the version with 150. */
  async function theirSave(b: Page, fields: Record<string, string>) {
    const editor = await openEditor(b, LASER.name);
    for (const [label, value] of Object.entries(fields)) await editor.getByLabel(label).fill(value);
    await editor.getByRole('button', { name: 'Save' }).click();
    await editor.waitFor({ state: 'hidden' });
  }

  const stored = async (id: number) => e2e.app.value('devices.get', { id });

  it('two pages: a notes-only save after another page changed the threshold asks; "Use mine" keeps both', async () => {
    const { a, b, laser } = await twoPages();
    const editor = await openEditor(a, LASER.name);
    await theirSave(b, { 'Working threshold (W)': '200' });

    await editor.getByLabel('Notes').fill('lens cleaned');
    await editor.getByRole('button', { name: 'Save' }).click();
    const panel = editor.getByRole('alert').filter({ hasText: 'Saved elsewhere while you edited' });
    await panel.waitFor();
    expect(await panel.textContent()).toContain('Working threshold was changed to 200 W while you edited');
    // Nothing was saved yet: their threshold and the old notes are stored.
    expect((await stored(laser.id)).strategyConfig.workingThresholdW).toBe(200);
    expect((await stored(laser.id)).notes).toBe(LASER.notes);

    await panel.getByRole('button', { name: 'Use mine' }).click();
    await editor.waitFor({ state: 'hidden' });
    const after = await stored(laser.id);
    expect(after.strategyConfig.workingThresholdW).toBe(200);
    expect(after.notes).toBe('lens cleaned');
    expect(e2e.consoleErrors).toEqual([]);
  });

  it('two pages: "Keep theirs" drops my change and shows their values; nothing of mine is stored', async () => {
    const { a, b, laser } = await twoPages();
    const editor = await openEditor(a, LASER.name);
    await theirSave(b, { 'Working threshold (W)': '200' });

    await editor.getByLabel('Notes').fill('lens cleaned');
    await editor.getByRole('button', { name: 'Save' }).click();
    await editor.getByRole('button', { name: 'Keep theirs' }).click();
    expect(await editor.getByLabel('Working threshold (W)').inputValue()).toBe('200');
    expect(await editor.getByLabel('Notes').inputValue()).toBe(LASER.notes);
    // Their version is now the form's start: closing asks nothing.
    await editor.getByRole('button', { name: 'Cancel' }).click();
    await editor.waitFor({ state: 'hidden' });
    const after = await stored(laser.id);
    expect(after.strategyConfig.workingThresholdW).toBe(200);
    expect(after.notes).toBe(LASER.notes);
  });

  it('two pages: both changed the threshold → choose per field and save merged', async () => {
    const { a, b, laser } = await twoPages();
    const editor = await openEditor(a, LASER.name);
    await theirSave(b, { 'Working threshold (W)': '200', 'Standby threshold (W)': '30' });

    await editor.getByLabel('Working threshold (W)').fill('180');
    await editor.getByLabel('Notes').fill('new tube');
    await editor.getByRole('button', { name: 'Save' }).click();
    const choice = editor.getByRole('radiogroup', { name: 'Working threshold (W)' });
    await choice.waitFor();
    await choice.getByRole('radio', { name: 'Mine: 180 W' }).check();
    await editor.getByRole('button', { name: 'Save merged' }).click();
    await editor.waitFor({ state: 'hidden' });
    const after = await stored(laser.id);
    // Mine where I chose mine, theirs where only they changed, mine where only I changed.
    expect(after.strategyConfig).toMatchObject({ workingThresholdW: 180, standbyThresholdW: 30 });
    expect(after.notes).toBe('new tube');
  });

  it('Escape still works after a click on the dimmed backdrop, and typed changes are asked about first', async () => {
    const page = e2e.page;
    await page.getByRole('button', { name: 'Add device' }).click();
    const editor = page.getByRole('dialog', { name: 'Add device' });
    await editor.getByLabel('Name', { exact: true }).fill('Band saw');
    // A click on the dimmed page beside the dialog box: asks, does not throw the name away.
    await page.mouse.click(8, 790);
    const ask = page.getByRole('alertdialog', { name: 'Discard your changes?' });
    await ask.waitFor();
    await page.keyboard.press('Escape');
    await ask.waitFor({ state: 'hidden' });
    expect(await editor.getByLabel('Name', { exact: true }).inputValue()).toBe('Band saw');

    // Focus stayed in the dialog: Escape asks again without a Tab first.
    await page.mouse.click(8, 790);
    await ask.waitFor();
    await page.getByRole('button', { name: 'Keep editing' }).click();
    await page.keyboard.press('Escape');
    await ask.waitFor();
    await ask.getByRole('button', { name: 'Discard changes' }).click();
    await editor.waitFor({ state: 'hidden' });
    expect(await e2e.app.value('devices.list', null)).toEqual([]);
  });

  it('a sticky error toast never covers a dialog’s Save and Cancel at 1280×800', async () => {
    const page = e2e.page;
    e2e.bridge.setDefault(
      fastApi422({ loc: ['body', 'devices', 0, 'mqtt_topic'], msg: 'topic not allowed' }),
    );
    await addDevice(page, { name: LASER.name, deviceId: LASER.deviceId, topic: LASER.topicPattern });
    const toast = page.getByRole('alert').filter({ hasText: 'Rejected by bridge' });
    await toast.waitFor();

    for (const open of [
      () => openEditor(page, LASER.name),
      async () => {
        await page.getByRole('button', { name: 'Add device' }).click();
        return page.getByRole('dialog', { name: 'Add device' });
      },
    ]) {
      const dialog = await open();
      expect(await toast.isVisible()).toBe(true);
      for (const name of ['Save', 'Cancel']) {
        const button = dialog.getByRole('button', { name, exact: true });
        const box = (await button.boundingBox())!;
        const hit = await button.evaluate(
          (el, p) => {
            // The page's own document (this file is typed for Node, without the DOM library).
            const doc = (
              globalThis as unknown as { document: { elementFromPoint(x: number, y: number): unknown } }
            ).document;
            const top = doc.elementFromPoint(p.x, p.y);
            return (
              top !== null &&
              (top === el || (el as unknown as { contains(n: unknown): boolean }).contains(top))
            );
          },
          { x: box.x + box.width / 2, y: box.y + box.height / 2 },
        );
        expect(hit, `${name} is under something at its centre`).toBe(true);
      }
      await page.screenshot({ path: `${SCREENSHOT_DIR}/daily-use-toast-and-dialog.png` });
      // A real click lands: Cancel closes the untouched dialog.
      await dialog.getByRole('button', { name: 'Cancel', exact: true }).click();
      await dialog.waitFor({ state: 'hidden' });
    }
  });

  it('Push says how many changes wait and rows say "not on the bridge yet"; a push clears both', async () => {
    const page = e2e.page;
    await e2e.app.value('settings.update', { autoPush: false });
    await addDevice(page, { name: LASER.name, deviceId: LASER.deviceId, topic: LASER.topicPattern });
    // Nothing acknowledged yet: the first push sends the config.
    await pushButton(page)
      .filter({ hasText: /^Push config$/ })
      .waitFor();
    await deviceRow(page, LASER.name).getByText('not on the bridge yet').waitFor();
    await pushButton(page).click();
    await waitForStatus(page, 'In sync');
    await pushButton(page)
      .filter({ hasText: /^Push config$/ })
      .waitFor();
    await page.getByText('not on the bridge yet').waitFor({ state: 'detached' });
    expect(await pushButton(page).getAttribute('class')).not.toContain('button-primary');

    const editor = await openEditor(page, LASER.name);
    await editor.getByLabel('Working threshold (W)').fill('180');
    await editor.getByRole('button', { name: 'Save' }).click();
    await editor.waitFor({ state: 'hidden' });
    await pushButton(page).filter({ hasText: 'Push 1 change' }).waitFor();
    const mark = deviceRow(page, LASER.name).getByText('not on the bridge yet');
    expect(await mark.getAttribute('title')).toBe(
      'Not on the bridge yet: the bridge still runs the values it had before this edit',
    );
    await addDevice(page, { name: 'CNC router', deviceId: 'cnc-01', topic: 'shop/cnc/power' });
    await pushButton(page).filter({ hasText: 'Push 2 changes' }).waitFor();
    await deviceRow(page, 'CNC router').getByText('not on the bridge yet').waitFor();
    expect(await pushButton(page).getAttribute('class')).toContain('button-primary');
    await page.screenshot({ path: `${SCREENSHOT_DIR}/daily-use-unpushed.png` });

    const posts = e2e.bridge.requestsTo('POST /config').length;
    await pushButton(page).click();
    await waitForStatus(page, 'In sync');
    await pushButton(page)
      .filter({ hasText: /^Push config$/ })
      .waitFor();
    await page.getByText('not on the bridge yet').first().waitFor({ state: 'detached' });
    expect(e2e.bridge.requestsTo('POST /config')).toHaveLength(posts + 1);

    // Switched off: still a row, marked; deleted: no row left, counted by the button alone.
    await page.getByRole('switch', { name: `Active: ${LASER.name}` }).click();
    await pushButton(page).filter({ hasText: 'Push 1 change' }).waitFor();
    expect(await deviceRow(page, LASER.name).getByText('not on the bridge yet').getAttribute('title')).toBe(
      'Not on the bridge yet: switched off here, the bridge still watches it',
    );
    await page.getByRole('button', { name: 'Delete CNC router' }).click();
    await page
      .getByRole('alertdialog', { name: 'Delete device?' })
      .getByRole('button', { name: 'Delete' })
      .click();
    await deviceRow(page, 'CNC router').waitFor({ state: 'detached' });
    await pushButton(page).filter({ hasText: 'Push 2 changes' }).waitFor();
    await pushButton(page).click();
    await waitForStatus(page, 'In sync');
    await pushButton(page)
      .filter({ hasText: /^Push config$/ })
      .waitFor();
    await page.getByText('not on the bridge yet').first().waitFor({ state: 'detached' });
    expect((e2e.bridge.lastAccepted as BridgeConfig).devices).toEqual([]);
  });
});
