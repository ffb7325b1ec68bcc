import { act, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { FakeWorkshopApi, makeBrokerStatus, makeLiveDevice } from './fake-workshop-api';
import { CNC, LASER, renderApp, rowOf } from './render-app';

const AT = Date.parse('2026-11-29T10:00:00.000Z');

function liveApi() {
  const api = new FakeWorkshopApi([LASER, CNC]);
  api.broker = makeBrokerStatus({ state: 'connected', url: 'mqtt://broker:1883', connectedAt: AT });
  api.live = [makeLiveDevice(api.devices[0]!)];
  return api;
}

describe('live view in the window', () => {
  it('shows Broker status in the header, following broker.status events', async () => {
    const api = liveApi();
    await renderApp(api);
    const status = screen.getByRole('status', { name: 'Broker status' });
    await waitFor(() => expect(status).toHaveTextContent('Broker connected'));
    act(() =>
      api.emit(
        'broker.status',
        makeBrokerStatus({
          state: 'refused',
          url: 'mqtt://broker:1883',
          detail: 'The broker refused the user name or password.',
        }),
      ),
    );
    expect(status).toHaveTextContent('Broker refused login');
    expect(status).toHaveAttribute('title', expect.stringContaining('refused the user name or password'));
    act(() => api.emit('broker.status', makeBrokerStatus({ state: 'off' })));
    expect(status).toHaveTextContent('No broker set');
  });

  it('fills Power and Last seen per row, and live.overview updates them', async () => {
    const api = liveApi();
    await renderApp(api);
    const laser = rowOf('Laser cutter');
    await waitFor(() => expect(within(laser).getByText('352.4 W')).toBeInTheDocument());
    expect(within(laser).getByText(/ ago$/)).toBeInTheDocument();
    // The CNC has no live row yet: never heard.
    expect(within(rowOf('CNC router')).getByText('—')).toBeInTheDocument();
    expect(within(rowOf('CNC router')).getByText('never')).toBeInTheDocument();

    const cnc = api.devices[1]!;
    act(() =>
      api.emit('live.overview', {
        at: AT,
        devices: [
          makeLiveDevice(cnc, {
            watts: 1234.56,
            source: 'power',
            online: false,
            state: 'offline',
            diagnostics: [
              {
                code: 'offline',
                severity: 'problem',
                sentence: 'The meter said it went offline (its last will).',
              },
            ],
          }),
        ],
        removed: [],
      }),
    );
    const row = rowOf('CNC router');
    expect(within(row).getByText('1235 W')).toBeInTheDocument();
    // The row state (offline, from the meter's online flag) and the first diagnostic, in the Last seen cell.
    const hint = within(row).getByText(/went offline \(its last will\)/);
    expect(hint.closest('td')).toHaveClass('live-offline');
    act(() => api.emit('live.overview', { at: AT, devices: [], removed: [cnc.id] }));
    expect(within(rowOf('CNC router')).queryByText('1235 W')).toBeNull();
  });

  it('shows the status-updates-off sentence on the row', async () => {
    const api = liveApi();
    const sentence =
      'The Shelly is online and sends events but no status/pm1:0: the bridge will hear nothing until "Generic status update over MQTT" is switched on in the device\'s MQTT settings.';
    api.live = [
      makeLiveDevice(api.devices[0]!, {
        lastHeardByBridgeAt: null,
        state: 'never',
        diagnostics: [{ code: 'status_updates_off', severity: 'problem', sentence }],
      }),
      makeLiveDevice(api.devices[1]!, {
        lastSeenAt: null,
        lastHeardByBridgeAt: null,
        watts: null,
        state: 'never',
        diagnostics: [],
      }),
    ];
    await renderApp(api);
    const row = rowOf('Laser cutter');
    // The meter talks (its events arrived a moment ago), only not on the bridge's topic: the row says so, never
    // "never heard" beside a Last seen time.
    await waitFor(() => expect(within(row).getByText(/unheard/)).toBeInTheDocument());
    expect(within(row).getByText(/ ago$/)).toBeInTheDocument();
    expect(within(row).queryByText(/never heard/)).toBeNull();
    expect(within(row).getByTitle(sentence)).toHaveTextContent('status off');
    // A meter that sent nothing at all is "never heard".
    expect(within(rowOf('CNC router')).getByText(/never heard/)).toBeInTheDocument();
    // The whole sentence is there for screen readers too.
    expect(within(row).getByText(sentence)).toHaveClass('visually-hidden');
  });
});

describe('broker preferences', () => {
  it('edits the broker login with the password masked, and Test broker says what happened', async () => {
    const api = liveApi();
    const { user } = await renderApp(api);
    await user.click(screen.getByRole('button', { name: 'Preferences' }));
    const d = await screen.findByRole('dialog', { name: 'Preferences' });
    expect(within(d).getByLabelText('Broker password')).toHaveAttribute('type', 'password');
    const url = within(d).getByLabelText('Broker URL');
    await user.type(url, 'http://broker');
    await user.tab();
    expect(
      within(d).getByText('Broker URL must start with mqtt://, mqtts://, ws:// or wss://'),
    ).toBeInTheDocument();
    await user.clear(url);
    await user.type(url, 'mqtt://broker.local:1883');
    await user.type(within(d).getByLabelText('Broker username'), 'staff');
    await user.type(within(d).getByLabelText('Broker password'), 'pw');
    api.respond('broker.test', () => ({
      ok: true,
      value: {
        outcome: 'bad_credentials',
        url: 'mqtt://broker.local:1883',
        message: 'The broker at broker.local:1883 refused the user name or password.',
        latencyMs: 9,
      },
    }));
    await user.click(within(d).getByRole('button', { name: 'Test broker' }));
    expect(await within(d).findByRole('status', { name: 'Broker test' })).toHaveTextContent(
      'The broker at broker.local:1883 refused the user name or password.',
    );
    expect(api.callsTo('broker.test')).toEqual([
      { url: 'mqtt://broker.local:1883', username: 'staff', password: 'pw' },
    ]);
    await user.click(within(d).getByRole('button', { name: 'Save' }));
    await waitFor(() =>
      expect(api.settings).toMatchObject({
        brokerUrl: 'mqtt://broker.local:1883',
        brokerUsername: 'staff',
        brokerPassword: 'pw',
      }),
    );
  });

  it('Test broker with a malformed URL names the field once and tries no broker', async () => {
    const api = liveApi();
    const { user } = await renderApp(api);
    await user.click(screen.getByRole('button', { name: 'Preferences' }));
    const d = await screen.findByRole('dialog', { name: 'Preferences' });
    const url = within(d).getByLabelText('Broker URL');
    await user.type(url, 'http://broker');
    await user.click(within(d).getByRole('button', { name: 'Test broker' }));
    expect(within(d).getAllByText(/must start with mqtt:\/\//)).toHaveLength(1);
    expect(url).toHaveAttribute('aria-invalid', 'true');
    expect(url).toHaveFocus();
    expect(api.callsTo('broker.test')).toEqual([]);
  });
});
