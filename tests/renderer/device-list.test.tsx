import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { DeviceCreateInput } from '../../src-shared';
import { FakeWorkshopApi } from './fake-workshop-api';
import { dataRows, renderApp, renderWindow, rowOf } from './render-app';

const names = () => dataRows().map((row) => row.querySelector('td.cell-name .name-text')!.textContent);

describe('device list', () => {
  it('shows every device with its ID, bridge topic, parser, thresholds and active state', async () => {
    await renderApp();
    expect(names()).toEqual(['CNC router', 'Laser cutter', 'Prusa printer']);
    const laser = rowOf('Laser cutter');
    expect(laser).toHaveTextContent('laser-01');
    expect(laser).toHaveTextContent('shellypmmini-laser/#');
    expect(laser).toHaveTextContent('shellypmmini-laser/status/pm1:0');
    expect(laser).toHaveTextContent('Shelly PM');
    expect(laser).toHaveTextContent('20 / 100 W');
    expect(within(laser).getByRole('switch', { name: 'Active: Laser cutter' })).toBeChecked();
    expect(rowOf('CNC router')).toHaveTextContent('50 / 400 W');
    expect(
      within(rowOf('Prusa printer')).getByRole('switch', { name: 'Active: Prusa printer' }),
    ).not.toBeChecked();
    expect(screen.getByText('3 devices')).toBeInTheDocument();
  });

  it('names each row control with its device, so a screen reader hears which machine it acts on', async () => {
    await renderApp();
    for (const name of ['CNC router', 'Laser cutter', 'Prusa printer']) {
      const row = within(rowOf(name));
      expect(row.getByRole('checkbox', { name: `Select ${name}` })).toBeInTheDocument();
      expect(row.getByRole('switch', { name: `Active: ${name}` })).toBeInTheDocument();
      expect(row.getByRole('button', { name: `Live: ${name}` })).toBeInTheDocument();
      expect(row.getByRole('button', { name: `Edit ${name}` })).toBeInTheDocument();
      expect(row.getByRole('button', { name: `Delete ${name}` })).toBeInTheDocument();
    }
    // No two controls on the page share a name (a bare "Edit" twice says nothing about the machine).
    const names = screen.getAllByRole('button').map((b) => b.getAttribute('aria-label') ?? b.textContent);
    expect(names.filter((n) => n === 'Edit' || n === 'Delete')).toEqual([]);
  });

  it('searches by name, device ID and topic', async () => {
    const { user } = await renderApp();
    const search = screen.getByRole('searchbox', { name: 'Search devices' });
    await user.type(search, 'prusa');
    expect(names()).toEqual(['Prusa printer']);
    await user.clear(search);
    await user.type(search, 'CNC-01');
    expect(names()).toEqual(['CNC router']);
    await user.clear(search);
    await user.type(search, 'status/pm1');
    expect(names()).toEqual(['Laser cutter', 'Prusa printer']);
    expect(screen.getByText('2 of 3 devices')).toBeInTheDocument();
    await user.clear(search);
    await user.type(search, 'nothing-like-this');
    expect(screen.getByText(/No device matches “nothing-like-this”/)).toBeInTheDocument();
  });

  it('sorts by a column and flips the direction on a second click', async () => {
    const { user } = await renderApp();
    await user.click(screen.getByRole('button', { name: /Device ID/ }));
    expect(names()).toEqual(['CNC router', 'Laser cutter', 'Prusa printer']);
    expect(screen.getByRole('columnheader', { name: /Device ID/ })).toHaveAttribute('aria-sort', 'ascending');
    await user.click(screen.getByRole('button', { name: /Device ID/ }));
    expect(names()).toEqual(['Prusa printer', 'Laser cutter', 'CNC router']);
    expect(screen.getByRole('columnheader', { name: /Device ID/ })).toHaveAttribute(
      'aria-sort',
      'descending',
    );
    await user.click(screen.getByRole('button', { name: /Standby \/ working/ }));
    expect(names()).toEqual(['Laser cutter', 'Prusa printer', 'CNC router']);
    await user.click(screen.getByRole('button', { name: /^Active/ }));
    expect(names()).toEqual(['CNC router', 'Laser cutter', 'Prusa printer']);
  });

  it('toggles a device active inline and shows what main stored', async () => {
    const { api, user } = await renderApp();
    await user.click(within(rowOf('Prusa printer')).getByRole('switch', { name: 'Active: Prusa printer' }));
    await waitFor(() => expect(within(rowOf('Prusa printer')).getByRole('switch')).toBeChecked());
    expect(api.callsTo('devices.update')).toEqual([{ id: 3, patch: { active: true } }]);
    expect(api.devices.find((d) => d.id === 3)?.active).toBe(true);
  });

  it('keeps the toggle as main has it when main refuses, and says why', async () => {
    const api = new FakeWorkshopApi([{ name: 'Laser cutter', deviceId: 'laser-01', topicPattern: 'l/#' }]);
    api.respond('devices.update', () => ({ ok: false, error: { code: 'storage', message: 'disk full' } }));
    const { user } = await renderApp(api);
    await user.click(within(rowOf('Laser cutter')).getByRole('switch'));
    expect(await screen.findByRole('alert')).toHaveTextContent('disk full');
    expect(within(rowOf('Laser cutter')).getByRole('switch')).toBeChecked();
  });

  it('refetches the list when main announces devices.changed', async () => {
    const { api } = await renderApp();
    api.addDevice({ name: 'Band saw', deviceId: 'saw-01', topicPattern: 'saw/#' });
    api.emit('devices.changed', { at: new Date(0).toISOString() });
    expect(await screen.findByRole('row', { name: /Band saw/ })).toBeInTheDocument();
  });

  it('says how to add the first device when there are none', async () => {
    await renderApp(new FakeWorkshopApi());
    expect(screen.getByText('No devices yet')).toBeInTheDocument();
    expect(screen.getByText(/to add the first machine/)).toBeInTheDocument();
    expect(screen.queryByRole('table')).not.toBeInTheDocument();
  });

  it('says so when the list cannot be loaded, and loads it on request', async () => {
    const api = new FakeWorkshopApi([{ name: 'Laser cutter', deviceId: 'laser-01', topicPattern: 'l/#' }]);
    api.respond('devices.list', () => ({
      ok: false,
      error: { code: 'storage', message: 'database is locked' },
    }));
    const { user } = renderWindow(api);
    expect(await screen.findByText(/Could not load the devices: database is locked/)).toBeInTheDocument();
    api.respond('devices.list', () => ({ ok: true, value: api.devices }));
    await user.click(screen.getByRole('button', { name: 'Try again' }));
    expect(await screen.findByRole('row', { name: /Laser cutter/ })).toBeInTheDocument();
  });

  it('renders only the rows in view for 5,000 devices, and search still finds the last one', async () => {
    const many: DeviceCreateInput[] = Array.from({ length: 5000 }, (_, i) => ({
      name: `Machine ${String(i).padStart(4, '0')}`,
      deviceId: `m-${i}`,
      topicPattern: `hall/m${i}/#`,
    }));
    const { user } = await renderApp(new FakeWorkshopApi(many));
    expect(screen.getByText('5,000 devices')).toBeInTheDocument();
    const rendered = dataRows().length;
    expect(rendered).toBeGreaterThan(5);
    expect(rendered).toBeLessThan(60);
    expect(screen.getByRole('table', { name: 'Devices' })).toHaveAttribute('aria-rowcount', '5001');
    await user.type(screen.getByRole('searchbox', { name: 'Search devices' }), 'Machine 4999');
    expect(names()).toEqual(['Machine 4999']);
  });
});
