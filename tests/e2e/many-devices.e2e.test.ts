/**
 * Many devices at once, end to end (issue 6): import a CSV (the Odoo mqtt.device export) through the file input,
 * export CSV through the browser's download, bulk edit with checkboxes and shift-click, and the push history's
 * Details. The real web host on a temp data dir, the real bridge stub, headless Chromium; one of each per test.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import Papa from 'papaparse';
import type { Locator } from 'playwright-core';
import { expect, it } from 'vitest';
import { CSV_HEADER } from '../../src-main/core/device-csv';
import type { BridgeConfig } from '../../src-shared';
import { api, describeInChromium, deviceRow, REPO_ROOT, SCREENSHOT_DIR, waitForStatus } from './e2e-support';

const ODOO_CSV = resolve(REPO_ROOT, 'tests/support/fixtures/odoo-mqtt-device.csv');

/** Five machines in the app's own CSV columns; the table sorts them by name in this order. */
const WORKSHOP_CSV = [
  'name,deviceId,topicPattern,parserType',
  'Band saw,band-saw,shellies/bandsaw/#,shelly_pm',
  'CNC router,cnc-01,shellies/cnc/#,shelly_pm',
  'Drill press,drill-01,shellies/drill/#,shelly_pm',
  'Laser cutter,laser-01,shellies/laser/#,shelly_pm',
  'Prusa MK4 #1,prusa-01,shellies/prusa-1/#,shelly_pm',
].join('\n');

describeInChromium(
  'many devices end to end in Chromium',
  (e2e) => {
    const syncStatusNow = () => e2e.app.value('sync.status');

    /**
     * Runs a change and waits for the push it causes: the POST arrives, the header shows In sync at its revision,
     * and main has nothing pending. Returns every POST since the change (the caller asserts there is one).
     */
    async function pushCausedBy(change: () => Promise<void>): Promise<BridgeConfig[]> {
      const before = await syncStatusNow();
      e2e.bridge.clearRequests();
      await change();
      const [first] = await e2e.bridge.waitForRequests(1, { route: 'POST /config', timeoutMs: 20_000 });
      const revision = (first!.body as BridgeConfig).revision;
      expect(revision).toBe(before.desiredRevision + 1);
      await waitForStatus(e2e.page, `In sync (revision ${revision})`);
      const after = await syncStatusNow();
      expect(after.state).toBe('in_sync');
      expect(after.acknowledgedRevision).toBe(after.desiredRevision);
      return e2e.bridge.requestsTo('POST /config').map((r) => r.body as BridgeConfig);
    }

    /** Seeds devices through the host's import call (not the UI) and waits until they are pushed and shown. */
    async function seed(csv: string, names: string[]): Promise<void> {
      await pushCausedBy(async () => {
        await api(e2e.app, 'devices.import', { content: csv, format: 'csv', mode: 'merge', dryRun: false });
      });
      for (const name of names) await deviceRow(e2e.page, name).waitFor();
      e2e.bridge.clearRequests();
    }

    /** The import preview's counts as `{ Created: 4, … }`. */
    async function importCounts(dialog: Locator): Promise<Record<string, number>> {
      const list = dialog.getByLabel('Import counts');
      await list.waitFor();
      const terms = await list.getByRole('term').allTextContents();
      const values = await list.getByRole('definition').allTextContents();
      return Object.fromEntries(terms.map((t, i) => [t, Number(values[i]?.replaceAll(',', ''))]));
    }

    async function openImport(): Promise<Locator> {
      await e2e.page.getByRole('button', { name: 'Import devices', exact: true }).click();
      const dialog = e2e.page.getByRole('dialog', { name: 'Import devices' });
      await dialog.waitFor();
      return dialog;
    }

    const screenshot = async (file: string) => {
      mkdirSync(SCREENSHOT_DIR, { recursive: true });
      await e2e.page.screenshot({ path: join(SCREENSHOT_DIR, file), fullPage: true });
    };

    it('import an Odoo CSV: preview counts → Import 4 devices → one POST with the active ones; a bad row blocks the import', async () => {
      const dialog = await openImport();
      await dialog.getByLabel('File', { exact: true }).setInputFiles(ODOO_CSV);

      // The dry run: what would happen, before anything is written.
      expect(await importCounts(dialog)).toEqual({
        Created: 4,
        Updated: 0,
        Unchanged: 0,
        Deleted: 0,
        Refused: 0,
      });
      const preview = dialog.getByRole('table', { name: 'Import preview' });
      const previewRows = preview.getByRole('row');
      expect(await previewRows.count()).toBe(5); // header + 4
      await dialog.getByText('Preview of a CSV file, adding new and updating existing devices').waitFor();
      for (const id of ['laser-01', 'cnc-router', 'prusa-mk4-2', 'band-saw']) {
        const row = previewRows.filter({ hasText: id });
        expect(await row.count(), id).toBe(1);
        expect(await row.getByRole('cell').nth(3).textContent()).toBe('Create');
      }
      expect(await e2e.app.value('devices.list')).toEqual([]);
      expect(e2e.bridge.requestsTo('POST /config')).toHaveLength(0);
      await screenshot('many-devices-import-preview.png');

      const posts = await pushCausedBy(async () => {
        await dialog.getByRole('button', { name: 'Import 4 devices', exact: true }).click();
        await dialog.waitFor({ state: 'hidden' });
      });
      for (const name of ['Laser Cutter', 'CNC Router, big', 'Prusa MK4 #2', 'Band saw'])
        await deviceRow(e2e.page, name).waitFor();
      await e2e.page.getByText('4 devices', { exact: true }).waitFor();

      // One push for the whole import, with the three active devices and their bridge topics.
      expect(posts).toHaveLength(1);
      const sent = [...posts[0]!.devices].sort((a, b) => a.device_id.localeCompare(b.device_id));
      expect(sent.map((d) => [d.device_id, d.name, d.mqtt_topic, d.parser_type])).toEqual([
        ['band-saw', 'Band saw', 'shellypmminig3-bandsaw/status/pm1:0', 'shelly_pm'],
        ['cnc-router', 'CNC Router, big', 'shop/cnc/power', 'generic'],
        ['laser-01', 'Laser Cutter', 'shellypmminig3-laser/status/pm1:0', 'shelly_pm'],
      ]);
      // strategy_config from the JSON cell; an empty cell takes the defaults.
      expect(sent[2]!.session_config.working_threshold_w).toBe(250);
      expect(sent[2]!.session_config.standby_threshold_w).toBe(10);
      expect(sent[1]!.session_config.working_threshold_w).toBe(400);
      expect(sent[0]!.session_config.working_threshold_w).toBe(100);
      const stored = await e2e.app.value('devices.list');
      expect(stored.find((d) => d.deviceId === 'prusa-mk4-2')?.active).toBe(false);

      // A file with one bad row: the preview names the line and the field, and nothing can be imported.
      const revisionBefore = (await syncStatusNow()).desiredRevision;
      e2e.bridge.clearRequests();
      const badCsv = join(e2e.app.dataDir, 'with-bad-row.csv');
      writeFileSync(
        badCsv,
        [
          'name,device_id,topic_pattern,parser_type,active',
          'Laser Cutter,laser-01,shellypmminig3-laser/#,shelly_pm,True',
          'Drill press,drill-01,shellies/drill/#,shelly_pm,True',
          'Mystery box,Bad ID!,shellies/mystery/#,shelly_pm,True',
        ].join('\n'),
      );
      const again = await openImport();
      await again.getByLabel('File', { exact: true }).setInputFiles(badCsv);
      expect(await importCounts(again)).toEqual({
        Created: 1,
        Updated: 0,
        Unchanged: 1,
        Deleted: 0,
        Refused: 1,
      });
      // Refused rows come first, with their CSV line (the header is line 1) and what is wrong with which field.
      const firstRow = again.getByRole('table', { name: 'Import preview' }).getByRole('row').nth(1);
      const cells = await firstRow.getByRole('cell').allTextContents();
      expect(cells.slice(0, 4)).toEqual(['4', 'Bad ID!', 'Mystery box', 'Refused']);
      expect(cells[4]).toMatch(/^Device ID\b/);
      expect(cells[4]).toMatch(/starting with a letter or digit/i);
      await again
        .getByRole('alert')
        .filter({ hasText: '1 row is refused. Nothing will be written' })
        .waitFor();
      // One row would change (the drill), one is stored as it is: the button counts the change.
      expect(await again.getByRole('button', { name: 'Import 1 of 2', exact: true }).isDisabled()).toBe(true);
      await screenshot('many-devices-import-refused.png');

      await again.getByRole('button', { name: 'Cancel', exact: true }).click();
      await again.waitFor({ state: 'hidden' });
      expect((await e2e.app.value('devices.list')).map((d) => d.deviceId).sort()).toEqual([
        'band-saw',
        'cnc-router',
        'laser-01',
        'prusa-mk4-2',
      ]);
      expect(await deviceRow(e2e.page, 'Drill press').count()).toBe(0);
      const status = await syncStatusNow();
      expect(status.desiredRevision).toBe(revisionBefore);
      expect(status.state).toBe('in_sync');
      expect(e2e.bridge.requestsTo('POST /config')).toHaveLength(0);
      expect(e2e.consoleErrors).toEqual([]);
    });

    it('export devices as CSV → a downloaded file whose rows are the devices, and it imports back unchanged', async () => {
      await seed(readFileSync(ODOO_CSV, 'utf8'), [
        'Laser Cutter',
        'CNC Router, big',
        'Prusa MK4 #2',
        'Band saw',
      ]);

      await e2e.page.getByRole('button', { name: 'Export devices', exact: true }).click();
      const dialog = e2e.page.getByRole('dialog', { name: 'Export devices' });
      await dialog.getByRole('radio', { name: 'CSV', exact: true }).check();
      const downloading = e2e.page.waitForEvent('download', { timeout: 20_000 });
      await dialog.getByRole('button', { name: 'Save file', exact: true }).click();
      const download = await downloading;
      await dialog.waitFor({ state: 'hidden' });
      expect(download.suggestedFilename()).toMatch(/^devices-\d{4}-\d{2}-\d{2}\.csv$/);
      const file = join(e2e.app.dataDir, download.suggestedFilename());
      await download.saveAs(file);
      const text = readFileSync(file, 'utf8');

      const parsed = Papa.parse<Record<string, string>>(text, { header: true, skipEmptyLines: true });
      expect(parsed.errors).toEqual([]);
      // The column names people see (Name, Device ID, …; tests/core/import-export.test.ts spells them out).
      expect(parsed.meta.fields).toEqual([...CSV_HEADER]);
      const devices = await e2e.app.value('devices.list');
      const expected = devices.map((d) => ({
        Name: d.name,
        'Device ID': d.deviceId,
        'MQTT topic': d.topicPattern,
        Parser: d.parserType,
        Strategy: d.strategy,
        'Standby threshold (W)': String(d.strategyConfig.standbyThresholdW),
        'Working threshold (W)': String(d.strategyConfig.workingThresholdW),
        'Start debounce (s)': String(d.strategyConfig.startDebounceS),
        'Stop debounce (s)': String(d.strategyConfig.stopDebounceS),
        'Message timeout (s)': String(d.strategyConfig.messageTimeoutS),
        Active: String(d.active),
        Notes: d.notes,
      }));
      const byId = (a: Record<string, string>, b: Record<string, string>) =>
        (a['Device ID'] ?? '').localeCompare(b['Device ID'] ?? '');
      expect([...parsed.data].sort(byId)).toEqual(expected.sort(byId));
      const row = (id: string) => parsed.data.find((r) => r['Device ID'] === id);
      expect(row('cnc-router')?.Name).toBe('CNC Router, big');
      expect(row('prusa-mk4-2')?.Active).toBe('false');

      // The exported file is a valid import: every row unchanged, nothing to do.
      const importer = await openImport();
      await importer.getByLabel('File', { exact: true }).setInputFiles(file);
      expect(await importCounts(importer)).toEqual({
        Created: 0,
        Updated: 0,
        Unchanged: 4,
        Deleted: 0,
        Refused: 0,
      });
      await importer
        .getByText('Nothing to change: every device in the file is already stored as it is.')
        .waitFor();
      expect(
        await importer.getByRole('button', { name: 'Nothing to import', exact: true }).isDisabled(),
      ).toBe(true);

      // The same file with one threshold edited, as a spreadsheet would save it: the preview names the change
      // old → new in the editor's words, and the button counts the one row that changes.
      const edited = join(e2e.app.dataDir, 'edited.csv');
      const laser = row('laser-01')!;
      writeFileSync(
        edited,
        Papa.unparse(parsed.data.map((r) => (r === laser ? { ...r, 'Working threshold (W)': '300' } : r))),
      );
      await importer.getByLabel('File', { exact: true }).setInputFiles(edited);
      await importer.getByRole('button', { name: 'Import 1 of 4', exact: true }).waitFor();
      const laserRow = importer.getByRole('row', { name: /laser-01/ });
      expect(((await laserRow.textContent()) ?? '').replace(/\s+/g, ' ')).toContain(
        'Working threshold: 250 W → 300 W',
      );
      await importer.getByText('3 of 4 rows are unchanged', { exact: false }).waitFor();
      await screenshot('many-devices-import-old-new.png');
      expect(await importer.getByRole('button', { name: 'Import 1 of 4', exact: true }).isEnabled()).toBe(
        true,
      );
      await importer.getByRole('button', { name: 'Cancel', exact: true }).click();
      expect(e2e.bridge.requestsTo('POST /config')).toHaveLength(0);
      expect(e2e.consoleErrors).toEqual([]);
    });

    it('bulk: select three (click + shift-click), set working threshold 150, deactivate, delete — one push each', async () => {
      const names = ['Band saw', 'CNC router', 'Drill press', 'Laser cutter', 'Prusa MK4 #1'];
      await seed(WORKSHOP_CSV, names);
      const bar = e2e.page.getByRole('region', { name: 'Bulk actions' });
      const box = (name: string) => e2e.page.getByRole('checkbox', { name: `Select ${name}`, exact: true });

      // Select all shown, then clear: the bar comes and goes.
      await e2e.page.getByRole('checkbox', { name: 'Select all shown', exact: true }).check();
      await bar.getByText('5 selected', { exact: true }).waitFor();
      await bar.getByRole('button', { name: 'Clear selection', exact: true }).click();
      await bar.waitFor({ state: 'hidden' });
      for (const name of names) expect(await box(name).isChecked(), name).toBe(false);

      // A click, then a shift-click two rows further down: the range between them.
      await box('CNC router').click();
      await box('Laser cutter').click({ modifiers: ['Shift'] });
      await bar.getByText('3 selected', { exact: true }).waitFor();
      const chosen = ['CNC router', 'Drill press', 'Laser cutter'];
      for (const name of names) expect(await box(name).isChecked(), name).toBe(chosen.includes(name));
      expect(await e2e.page.getByRole('checkbox', { name: 'Select all shown' }).isChecked()).toBe(false);
      await screenshot('many-devices-bulk-bar.png');

      // Set values…: working threshold 150 W for the three, in one push.
      const setPosts = await pushCausedBy(async () => {
        await bar.getByRole('button', { name: 'Set values…', exact: true }).click();
        const dialog = e2e.page.getByRole('dialog', { name: 'Set values for 3 devices' });
        await dialog.getByLabel('Working threshold (W)', { exact: true }).fill('150');
        await dialog.getByRole('button', { name: 'Set values', exact: true }).click();
        await dialog.waitFor({ state: 'hidden' });
      });
      expect(setPosts).toHaveLength(1);
      const thresholds = Object.fromEntries(
        setPosts[0]!.devices.map((d) => [d.device_id, d.session_config.working_threshold_w]),
      );
      expect(thresholds).toEqual({
        'band-saw': 100,
        'cnc-01': 150,
        'drill-01': 150,
        'laser-01': 150,
        'prusa-01': 100,
      });
      await deviceRow(e2e.page, 'Drill press').getByText('20 / 150 W').waitFor();
      // The selection stays for the next action.
      await bar.getByText('3 selected', { exact: true }).waitFor();

      // Deactivate: the next push leaves the three out.
      const offPosts = await pushCausedBy(async () => {
        await bar.getByRole('button', { name: 'Deactivate', exact: true }).click();
      });
      expect(offPosts).toHaveLength(1);
      expect(offPosts[0]!.devices.map((d) => d.device_id).sort()).toEqual(['band-saw', 'prusa-01']);
      for (const name of chosen) {
        const toggle = deviceRow(e2e.page, name).getByRole('switch', { name: `Active: ${name}` });
        await expect.poll(() => toggle.isChecked(), { timeout: 10_000 }).toBe(false);
      }

      // Delete selected: one confirmation naming the count and the devices; then they are gone.
      const revisionBefore = (await syncStatusNow()).desiredRevision;
      e2e.bridge.clearRequests();
      await bar.getByRole('button', { name: 'Delete selected', exact: true }).click();
      const confirm = e2e.page.getByRole('alertdialog', { name: 'Delete 3 devices?' });
      await confirm.waitFor();
      const question = (await confirm.getByText(/^Delete CNC router/).textContent()) ?? '';
      expect(question).toContain('Delete CNC router, Drill press, Laser cutter?');
      expect(question).toContain('This cannot be undone.');
      await confirm.getByRole('button', { name: 'Delete', exact: true }).click();
      await confirm.waitFor({ state: 'hidden' });
      for (const name of chosen) await deviceRow(e2e.page, name).waitFor({ state: 'detached' });
      await bar.waitFor({ state: 'hidden' });
      await e2e.page.getByText('2 devices', { exact: true }).waitFor();
      expect((await e2e.app.value('devices.list')).map((d) => d.deviceId).sort()).toEqual([
        'band-saw',
        'prusa-01',
      ]);
      // They were inactive: the bridge config does not change, so there is nothing to push.
      expect((await syncStatusNow()).desiredRevision).toBe(revisionBefore);
      expect(e2e.bridge.requestsTo('POST /config')).toHaveLength(0);
      expect(e2e.consoleErrors).toEqual([]);
    });

    it('push history: Details of the last push shows the changed field old → new; Not yet pushed follows the bridge', async () => {
      await seed(readFileSync(ODOO_CSV, 'utf8'), ['Laser Cutter', 'CNC Router, big', 'Band saw']);

      // Edit one value through the editor; it is pushed by itself.
      const posts = await pushCausedBy(async () => {
        await deviceRow(e2e.page, 'Laser Cutter')
          .getByRole('button', { name: 'Edit Laser Cutter', exact: true })
          .click();
        const editor = e2e.page.getByRole('dialog');
        await editor.getByLabel('Working threshold (W)', { exact: true }).fill('300');
        await editor.getByRole('button', { name: 'Save', exact: true }).click();
        await editor.waitFor({ state: 'hidden' });
      });
      expect(posts).toHaveLength(1);
      const revision = posts[0]!.revision;

      await e2e.page.getByRole('button', { name: 'Push history', exact: true }).click();
      const history = e2e.page.getByRole('dialog', { name: 'Push history' });
      await history.getByText('Nothing: the bridge has the current config.').waitFor();
      // Newest first: the first Details is the last push.
      const firstRow = history.getByRole('row').nth(1);
      const details = firstRow.getByRole('button', { name: 'Details', exact: true });
      await details.waitFor();
      // Columns: Time, Trigger, Revision, Attempts, Outcome, Message, Details.
      expect(await firstRow.getByRole('cell').nth(2).textContent()).toBe(String(revision));
      expect(await firstRow.getByRole('cell').nth(3).textContent()).toBe('1 attempt');
      expect(await firstRow.getByRole('cell').nth(4).textContent()).toBe('Success (200)');
      expect(await details.getAttribute('aria-expanded')).toBe('false');
      await details.click();
      const changes = history.getByRole('list', { name: `Changes of revision ${revision}`, exact: true });
      await changes.waitFor();
      expect(await details.getAttribute('aria-expanded')).toBe('true');
      const items = changes.locator(':scope > li');
      expect(await items.count()).toBe(1);
      const item = ((await items.first().textContent()) ?? '').replace(/\s+/g, ' ');
      expect(item).toContain('Changed laser-01');
      expect(item).toContain('Working threshold: 250 W → 300 W');
      await history.getByText(`Against the push before it: revision ${revision - 1}`).waitFor();
      await screenshot('many-devices-push-details.png');
      await history.getByRole('button', { name: 'Close', exact: true }).click();
      await history.waitFor({ state: 'hidden' });

      // Bridge down: the next edit waits, and Not yet pushed shows it against the acknowledged revision.
      await e2e.bridge.down();
      await deviceRow(e2e.page, 'Band saw')
        .getByRole('button', { name: 'Edit Band saw', exact: true })
        .click();
      const editor = e2e.page.getByRole('dialog');
      await editor.getByLabel('Standby threshold (W)', { exact: true }).fill('12');
      await editor.getByRole('button', { name: 'Save', exact: true }).click();
      await editor.waitFor({ state: 'hidden' });
      await waitForStatus(e2e.page, 'Bridge unreachable');

      await e2e.page.getByRole('button', { name: 'Push history', exact: true }).click();
      await history
        .getByText(`Against revision ${revision}, the last one the bridge acknowledged.`)
        .waitFor();
      const unpushed = history.getByRole('list', { name: 'Unpushed changes', exact: true });
      const unpushedText = ((await unpushed.textContent()) ?? '').replace(/\s+/g, ' ');
      expect(unpushedText).toContain('Changed band-saw');
      expect(unpushedText).toContain('Standby threshold: 20 W → 12 W');
      // The failed push's row: its message wraps between words, and the dialog never scrolls sideways.
      const failedRow = history.getByRole('row').nth(1);
      await failedRow.getByText('Unreachable', { exact: false }).waitFor();
      const message = failedRow.locator('td.cell-message');
      expect(((await message.textContent()) ?? '').length).toBeGreaterThan(20);
      expect(
        await message.evaluate((cell) => {
          // Runs in the page; the test's own types have no DOM.
          type Style = { whiteSpace: string; wordBreak: string; overflowWrap: string };
          const page = globalThis as unknown as { getComputedStyle(el: unknown): Style };
          const style = page.getComputedStyle(cell);
          return [style.whiteSpace, style.wordBreak, style.overflowWrap];
        }),
      ).toEqual(['normal', 'normal', 'anywhere']);
      const scroller = history.locator('.dialog-scroll');
      expect(await scroller.evaluate((el) => el.scrollWidth - el.clientWidth)).toBeLessThanOrEqual(0);
      await screenshot('many-devices-push-failed.png');

      // Bridge back: the background retry pushes it, and the open dialog follows.
      await e2e.bridge.up();
      await waitForStatus(e2e.page, 'In sync');
      await history.getByText('Nothing: the bridge has the current config.').waitFor();
      // The failed push and the retry that got it through are one row: its attempts are listed inside it.
      const rowsOf = history
        .getByRole('row')
        .filter({ has: e2e.page.getByRole('cell', { name: String(revision + 1), exact: true }) });
      await rowsOf.getByText('Success (200)', { exact: true }).waitFor();
      expect(await rowsOf.count()).toBe(1);
      expect(await rowsOf.getByRole('cell').nth(3).textContent()).toMatch(/^[2-9] attempts$/);
      await screenshot('many-devices-push-retried.png');
      expect(
        (e2e.bridge.lastAccepted as BridgeConfig).devices.find((d) => d.device_id === 'band-saw'),
      ).toMatchObject({ session_config: expect.objectContaining({ standby_threshold_w: 12 }) });
      expect(e2e.consoleErrors).toEqual([]);
    });
  },
  { context: { acceptDownloads: true } },
);
