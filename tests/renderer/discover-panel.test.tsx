import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { STATUS_UPDATES_OFF_SENTENCE } from '../../src-shared';
import { discoveredFrom, everyKind, gen3StatusOn } from '../support/fake-meter-messages';
import { FakeWorkshopApi } from './fake-workshop-api';
import { LASER, renderApp } from './render-app';

const CONFIGURED = { name: 'CNC router', deviceId: 'cnc', topicPattern: 'shellypmminig3-cnc000000001/#' };

/** A fake main with a broker set and a discovery that has heard one meter of each kind plus a configured one. */
function withMeters() {
  const api = new FakeWorkshopApi([LASER, CONFIGURED]);
  api.settings = { ...api.settings, brokerUrl: 'mqtt://127.0.0.1:1883' };
  api.discovery = {
    ...api.discovery,
    meters: discoveredFrom([...everyKind(), ...gen3StatusOn('shellypmminig3-cnc000000001')], api.devices),
  };
  return api;
}

async function openPanel(api: FakeWorkshopApi) {
  const view = await renderApp(api);
  await view.user.click(screen.getByRole('button', { name: /^Discover meters/ }));
  const panel = await screen.findByRole('dialog', { name: 'Discover meters' });
  await within(panel).findByRole('table', { name: 'Meters found' });
  return { ...view, panel };
}

describe('Discover meters panel', () => {
  it('lists the meters with a countdown, Add or Open per row, and the status-updates-off advice', async () => {
    const { api, panel } = await openPanel(withMeters());
    expect(api.callsTo('discovery.start')).toHaveLength(1);
    expect(within(panel).getByRole('status')).toHaveTextContent(
      'Listening on mqtt://127.0.0.1:1883: 30 s left · 6 meters found',
    );
    const rows = within(within(panel).getByRole('table', { name: 'Meters found' }))
      .getAllByRole('row')
      .slice(1);
    expect(rows).toHaveLength(6);
    expect(within(panel).getByRole('button', { name: 'Open CNC router' })).toBeInTheDocument();
    // Why that row says Open, in view (not only in a tooltip).
    const known = within(panel).getByRole('button', { name: 'Open CNC router' }).closest('tr')!;
    expect(within(known as HTMLElement).getByText('Already a device: CNC router (cnc)')).toBeVisible();
    expect(within(panel).getAllByText(/^Already a device/)).toHaveLength(1);
    expect(within(panel).getAllByRole('button', { name: /^Add (?!all)/ })).toHaveLength(5);
    const off = within(panel).getByRole('row', { name: /shellypmminig3-a0b1c2d3e4f5/ });
    expect(within(off).getByText('Off (events only)')).toBeInTheDocument();
    expect(within(off).getByText(STATUS_UPDATES_OFF_SENTENCE)).toBeInTheDocument();
    // Only that meter gets the sentence.
    expect(within(panel).getAllByText(STATUS_UPDATES_OFF_SENTENCE)).toHaveLength(1);
    const gen2 = within(panel).getByRole('row', { name: /shellyplus1pm-3c61057263dc/ });
    expect(within(gen2).getByText('switch:0')).toBeInTheDocument();
    expect(within(gen2).getByText('579.0 W')).toBeInTheDocument();
  });

  it('Stop stops listening; closing while listening stops too', async () => {
    const { api, user, panel } = await openPanel(withMeters());
    await user.click(within(panel).getByRole('button', { name: 'Stop' }));
    expect(api.callsTo('discovery.stop')).toHaveLength(1);
    expect(await within(panel).findByRole('button', { name: 'Listen again' })).toBeInTheDocument();
    expect(within(panel).getByRole('status')).toHaveTextContent('Stopped listening · 6 meters found');

    await user.click(within(panel).getByRole('button', { name: 'Listen again' }));
    expect(api.callsTo('discovery.start')).toHaveLength(2);
    await within(panel).findByRole('button', { name: 'Stop' });
    await user.click(within(panel).getByRole('button', { name: 'Close' }));
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    expect(api.callsTo('discovery.stop')).toHaveLength(2);
  });

  it('Add opens the editor pre-filled; Save creates the device and returns to the panel', async () => {
    const { api, user, panel } = await openPanel(withMeters());
    await user.click(within(panel).getByRole('button', { name: 'Add Shelly Plus 1PM 3c61057263dc' }));
    const editor = await screen.findByRole('dialog', { name: 'Add device' });
    expect(within(editor).getByLabelText('Name')).toHaveValue('Shelly Plus 1PM 3c61057263dc');
    expect(within(editor).getByLabelText('Device ID')).toHaveValue('shellyplus1pm-3c61057263dc');
    expect(within(editor).getByLabelText(/^MQTT topic/)).toHaveValue(
      'shellyplus1pm-3c61057263dc/status/switch:0',
    );
    expect(within(editor).getByLabelText('Working threshold (W)')).toHaveDisplayValue('100');
    await user.click(within(editor).getByRole('button', { name: 'Save' }));
    await screen.findByRole('dialog', { name: 'Discover meters' });
    expect(api.callsTo('discovery.state')).toHaveLength(1); // resumed, not restarted
    expect(api.callsTo('discovery.start')).toHaveLength(1);
    expect(api.callsTo('devices.create')).toEqual([
      expect.objectContaining({
        deviceId: 'shellyplus1pm-3c61057263dc',
        topicPattern: 'shellyplus1pm-3c61057263dc/status/switch:0',
        parserType: 'shelly_pm',
      }),
    ]);
  });

  it('Open shows the existing device in the editor', async () => {
    const { user, panel } = await openPanel(withMeters());
    await user.click(within(panel).getByRole('button', { name: 'Open CNC router' }));
    expect(await screen.findByRole('dialog', { name: 'Edit CNC router' })).toBeInTheDocument();
  });

  it('Add all shows the dry run first, then adds the selected meters in one call', async () => {
    const { api, user, panel } = await openPanel(withMeters());
    const addAll = () => within(panel).getByRole('button', { name: /^Add all selected/ });
    expect(addAll()).toBeDisabled();
    await user.click(within(panel).getByRole('checkbox', { name: 'Select all new meters' }));
    expect(addAll()).toHaveAccessibleName('Add all selected (5)…');
    await user.click(within(panel).getByRole('checkbox', { name: 'Select site/shelly-laser' }));
    await user.click(addAll());

    const preview = await within(panel).findByRole('table', { name: 'Devices to add' });
    expect(within(preview).getAllByRole('row').slice(1)).toHaveLength(4);
    expect(within(panel).getByText(/4 devices to add: nothing is written yet/)).toBeInTheDocument();
    expect(api.callsTo('discovery.add')).toEqual([expect.objectContaining({ dryRun: true })]);
    expect(api.devices).toHaveLength(2);

    await user.click(within(panel).getByRole('button', { name: 'Add 4 devices' }));
    await waitFor(() => expect(api.devices).toHaveLength(6));
    expect(api.callsTo('discovery.add')).toHaveLength(2);
    expect(api.callsTo('discovery.add')[1]).toMatchObject({ dryRun: false });
    expect(await screen.findByText('Added 4 devices')).toBeInTheDocument();
  });

  it('asks before identifying, and publishes nothing on Cancel', async () => {
    const { api, user, panel } = await openPanel(withMeters());
    await user.click(within(panel).getByRole('button', { name: 'Ask meters to identify themselves…' }));
    const confirm = within(panel).getByRole('alertdialog', { name: 'Ask meters to identify themselves?' });
    expect(confirm).toHaveTextContent('This publishes a request to every meter found');
    await user.click(within(confirm).getByRole('button', { name: 'Cancel' }));
    expect(api.callsTo('discovery.identify')).toHaveLength(0);

    await user.click(within(panel).getByRole('button', { name: 'Ask meters to identify themselves…' }));
    await user.click(within(panel).getByRole('button', { name: 'Ask them' }));
    expect(api.callsTo('discovery.identify')).toHaveLength(1);
    expect(await within(panel).findByText('6 requests sent; 0 answers so far.')).toBeInTheDocument();
  });

  it('without a broker the button says so and the panel points to Preferences', async () => {
    const api = new FakeWorkshopApi([LASER]);
    api.discovery = {
      ...api.discovery,
      phase: 'failed',
      brokerUrl: '',
      endsAt: null,
      error: 'No broker is set: enter the Broker URL in Preferences to discover meters.',
    };
    const { user } = await renderApp(api);
    const button = await screen.findByRole('button', { name: 'Discover meters · no broker set' });
    await user.click(button);
    const panel = await screen.findByRole('dialog', { name: 'Discover meters' });
    expect(within(panel).getByRole('alert')).toHaveTextContent('No broker is set');
    expect(within(panel).getByRole('button', { name: 'Ask meters to identify themselves…' })).toBeDisabled();
    await user.click(within(panel).getByRole('button', { name: 'Open Preferences' }));
    expect(await screen.findByRole('dialog', { name: 'Preferences' })).toBeInTheDocument();
  });

  it('shows meters arriving through the discovery.state event', async () => {
    const api = withMeters();
    const meters = api.discovery.meters;
    api.discovery = { ...api.discovery, meters: [] };
    const view = await renderApp(api);
    await view.user.click(screen.getByRole('button', { name: /^Discover meters/ }));
    const panel = await screen.findByRole('dialog', { name: 'Discover meters' });
    expect(await within(panel).findByText(/No meter heard yet/)).toBeInTheDocument();
    api.emit('discovery.state', { ...api.discovery, meters: meters.slice(0, 2), capped: true, leftOut: 12 });
    expect(await within(panel).findByRole('table', { name: 'Meters found' })).toBeInTheDocument();
    expect(within(panel).getByText(/Showing the first 500 meters; 12 messages/)).toBeInTheDocument();
  });
});
