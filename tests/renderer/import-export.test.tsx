import { screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { FakeWorkshopApi } from './fake-workshop-api';
import { CNC, LASER, PRINTER, renderApp } from './render-app';

const dialog = () => screen.getByRole('dialog');
const countOf = (label: string) =>
  within(screen.getByLabelText('Import counts')).getByText(label).closest('div')!.querySelector('dd')!
    .textContent;

describe('export', () => {
  let saved: Array<{ filename: string; href: string; blob: Blob }>;
  let blobs: Map<string, Blob>;

  beforeEach(() => {
    saved = [];
    blobs = new Map();
    let n = 0;
    // jsdom has no object URLs: keep the blob behind a made-up URL, and catch the link's click.
    URL.createObjectURL = vi.fn((blob: Blob) => {
      const url = `blob:fake/${++n}`;
      blobs.set(url, blob);
      return url;
    });
    URL.revokeObjectURL = vi.fn();
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      saved.push({ filename: this.download, href: this.href, blob: blobs.get(this.href)! });
    });
  });
  afterEach(() => vi.restoreAllMocks());

  it('saves the JSON export under the name main suggests, with main’s content, and toasts it', async () => {
    const { api, user } = await renderApp();
    await user.click(screen.getByRole('button', { name: 'Export devices' }));
    const d = await screen.findByRole('dialog', { name: 'Export devices' });
    expect(within(d).getByRole('radio', { name: 'JSON' })).toBeChecked();
    await user.click(within(d).getByRole('button', { name: 'Save file' }));

    await waitFor(() => expect(saved).toHaveLength(1));
    expect(saved[0]!.filename).toBe('devices-2026-11-29.json');
    expect(saved[0]!.blob.type).toBe('application/json;charset=utf-8');
    const file = JSON.parse(await saved[0]!.blob.text());
    expect(file.format).toBe('workshop-manager.devices');
    expect(file.devices.map((x: { deviceId: string }) => x.deviceId)).toEqual([
      'cnc-01',
      'laser-01',
      'printer-02',
    ]);
    expect(api.callsTo('devices.export')).toEqual([{ format: 'json' }]);
    expect(await screen.findByText('Exported 3 devices')).toBeInTheDocument();
    expect(screen.getByText('Saved as devices-2026-11-29.json.')).toBeInTheDocument();
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
  });

  it('saves CSV when CSV is chosen', async () => {
    const { user } = await renderApp();
    await user.click(screen.getByRole('button', { name: 'Export devices' }));
    await user.click(within(dialog()).getByRole('radio', { name: 'CSV' }));
    await user.click(within(dialog()).getByRole('button', { name: 'Save file' }));
    await waitFor(() => expect(saved).toHaveLength(1));
    expect(saved[0]!.filename).toBe('devices-2026-11-29.csv');
    const lines = (await saved[0]!.blob.text()).trim().split('\n');
    expect(lines[0]).toBe(
      'Name,Device ID,MQTT topic,Parser,Strategy,Standby threshold (W),Working threshold (W),Start debounce (s),Stop debounce (s),Message timeout (s),Active,Notes',
    );
    expect(lines[1]).toBe(
      'CNC router,cnc-01,workshop/cnc/power,generic,power_threshold,50,400,3,15,20,true,',
    );
    expect(lines).toHaveLength(4);
  });

  it('shows main’s error in the dialog and saves nothing', async () => {
    const api = new FakeWorkshopApi([LASER]);
    api.respond('devices.export', () => ({
      ok: false,
      error: { code: 'storage', message: 'SQLITE_IOERR: disk I/O error' },
    }));
    const { user } = await renderApp(api);
    await user.click(screen.getByRole('button', { name: 'Export devices' }));
    await user.click(within(dialog()).getByRole('button', { name: 'Save file' }));
    expect(await within(dialog()).findByRole('alert')).toHaveTextContent(
      'Could not export the devices: SQLITE_IOERR: disk I/O error',
    );
    expect(saved).toEqual([]);
  });
});

const csv = (...lines: string[]) => `${lines.join('\n')}\n`;
const HEADER = 'name,device_id,topic_pattern,parser_type,strategy_config,active';

async function openImport(api: FakeWorkshopApi) {
  const rendered = await renderApp(api);
  await rendered.user.click(screen.getByRole('button', { name: 'Import devices' }));
  await screen.findByRole('dialog', { name: 'Import devices' });
  return rendered;
}

describe('import', () => {
  it('previews a dry run with refused rows, names line, field and reason, and will not import', async () => {
    const api = new FakeWorkshopApi([LASER, CNC]);
    const { user } = await openImport(api);
    expect(within(dialog()).getByRole('radio', { name: 'Add new and update existing' })).toBeChecked();
    expect(within(dialog()).getByRole('button', { name: 'Import' })).toBeDisabled();

    const file = new File(
      [
        csv(
          HEADER,
          'Laser cutter,laser-01,shellypmmini-laser/#,shelly_pm,"{""working_threshold_w"": 150}",true',
          'Band saw,saw-01,saw/#,shelly_pm,"{}",true',
          'Drill,drill-01,drill/#,shelly_pm,"{""standby_threshold_w"": 300}",true',
          'Bad id,Bad ID!,bad/#,shelly_pm,"{}",true',
        ),
      ],
      'odoo.csv',
      { type: 'text/csv' },
    );
    await user.upload(within(dialog()).getByLabelText('File'), file);

    const table = await within(dialog()).findByRole('table', { name: 'Import preview' });
    expect(countOf('Created')).toBe('1');
    expect(countOf('Updated')).toBe('1');
    expect(countOf('Refused')).toBe('2');
    const rows = within(table).getAllByRole('row').slice(1);
    // Refused rows first, each naming its line, the field and why.
    expect(rows[0]).toHaveTextContent(
      '4drill-01DrillRefusedWorking threshold (W) must be more than the standby threshold (300 W)',
    );
    expect(rows[1]).toHaveTextContent('5Bad ID!Bad idRefusedDevice ID: use lowercase letters');
    expect(rows[2]).toHaveTextContent('2laser-01Laser cutterUpdateWorking threshold: 100 W → 150 W');
    expect(rows[3]).toHaveTextContent('3saw-01Band sawCreate');

    expect(within(dialog()).getByRole('button', { name: 'Import 2 devices' })).toBeDisabled();
    expect(
      within(dialog()).getByText(/Nothing will be written until the refused rows are fixed/),
    ).toBeVisible();
    expect(api.callsTo('devices.import')).toEqual([
      { content: expect.stringContaining('Band saw'), format: 'auto', mode: 'merge', dryRun: true },
    ]);
    expect(api.devices.map((d) => d.deviceId)).toEqual(['laser-01', 'cnc-01']);
  });

  it('shows old → new values in the labels people see, and counts on its button only the rows that change', async () => {
    const api = new FakeWorkshopApi([LASER, CNC, PRINTER]);
    const { user } = await openImport(api);
    const exported = await api.invoke('devices.export', { format: 'csv' });
    if (!exported.ok) throw new Error('export failed');
    // The app's own CSV (human headers), CNC's working threshold and the printer's name edited, one device added.
    const lines = exported.value.content.trim().split('\n');
    const edited = lines.map((line) =>
      line.startsWith('CNC router,')
        ? line.replace(',50,400,', ',50,450,')
        : line.replace('Prusa printer', 'Prusa MK4'),
    );
    edited.push('Band saw,saw-01,saw/#,shelly_pm,power_threshold,20,100,3,15,20,true,');
    await user.upload(within(dialog()).getByLabelText('File'), new File([csv(...edited)], 'devices.csv'));

    const button = await within(dialog()).findByRole('button', { name: 'Import 3 of 4' });
    expect(button).toBeEnabled();
    expect(within(dialog()).getByRole('row', { name: /cnc-01/ })).toHaveTextContent(
      'UpdateWorking threshold: 400 W → 450 W',
    );
    expect(within(dialog()).getByRole('row', { name: /printer-02/ })).toHaveTextContent(
      'UpdateName: “Prusa printer” → “Prusa MK4”',
    );
    expect(within(dialog()).getByRole('row', { name: /laser-01/ })).toHaveTextContent(
      'Unchangedalready stored like this',
    );
    expect(within(dialog()).getByText(/1 of 4 rows is unchanged/)).toBeVisible();
  });

  it('applies a clean file, toasts the outcome and refreshes the list', async () => {
    const api = new FakeWorkshopApi([LASER, CNC]);
    const { user } = await openImport(api);
    const content = JSON.stringify([
      { name: 'Laser cutter', deviceId: 'laser-01', topicPattern: 'shellypmmini-laser/#', active: false },
      { name: 'Band saw', deviceId: 'saw-01', topicPattern: 'saw/#' },
      { name: 'Drill press', deviceId: 'drill-01', topicPattern: 'drill/#' },
    ]);
    await user.upload(
      within(dialog()).getByLabelText('File'),
      new File([content], 'devices.json', { type: 'application/json' }),
    );
    const button = await within(dialog()).findByRole('button', { name: 'Import 3 devices' });
    expect(button).toBeEnabled();
    expect(countOf('Created')).toBe('2');
    expect(countOf('Updated')).toBe('1');
    expect(within(dialog()).getByRole('row', { name: /laser-01/ })).toHaveTextContent(
      'UpdateActive: on → off',
    );
    expect(api.devices).toHaveLength(2); // the dry run wrote nothing

    await user.click(button);
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    expect(api.callsTo('devices.import').at(-1)).toEqual({
      content,
      format: 'auto',
      mode: 'merge',
      dryRun: false,
    });
    expect(api.devices.map((d) => d.deviceId).sort()).toEqual(['cnc-01', 'drill-01', 'laser-01', 'saw-01']);
    const toast = (await screen.findByText('Imported 3 devices from devices.json')).closest(
      '[role="status"]',
    );
    expect(toast).toHaveTextContent('2 created, 1 updated.');
    expect(await screen.findByRole('row', { name: /Band saw/ })).toBeInTheDocument();
  });

  it('in replace mode previews the deletions of devices not in the file', async () => {
    const api = new FakeWorkshopApi([LASER, CNC, PRINTER]);
    const { user } = await openImport(api);
    await user.upload(
      within(dialog()).getByLabelText('File'),
      new File([csv('name,deviceId,topicPattern', 'Laser cutter,laser-01,shellypmmini-laser/#')], 'one.csv'),
    );
    await within(dialog()).findByRole('button', { name: 'Nothing to import' });
    expect(countOf('Deleted')).toBe('0');
    expect(within(dialog()).getByText(/Nothing to change/)).toBeInTheDocument();
    expect(within(dialog()).getByRole('button', { name: 'Nothing to import' })).toBeDisabled();

    await user.click(within(dialog()).getByRole('radio', { name: 'Replace all devices' }));
    await waitFor(() => expect(countOf('Deleted')).toBe('2'));
    expect(within(dialog()).getByRole('row', { name: /cnc-01/ })).toHaveTextContent(
      '—cnc-01CNC routerDelete',
    );
    await user.click(await within(dialog()).findByRole('button', { name: 'Delete 2 devices' }));
    await waitFor(() => expect(api.devices.map((d) => d.deviceId)).toEqual(['laser-01']));
    expect(await screen.findByText('Imported 1 device from one.csv')).toBeInTheDocument();
  });

  it('says why a file cannot be read', async () => {
    const { user } = await openImport(new FakeWorkshopApi([LASER]));
    await user.upload(within(dialog()).getByLabelText('File'), new File(['{"devices": ['], 'broken.json'));
    expect(await within(dialog()).findByRole('alert')).toHaveTextContent(
      /Could not read “broken.json”: the file is not valid JSON/,
    );
    expect(within(dialog()).getByRole('button', { name: 'Import' })).toBeDisabled();
  });

  it('shows at most 200 rows of a 10,000-row file and says how many more there are', async () => {
    const lines = ['name,deviceId,topicPattern'];
    for (let i = 0; i < 10_000; i++) lines.push(`Machine ${i},m-${i},machines/m${i}/#`);
    const { user } = await openImport(new FakeWorkshopApi());
    await user.upload(within(dialog()).getByLabelText('File'), new File([csv(...lines)], 'big.csv'));
    const table = await within(dialog()).findByRole('table', { name: 'Import preview' }, { timeout: 10_000 });
    expect(within(table).getAllByRole('row')).toHaveLength(201);
    expect(countOf('Created')).toBe('10,000');
    expect(within(dialog()).getByText(/and 9,800 more rows/)).toBeInTheDocument();
    expect(within(dialog()).getByRole('button', { name: 'Import 10,000 devices' })).toBeEnabled();
  });
});
