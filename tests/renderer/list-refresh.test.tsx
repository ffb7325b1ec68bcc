/**
 * One save, one list call: the store shows its own save's answer at once and fetches the list only when main
 * announces the commit (devices.changed), which it does once per transaction, our own included.
 */
import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { FakeWorkshopApi } from './fake-workshop-api';
import { CNC, LASER, PRINTER, renderApp, rowOf } from './render-app';

const listCalls = (api: FakeWorkshopApi) => api.callsTo('devices.list').length;

/** Lets every answer and event already on its way arrive, so a second list call would show up. */
async function settle() {
  for (let i = 0; i < 5; i++) await new Promise((resolve) => setTimeout(resolve, 0));
}

describe('device list refreshes', () => {
  it('saving an edited device costs one devices.list call, and the row shows the saved value', async () => {
    const { api, user } = await renderApp(new FakeWorkshopApi([LASER, CNC]));
    const before = listCalls(api);
    await user.click(within(rowOf('Laser cutter')).getByRole('button', { name: 'Edit Laser cutter' }));
    const dialog = screen.getByRole('dialog');
    await user.clear(within(dialog).getByLabelText('Working threshold (W)'));
    await user.type(within(dialog).getByLabelText('Working threshold (W)'), '250');
    await user.click(within(dialog).getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    expect(rowOf('Laser cutter')).toHaveTextContent('/ 250 W');
    await settle();
    expect(api.callsTo('devices.update')).toHaveLength(1);
    expect(listCalls(api) - before).toBe(1);
  });

  it('adding, switching off and deleting a device cost one devices.list call each', async () => {
    const { api, user } = await renderApp(new FakeWorkshopApi([LASER, CNC, PRINTER]));

    let before = listCalls(api);
    await user.click(within(rowOf('CNC router')).getByRole('switch', { name: 'Active: CNC router' }));
    await waitFor(() =>
      expect(
        within(rowOf('CNC router')).getByRole('switch', { name: 'Active: CNC router' }),
      ).not.toBeChecked(),
    );
    await settle();
    expect(listCalls(api) - before).toBe(1);

    before = listCalls(api);
    await user.click(screen.getByRole('button', { name: 'Add device' }));
    const dialog = screen.getByRole('dialog');
    await user.type(within(dialog).getByLabelText('Name'), 'Band saw');
    await user.type(within(dialog).getByLabelText('MQTT topic'), 'shellypmmini-saw/#');
    await user.click(within(dialog).getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    expect(rowOf('Band saw')).toBeInTheDocument();
    await settle();
    expect(listCalls(api) - before).toBe(1);

    before = listCalls(api);
    await user.click(within(rowOf('Band saw')).getByRole('button', { name: 'Delete Band saw' }));
    await user.click(within(screen.getByRole('alertdialog')).getByRole('button', { name: 'Delete' }));
    await waitFor(() => expect(screen.queryByRole('row', { name: /Band saw/ })).not.toBeInTheDocument());
    await settle();
    expect(listCalls(api) - before).toBe(1);
  });

  it('a bulk action costs one devices.list call, and a change made elsewhere still refreshes', async () => {
    const { api, user } = await renderApp(new FakeWorkshopApi([LASER, CNC, PRINTER]));
    let before = listCalls(api);
    await user.click(screen.getByRole('checkbox', { name: 'Select all shown' }));
    await user.click(screen.getByRole('button', { name: 'Deactivate' }));
    await waitFor(() =>
      expect(
        within(rowOf('Laser cutter')).getByRole('switch', { name: 'Active: Laser cutter' }),
      ).not.toBeChecked(),
    );
    await settle();
    expect(listCalls(api) - before).toBe(1);

    // Another window renamed a device: only the event tells this one.
    before = listCalls(api);
    api.devices[0] = { ...api.devices[0]!, name: 'Laser (bay 2)' };
    api.emit('devices.changed', { at: '2026-11-29T10:00:00.000Z' });
    expect(await screen.findByRole('row', { name: /Laser \(bay 2\)/ })).toBeInTheDocument();
    await settle();
    expect(listCalls(api) - before).toBe(1);
  });
});
