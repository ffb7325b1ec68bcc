import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { FakeWorkshopApi, makeStatus } from './fake-workshop-api';
import { CNC, LASER, PRINTER, renderApp, rowOf } from './render-app';

// Issue 11: the Push button says what waits (like a deploy button), and each row the bridge does not have yet says so.
const pushButton = () => screen.getByRole('button', { name: /^Push (config|\d+ changes?)$/ });
const markIn = (name: string) => within(rowOf(name)).queryByText('not on the bridge yet');
const idOf = (api: FakeWorkshopApi, deviceId: string) => api.devices.find((d) => d.deviceId === deviceId)!.id;

describe('unpushed changes', () => {
  it('is quiet when the bridge has the config: "Push config", not the primary colour, no row marked', async () => {
    await renderApp(new FakeWorkshopApi([LASER, CNC, PRINTER]));
    await waitFor(() => expect(pushButton()).toHaveAccessibleName('Push config'));
    expect(pushButton()).not.toHaveClass('button-primary');
    expect(pushButton()).toBeEnabled();
    expect(screen.queryByText('not on the bridge yet')).not.toBeInTheDocument();
  });

  it('counts each edit, turn-off and deletion, marks the rows that exist, and clears after a push', async () => {
    const { api, user } = await renderApp(new FakeWorkshopApi([LASER, CNC, PRINTER]));
    await waitFor(() => expect(pushButton()).toHaveAccessibleName('Push config'));

    await api.invoke('devices.update', {
      id: idOf(api, 'laser-01'),
      patch: { strategyConfig: { workingThresholdW: 180 } },
    });
    await waitFor(() => expect(pushButton()).toHaveAccessibleName('Push 1 change'));
    expect(pushButton()).toHaveClass('button-primary');
    expect(markIn('Laser cutter')).toHaveAttribute(
      'title',
      'Not on the bridge yet: the bridge still runs the values it had before this edit',
    );
    expect(markIn('CNC router')).toBeNull();

    await api.invoke('devices.update', { id: idOf(api, 'cnc-01'), patch: { active: false } });
    await waitFor(() => expect(pushButton()).toHaveAccessibleName('Push 2 changes'));
    expect(markIn('CNC router')).toHaveAttribute(
      'title',
      'Not on the bridge yet: switched off here, the bridge still watches it',
    );

    // A deleted device has no row left to mark: the button counts it.
    await api.invoke('devices.delete', { id: idOf(api, 'laser-01') });
    await waitFor(() => expect(screen.queryByRole('row', { name: /Laser cutter/ })).not.toBeInTheDocument());
    expect(pushButton()).toHaveAccessibleName('Push 2 changes');

    await api.invoke('devices.create', {
      name: 'Band saw',
      deviceId: 'saw-01',
      topicPattern: 'workshop/saw',
    });
    await waitFor(() => expect(pushButton()).toHaveAccessibleName('Push 3 changes'));
    expect(markIn('Band saw')).toHaveAttribute('title', 'Not on the bridge yet: added since the last push');
    // An inactive device that stayed inactive is not the bridge's business.
    expect(markIn('Prusa printer')).toBeNull();

    await user.click(pushButton());
    await waitFor(() => expect(pushButton()).toHaveAccessibleName('Push config'));
    expect(pushButton()).not.toHaveClass('button-primary');
    expect(screen.queryByText('not on the bridge yet')).not.toBeInTheDocument();
  });

  it('does not count an edit the bridge never sees (notes, an inactive device)', async () => {
    const { api } = await renderApp(new FakeWorkshopApi([LASER, CNC, PRINTER]));
    await api.invoke('devices.update', { id: idOf(api, 'laser-01'), patch: { notes: 'lens cleaned' } });
    await api.invoke('devices.update', {
      id: idOf(api, 'printer-02'),
      patch: { strategyConfig: { workingThresholdW: 90 } },
    });
    await waitFor(() => expect(api.callsTo('config.unpushed').length).toBeGreaterThanOrEqual(3));
    await waitFor(() => expect(pushButton()).toHaveAccessibleName('Push config'));
    expect(screen.queryByText('not on the bridge yet')).not.toBeInTheDocument();
  });

  it('marks a device switched on again, which the bridge does not watch yet', async () => {
    const { api } = await renderApp(new FakeWorkshopApi([LASER, CNC, PRINTER]));
    await api.invoke('devices.update', { id: idOf(api, 'printer-02'), patch: { active: true } });
    await waitFor(() => expect(pushButton()).toHaveAccessibleName('Push 1 change'));
    expect(markIn('Prusa printer')).toHaveAttribute(
      'title',
      'Not on the bridge yet: switched on since the last push',
    );
  });

  it('says "Push config" on a fresh install with devices and marks every active one', async () => {
    const api = new FakeWorkshopApi([LASER, CNC, PRINTER]);
    api.acknowledged = [];
    api.status = makeStatus({ state: 'pending', acknowledgedRevision: null, acknowledgedHash: null });
    await renderApp(api);
    await waitFor(() => expect(markIn('Laser cutter')).toBeInTheDocument());
    expect(pushButton()).toHaveAccessibleName('Push config');
    expect(pushButton()).toHaveClass('button-primary');
    expect(markIn('CNC router')).toHaveAttribute('title', 'Not on the bridge yet: added since the last push');
    expect(markIn('Prusa printer')).toBeNull();
  });

  it('follows a push made elsewhere (another window) from the sync.status event alone', async () => {
    const api = new FakeWorkshopApi([LASER, CNC]);
    api.acknowledged = [api.devices[0]!];
    api.status = makeStatus({ state: 'pending', desiredRevision: 4, desiredHash: 'sha256:bbb' });
    await renderApp(api);
    await waitFor(() => expect(pushButton()).toHaveAccessibleName('Push 1 change'));
    expect(markIn('CNC router')).toBeInTheDocument();

    api.acknowledged = [...api.devices];
    api.setStatus({ state: 'in_sync', acknowledgedRevision: 4, acknowledgedHash: 'sha256:bbb' });
    await waitFor(() => expect(pushButton()).toHaveAccessibleName('Push config'));
    expect(markIn('CNC router')).toBeNull();
  });
});
