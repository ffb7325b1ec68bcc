import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { DeviceCreateInput } from '../../src-shared';
import { FakeWorkshopApi } from './fake-workshop-api';
import { CNC, dataRows, LASER, PRINTER, renderApp, rowOf } from './render-app';

const bar = () => screen.getByRole('region', { name: 'Bulk actions' });
const box = (name: string) => screen.getByRole('checkbox', { name: `Select ${name}` });
const selectedNames = () =>
  dataRows()
    .filter((row) =>
      within(row)
        .getByRole('checkbox', { name: /^Select / })
        .matches(':checked'),
    )
    .map((row) => row.querySelector('td.cell-name .name-text')!.textContent);

const machines = (n: number): DeviceCreateInput[] =>
  Array.from({ length: n }, (_, i) => ({
    name: `Machine ${String(i + 1).padStart(2, '0')}`,
    deviceId: `m-${i + 1}`,
    topicPattern: `machines/m${i + 1}/#`,
  }));

describe('bulk edit', () => {
  it('selects rows by their checkboxes, shows the bar with the count, and clears the selection', async () => {
    const { user } = await renderApp();
    expect(screen.queryByRole('region', { name: 'Bulk actions' })).not.toBeInTheDocument();
    await user.click(box('Laser cutter'));
    expect(bar()).toHaveTextContent('1 selected');
    expect(rowOf('Laser cutter')).toHaveAttribute('aria-selected', 'true');
    await user.click(box('CNC router'));
    expect(bar()).toHaveTextContent('2 selected');
    await user.click(box('CNC router'));
    expect(selectedNames()).toEqual(['Laser cutter']);
    await user.click(within(bar()).getByRole('button', { name: 'Clear selection' }));
    expect(selectedNames()).toEqual([]);
    expect(screen.queryByRole('region', { name: 'Bulk actions' })).not.toBeInTheDocument();
  });

  it('shift-click selects the range from the last row clicked, in the order shown', async () => {
    const { user } = await renderApp(new FakeWorkshopApi(machines(8)));
    await user.click(box('Machine 02'));
    await user.keyboard('{Shift>}');
    await user.click(box('Machine 06'));
    await user.keyboard('{/Shift}');
    expect(selectedNames()).toEqual(['Machine 02', 'Machine 03', 'Machine 04', 'Machine 05', 'Machine 06']);
    // A shift-click on a selected row unselects the range back to it.
    await user.keyboard('{Shift>}');
    await user.click(box('Machine 04'));
    await user.keyboard('{/Shift}');
    expect(selectedNames()).toEqual(['Machine 02', 'Machine 03']);
    expect(bar()).toHaveTextContent('2 selected');
  });

  it('"Select all shown" selects only the rows the search shows, and says how many are hidden', async () => {
    const { user } = await renderApp();
    await user.type(screen.getByRole('searchbox', { name: 'Search devices' }), 'shellypmmini');
    const all = screen.getByRole('checkbox', { name: 'Select all shown' });
    await user.click(all);
    expect(bar()).toHaveTextContent('2 selected');
    expect(all).toBeChecked();
    await user.clear(screen.getByRole('searchbox', { name: 'Search devices' }));
    expect(selectedNames()).toEqual(['Laser cutter', 'Prusa printer']);
    expect(all).not.toBeChecked();
    expect((all as HTMLInputElement).indeterminate).toBe(true);
    await user.type(screen.getByRole('searchbox', { name: 'Search devices' }), 'cnc');
    expect(bar()).toHaveTextContent('2 selected (2 hidden by the search)');
  });

  it('activates and deactivates the selected devices in one call and toasts the outcome', async () => {
    const { api, user } = await renderApp();
    await user.click(screen.getByRole('checkbox', { name: 'Select all shown' }));
    await user.click(within(bar()).getByRole('button', { name: 'Deactivate' }));
    await waitFor(() => expect(api.devices.every((d) => !d.active)).toBe(true));
    expect(api.callsTo('devices.bulk')).toEqual([
      { ids: expect.arrayContaining([1, 2, 3]), action: { kind: 'deactivate' } },
    ]);
    expect(await screen.findByText('Deactivated 2 devices')).toBeInTheDocument();
    expect(screen.getByText('1 device was already inactive.')).toBeInTheDocument();
    await waitFor(() =>
      expect(
        within(rowOf('Laser cutter')).getByRole('switch', { name: 'Active: Laser cutter' }),
      ).not.toBeChecked(),
    );
    // The selection survives the refresh.
    expect(bar()).toHaveTextContent('3 selected');

    await user.click(within(bar()).getByRole('button', { name: 'Activate' }));
    await waitFor(() => expect(api.devices.every((d) => d.active)).toBe(true));
    expect(await screen.findByText('Activated 3 devices')).toBeInTheDocument();
  });

  it('sets only the filled strategy values on every selected device', async () => {
    const { api, user } = await renderApp();
    await user.click(box('Laser cutter'));
    await user.click(box('Prusa printer'));
    await user.click(within(bar()).getByRole('button', { name: 'Set values…' }));
    const d = await screen.findByRole('dialog', { name: 'Set values for 2 devices' });
    expect(within(d).getByLabelText('Standby threshold (W)')).toHaveFocus();
    await user.type(within(d).getByLabelText('Working threshold (W)'), '150');
    await user.type(within(d).getByLabelText('Stop debounce (s)'), '30');
    await user.click(within(d).getByRole('button', { name: 'Set values' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    expect(api.callsTo('devices.bulk')).toEqual([
      { ids: [1, 3], action: { kind: 'set', strategyConfig: { workingThresholdW: 150, stopDebounceS: 30 } } },
    ]);
    const laser = api.devices.find((x) => x.deviceId === 'laser-01')!;
    expect(laser.strategyConfig).toMatchObject({
      standbyThresholdW: 20,
      workingThresholdW: 150,
      stopDebounceS: 30,
    });
    expect(api.devices.find((x) => x.deviceId === 'cnc-01')!.strategyConfig.workingThresholdW).toBe(400);
    expect(await screen.findByText(/2 devices changed of 2 selected/)).toBeInTheDocument();
    await waitFor(() => expect(rowOf('Laser cutter')).toHaveTextContent('20 / 150 W'));
  });

  it("shows main's refusal next to the field, naming the device, and changes nothing", async () => {
    const { api, user } = await renderApp();
    await user.click(screen.getByRole('checkbox', { name: 'Select all shown' }));
    await user.click(within(bar()).getByRole('button', { name: 'Set values…' }));
    const d = await screen.findByRole('dialog');
    const standby = within(d).getByLabelText('Standby threshold (W)');
    await user.type(standby, '200');
    await user.click(within(d).getByRole('button', { name: 'Set values' }));
    expect(
      await within(d).findByText('"Laser cutter": must be more than the standby threshold (200 W)'),
    ).toBeInTheDocument();
    expect(within(d).getByLabelText('Working threshold (W)')).toHaveAttribute('aria-invalid', 'true');
    expect(within(d).getByRole('alert')).toHaveTextContent('Nothing was changed');
    expect(standby).toHaveValue('200');
    expect(api.devices.map((x) => x.strategyConfig.standbyThresholdW)).toEqual([20, 50, 20]);
  });

  it('reads a decimal comma as a decimal (7,5 s is seven and a half, never 75) and refuses 1,500', async () => {
    const { api, user } = await renderApp();
    await user.click(box('Laser cutter'));
    await user.click(within(bar()).getByRole('button', { name: 'Set values…' }));
    const d = await screen.findByRole('dialog');
    await user.type(within(d).getByLabelText('Working threshold (W)'), '1,500');
    await user.click(within(d).getByRole('button', { name: 'Set values' }));
    expect(
      within(d).getByText(/Working threshold \(W\) is ambiguous: write 1500 or 1\.500/),
    ).toBeInTheDocument();
    expect(api.callsTo('devices.bulk')).toEqual([]);
    await user.clear(within(d).getByLabelText('Working threshold (W)'));
    await user.type(within(d).getByLabelText('Stop debounce (s)'), '7,5');
    expect(within(d).getByLabelText('Stop debounce (s)')).toHaveValue('7,5');
    await user.click(within(d).getByRole('button', { name: 'Set values' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    expect(api.callsTo('devices.bulk')).toEqual([
      { ids: [1], action: { kind: 'set', strategyConfig: { stopDebounceS: 7.5 } } },
    ]);
  });

  it('asks before Escape or Cancel throws typed values away; with nothing typed it closes at once', async () => {
    const { api, user } = await renderApp();
    await user.click(box('Laser cutter'));
    await user.click(within(bar()).getByRole('button', { name: 'Set values…' }));
    const d = await screen.findByRole('dialog');
    await user.type(within(d).getByLabelText('Working threshold (W)'), '150');
    await user.keyboard('{Escape}');
    const ask = await screen.findByRole('alertdialog', { name: 'Discard your changes?' });
    await user.click(within(ask).getByRole('button', { name: 'Keep editing' }));
    expect(within(d).getByLabelText('Working threshold (W)')).toHaveValue('150');
    await user.click(within(d).getByRole('button', { name: 'Cancel' }));
    await user.click(
      within(await screen.findByRole('alertdialog')).getByRole('button', { name: 'Discard changes' }),
    );
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(api.callsTo('devices.bulk')).toEqual([]);
    await user.click(within(bar()).getByRole('button', { name: 'Set values…' }));
    await screen.findByRole('dialog');
    await user.keyboard('{Escape}');
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(screen.queryByRole('alertdialog')).toBeNull();
  });

  it('asks for at least one value before calling main', async () => {
    const { api, user } = await renderApp();
    await user.click(box('Laser cutter'));
    await user.click(within(bar()).getByRole('button', { name: 'Set values…' }));
    await user.click(within(screen.getByRole('dialog')).getByRole('button', { name: 'Set values' }));
    expect(within(screen.getByRole('dialog')).getByRole('alert')).toHaveTextContent(
      'Fill in at least one value',
    );
    expect(api.callsTo('devices.bulk')).toEqual([]);
  });

  it('deletes the selected devices after one confirmation naming the count', async () => {
    const { api, user } = await renderApp(new FakeWorkshopApi([LASER, CNC, PRINTER, ...machines(9)]));
    await user.click(screen.getByRole('checkbox', { name: 'Select all shown' }));
    await user.click(box('CNC router'));
    await user.click(within(bar()).getByRole('button', { name: 'Delete selected' }));
    const d = await screen.findByRole('alertdialog', { name: 'Delete 11 devices?' });
    expect(d).toHaveTextContent(
      /Delete Laser cutter, Machine 01, Machine 02, Machine 03, Machine 04 and 6 more\?/,
    );
    expect(within(d).getByRole('button', { name: 'Cancel' })).toHaveFocus();
    await user.click(within(d).getByRole('button', { name: 'Delete' }));
    await waitFor(() => expect(screen.queryByRole('alertdialog')).not.toBeInTheDocument());
    expect(api.callsTo('devices.bulk')).toHaveLength(1);
    expect(api.devices.map((x) => x.name)).toEqual(['CNC router']);
    expect(await screen.findByText('Deleted 11 devices')).toBeInTheDocument();
    await waitFor(() => expect(dataRows()).toHaveLength(1));
    expect(screen.queryByRole('region', { name: 'Bulk actions' })).not.toBeInTheDocument();
  });

  it('Cancel on the confirmation deletes nothing and keeps the selection', async () => {
    const { api, user } = await renderApp();
    await user.click(box('Laser cutter'));
    await user.click(within(bar()).getByRole('button', { name: 'Delete selected' }));
    const d = await screen.findByRole('alertdialog', { name: 'Delete 1 device?' });
    await user.keyboard('{Escape}');
    expect(d).not.toBeInTheDocument();
    expect(api.callsTo('devices.bulk')).toEqual([]);
    expect(bar()).toHaveTextContent('1 selected');
  });

  it('drops devices deleted elsewhere from the selection when the list refreshes', async () => {
    const { api, user } = await renderApp();
    await user.click(box('Laser cutter'));
    await user.click(box('CNC router'));
    api.devices = api.devices.filter((d) => d.deviceId !== 'laser-01');
    api.emit('devices.changed', { at: 'now' });
    await waitFor(() => expect(bar()).toHaveTextContent('1 selected'));
    expect(selectedNames()).toEqual(['CNC router']);
  });
});
