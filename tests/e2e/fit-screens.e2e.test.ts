/**
 * Issue 11 "Fit every screen" and "Accessible": the web host and the built UI in headless Chromium, with six
 * devices of long names and the bridge down (the longest status the header shows), at 1280×800, 1024×640,
 * 800×600 and a 1280×800 screen at 200 % zoom (640×400 CSS pixels). At each size: no sideways page scroll, the
 * status words and the Push button's label whole, the first row's name and "not on the bridge yet" whole, its
 * Active, Live, Edit and Delete clickable where
 * they show, and the device editor and the Set values dialog without a sideways scrollbar and with their buttons
 * in view. Screenshots of each go to test-results/screens/ and are looked at.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  describeInChromium,
  deviceRow,
  launchChromium,
  SCREENSHOT_DIR,
  syncStatus,
  waitForStatus,
} from './e2e-support';
import {
  contrastRatio,
  cssColours,
  pageScrollsSideways,
  scrollProblems,
  showsKeyboardFocus,
  styleOf,
  textCutProblems,
  unreachableWhy,
} from './fit-checks';

const SCREENS_DIR = join(SCREENSHOT_DIR, 'screens');

const SCREENS = [
  { label: '1280x800', width: 1280, height: 800, scale: 1 },
  { label: '1024x640', width: 1024, height: 640, scale: 1 },
  { label: '800x600', width: 800, height: 600, scale: 1 },
  // A 1280×800 screen at 200 % zoom: half the CSS pixels, each drawn twice as large.
  { label: '640x400@2x', width: 640, height: 400, scale: 2 },
];

const DEVICES = [
  { name: 'Laser Cutter Trotec Speedy 400 (basement workshop)', deviceId: 'laser-trotec-speedy-400' },
  { name: 'CNC Router High-Z S-1000 with spindle cooling', deviceId: 'cnc-router-highz-s1000' },
  { name: 'Prusa MK4 printer farm, shelf 3 left', deviceId: 'prusa-mk4-shelf3-left' },
  { name: 'Band saw', deviceId: 'band-saw' },
  { name: 'Drill press Alzmetall AB 3/SV', deviceId: 'drill-press-alzmetall' },
  { name: 'Table saw SawStop PCS 3 hp (wood shop)', deviceId: 'table-saw-sawstop-pcs' },
];
/** Where the focus ring and the switch sit: the page, the table, its head, a row under the pointer, a selected row. */
const BACKGROUNDS = ['--surface', '--bg', '--table-head', '--row-hover', '--accent-soft'];
/** The first row by name (the default sort). */
const FIRST = 'Band saw';
/** Dialogs opened from the header, the toolbar and the first row; the first button closes each. */
const OTHER_DIALOGS: ReadonlyArray<{
  opener: string | RegExp;
  title: string;
  role?: 'alertdialog';
  file: string;
  buttons: readonly [string, ...(string | RegExp)[]];
}> = [
  { opener: 'Preferences', title: 'Preferences', file: 'preferences', buttons: ['Cancel', 'Save'] },
  { opener: 'Push history', title: 'Push history', file: 'history', buttons: ['Close'] },
  { opener: 'Preview config', title: 'Config preview', file: 'preview', buttons: ['Close'] },
  { opener: 'Import devices', title: 'Import devices', file: 'import', buttons: ['Cancel', /^Import/] },
  { opener: 'Export devices', title: 'Export devices', file: 'export', buttons: ['Cancel', 'Save file'] },
  { opener: /^Discover meters/, title: 'Discover meters', file: 'discover', buttons: ['Close'] },
  { opener: `Live: ${FIRST}`, title: `Live: ${FIRST}`, file: 'live', buttons: ['Close'] },
  {
    opener: `Delete ${FIRST}`,
    title: 'Delete device?',
    role: 'alertdialog',
    file: 'delete',
    buttons: ['Cancel', 'Delete'],
  },
];

describeInChromium('every screen fits (Chromium)', (e2e) => {
  // Classic scrollbars that take room, as on a workshop PC (headless Chromium hides them otherwise).
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchChromium({ scrollbars: true });
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('at 1280×800, 1024×640, 800×600 and 200 % zoom nothing is cut, nothing scrolls sideways, every action is in reach', async () => {
    // No automatic push: every row is "not on the bridge yet", and Push counts six changes.
    await e2e.app.value('settings.update', { autoPush: false });
    for (const d of DEVICES) {
      await e2e.app.value('devices.create', {
        name: d.name,
        deviceId: d.deviceId,
        topicPattern: `shellypmmini-${d.deviceId}/#`,
        notes: `Bought in 2021; ask the wood shop team before changing the thresholds of ${d.name}.`,
      });
    }
    // The bridge down and no automatic retry: the status stays on its longest words while we measure.
    await e2e.bridge.down();
    await e2e.app.call('sync.push');
    mkdirSync(SCREENS_DIR, { recursive: true });

    const problems: string[] = [];
    for (const screen of SCREENS) {
      const context = await browser.newContext({
        viewport: { width: screen.width, height: screen.height },
        deviceScaleFactor: screen.scale,
      });
      try {
        const page = await context.newPage();
        await page.goto(e2e.app.openUrl);
        problems.push(...(await checkScreen(page, screen.label)).map((p) => `${screen.label}: ${p}`));
      } finally {
        await context.close();
      }
    }
    expect(problems).toEqual([]);
  });

  it('the focus ring and the off switch stand out at least 3:1 from every background they sit on', async () => {
    const page = e2e.page;
    await e2e.app.value('devices.create', {
      name: 'Band saw',
      deviceId: 'band-saw',
      topicPattern: 'shellies/saw/#',
      active: false,
    });
    const toggle = deviceRow(page, 'Band saw').getByRole('switch', { name: 'Active: Band saw' });
    await toggle.waitFor();
    const colours = await cssColours(page, ['--focus-ring', '--switch-off', ...BACKGROUNDS]);
    const ring = colours['--focus-ring'];
    const off = colours['--switch-off'];
    expect(ring, '--focus-ring is defined').toBeDefined();
    expect(off, '--switch-off is defined').toBeDefined();
    // What is painted: the off switch's track, and the ring around it under keyboard focus.
    expect(await styleOf(toggle, 'backgroundColor')).toBe(off);
    // A key press first, so the focus that follows counts as keyboard focus (:focus-visible).
    await page.getByRole('searchbox', { name: 'Search devices' }).focus();
    await page.keyboard.press('Tab');
    await toggle.focus();
    expect(await showsKeyboardFocus(toggle)).toBe(true);
    expect(await styleOf(toggle, 'boxShadow')).toContain(ring!);
    for (const background of BACKGROUNDS) {
      const colour = colours[background];
      expect(colour, `${background} is defined`).toBeDefined();
      expect(contrastRatio(ring!, colour!), `focus ring on ${background}`).toBeGreaterThanOrEqual(3);
      expect(contrastRatio(off!, colour!), `off switch on ${background}`).toBeGreaterThanOrEqual(3);
    }
  });
});

/** Every check at one size; returns the problems found, and leaves screenshots of the list and both dialogs. */
async function checkScreen(page: Page, label: string): Promise<string[]> {
  const problems: string[] = [];
  const status = syncStatus(page);
  await waitForStatus(page, /Bridge unreachable — /);
  const row = deviceRow(page, DEVICES.find((d) => d.name === FIRST)!.name);
  await row.waitFor();
  // The first data row is the first device by name.
  const firstName = await page.locator('tbody tr:not(.spacer) td.cell-name').first().textContent();
  if (!firstName?.includes(FIRST)) problems.push(`the first row is ${firstName}, not ${FIRST}`);
  await page.screenshot({ path: join(SCREENS_DIR, `main-${label}.png`) });

  const sideways = await pageScrollsSideways(page);
  if (sideways) problems.push(sideways);
  problems.push(...(await textCutProblems(status)).map((p) => `status: ${p}`));
  // By its class: its label says what waits ("Push config to bridge", or how many changes).
  const push = page.locator('header button.push-button');
  problems.push(...(await textCutProblems(push)).map((p) => `Push button: ${p}`));
  for (const control of [
    row.getByRole('switch', { name: `Active: ${FIRST}` }),
    row.getByRole('button', { name: `Live: ${FIRST}` }),
    row.getByRole('button', { name: `Edit ${FIRST}` }),
    row.getByRole('button', { name: `Delete ${FIRST}` }),
  ]) {
    const why = await unreachableWhy(control);
    if (why) problems.push(why);
  }
  problems.push(...(await scrollProblems(page.locator('.device-list'), 'sideways')).map((p) => `list: ${p}`));
  problems.push(...(await textCutProblems(row.locator('td.cell-name'))).map((p) => `first row: ${p}`));

  // The device editor: no sideways scrollbar, Save and Cancel in view and clickable.
  await row.getByRole('button', { name: `Edit ${FIRST}` }).click();
  const editor = page.getByRole('dialog', { name: `Edit ${FIRST}` });
  await editor.waitFor();
  await page.screenshot({ path: join(SCREENS_DIR, `editor-${label}.png`) });
  problems.push(...(await dialogProblems(page, editor, ['Cancel', 'Save'])).map((p) => `editor: ${p}`));
  if (label === '1280x800' || label === '1024x640') {
    // A wide screen shows the whole editor at once, Notes included, without scrolling inside it.
    const notes = editor.getByLabel('Notes', { exact: true });
    const why = await unreachableWhy(notes);
    if (why) problems.push(`editor: ${why}`);
    problems.push(...(await scrollProblems(editor, 'up and down')).map((p) => `editor: ${p}`));
  }
  await editor.getByRole('button', { name: 'Cancel' }).click();
  await editor.waitFor({ state: 'hidden' });

  // The header's and the toolbar's dialogs: the same checks, closed with their own button.
  for (const d of OTHER_DIALOGS) {
    await page.getByRole('button', { name: d.opener, exact: true }).click();
    const dialog = page.getByRole(d.role ?? 'dialog', { name: d.title });
    await dialog.waitFor();
    await page.screenshot({ path: join(SCREENS_DIR, `${d.file}-${label}.png`) });
    problems.push(...(await dialogProblems(page, dialog, d.buttons)).map((p) => `${d.title}: ${p}`));
    await dialog.getByRole('button', { name: d.buttons[0], exact: true }).click();
    await dialog.waitFor({ state: 'hidden' });
  }

  // Set values for all shown devices.
  await page.getByRole('checkbox', { name: 'Select all shown' }).check();
  await page.getByRole('button', { name: 'Set values…' }).click();
  const bulk = page.getByRole('dialog', { name: /^Set values for/ });
  await bulk.waitFor();
  await page.screenshot({ path: join(SCREENS_DIR, `set-values-${label}.png`) });
  problems.push(
    ...(await dialogProblems(page, bulk, ['Cancel', 'Set values'])).map((p) => `Set values: ${p}`),
  );
  await bulk.getByRole('button', { name: 'Cancel' }).click();
  await bulk.waitFor({ state: 'hidden' });
  return problems;
}

async function dialogProblems(
  page: Page,
  dialog: ReturnType<Page['getByRole']>,
  buttons: readonly (string | RegExp)[],
): Promise<string[]> {
  const problems: string[] = [];
  const sideways = await pageScrollsSideways(page);
  if (sideways) problems.push(sideways);
  problems.push(...(await scrollProblems(dialog, 'sideways')));
  problems.push(...(await textCutProblems(dialog, 'sideways')));
  for (const name of buttons) {
    const why = await unreachableWhy(dialog.getByRole('button', { name, exact: true }));
    if (why) problems.push(why);
  }
  return problems;
}
