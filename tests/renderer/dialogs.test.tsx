import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { PushLogEntry } from '../../src-shared';
import { FakeWorkshopApi } from './fake-workshop-api';
import { CNC, LASER, renderApp } from './render-app';

const dialog = () => screen.getByRole('dialog');

describe('preferences', () => {
  it('shows the current preferences with the token masked', async () => {
    const api = new FakeWorkshopApi([LASER]);
    api.settings = { ...api.settings, bridgeToken: 's3cret', notifications: 'all', autoPush: false };
    const { user } = await renderApp(api);
    await user.click(screen.getByRole('button', { name: 'Preferences' }));
    const d = await screen.findByRole('dialog', { name: 'Preferences' });
    expect(within(d).getByLabelText('Bridge URL')).toHaveValue('http://iot-bridge:8080');
    expect(within(d).getByLabelText('Bridge URL')).toHaveFocus();
    expect(within(d).getByLabelText('Auto push')).not.toBeChecked();
    expect(within(d).getByLabelText('Notifications')).toHaveValue('all');
    expect(within(d).getByLabelText('Bridge token')).toHaveAttribute('type', 'password');
    expect(within(d).getByLabelText('Bridge token')).toHaveValue('s3cret');
  });

  it("shows main's validation error for the bridge URL and keeps the dialog open", async () => {
    const { api, user } = await renderApp(new FakeWorkshopApi([LASER]));
    await user.click(screen.getByRole('button', { name: 'Preferences' }));
    const url = within(dialog()).getByLabelText('Bridge URL');
    await user.clear(url);
    await user.type(url, 'ftp://bridge');
    await user.click(within(dialog()).getByRole('button', { name: 'Save' }));
    expect(
      await within(dialog()).findByText('Bridge URL must start with http:// or https://'),
    ).toBeInTheDocument();
    expect(url).toHaveAttribute('aria-invalid', 'true');
    expect(url).toHaveValue('ftp://bridge');
    expect(api.settings.bridgeUrl).toBe('http://iot-bridge:8080');
  });

  it('saves only what changed, closes, and the status turns Pending for a new URL', async () => {
    const { api, user } = await renderApp(new FakeWorkshopApi([LASER]));
    const opener = screen.getByRole('button', { name: 'Preferences' });
    await user.click(opener);
    const url = within(dialog()).getByLabelText('Bridge URL');
    await user.clear(url);
    await user.type(url, 'http://bridge-2:8080');
    await user.selectOptions(within(dialog()).getByLabelText('Notifications'), 'off');
    await user.click(within(dialog()).getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    await waitFor(() => expect(opener).toHaveFocus());
    expect(api.callsTo('settings.update')).toEqual([
      { bridgeUrl: 'http://bridge-2:8080', notifications: 'off' },
    ]);
    await waitFor(() =>
      expect(screen.getByRole('status', { name: 'Sync status' })).toHaveTextContent('Pending'),
    );
  });

  it('tests the typed URL through bridge.test and says what came back', async () => {
    const api = new FakeWorkshopApi([LASER]);
    const { user } = await renderApp(api);
    await user.click(screen.getByRole('button', { name: 'Preferences' }));
    const url = within(dialog()).getByLabelText('Bridge URL');
    await user.clear(url);
    await user.type(url, 'http://bridge-3:9000');
    await user.click(within(dialog()).getByRole('button', { name: 'Test connection' }));
    expect(
      await within(dialog()).findByText('Reachable: http://bridge-3:9000/health answered HTTP 200 in 12 ms.'),
    ).toBeInTheDocument();
    expect(api.callsTo('bridge.test')).toEqual([{ url: 'http://bridge-3:9000' }]);

    api.respond('bridge.test', (input) => ({
      ok: true,
      value: {
        url: input?.url ?? '',
        reachable: false,
        ok: false,
        status: null,
        latencyMs: 3,
        message: 'connect ECONNREFUSED',
        suggestedUrl: null,
      },
    }));
    await user.click(within(dialog()).getByRole('button', { name: 'Test connection' }));
    expect(await within(dialog()).findByText('Not reachable: connect ECONNREFUSED')).toBeInTheDocument();

    const result = { url: 'http://b:8099/health', latencyMs: 3, suggestedUrl: null };
    api.respond('bridge.test', () => ({
      ok: true,
      value: {
        ...result,
        reachable: true,
        ok: false,
        status: 404,
        message: 'http://b:8099/health answered HTTP 404',
      },
    }));
    await user.click(within(dialog()).getByRole('button', { name: 'Test connection' }));
    const notBridge = await within(dialog()).findByText(/^Answered, but not as a bridge: .*HTTP 404/);
    expect(notBridge).toHaveClass('test-bad');

    api.respond('bridge.test', () => ({
      ok: true,
      value: {
        ...result,
        reachable: false,
        ok: false,
        status: null,
        suggestedUrl: 'http://b:8099',
        message: 'Write http://b:8099 instead.',
      },
    }));
    await user.click(within(dialog()).getByRole('button', { name: 'Test connection' }));
    expect(
      await within(dialog()).findByText('Check the URL: Write http://b:8099 instead.'),
    ).toBeInTheDocument();
  });

  it('Cancel discards the changes', async () => {
    const { api, user } = await renderApp(new FakeWorkshopApi([LASER]));
    await user.click(screen.getByRole('button', { name: 'Preferences' }));
    await user.click(within(dialog()).getByLabelText('Auto push'));
    await user.click(within(dialog()).getByRole('button', { name: 'Cancel' }));
    expect(api.callsTo('settings.update')).toEqual([]);
    expect(api.settings.autoPush).toBe(true);
  });
});

describe('push history', () => {
  const entries: PushLogEntry[] = [
    {
      id: 2,
      startedAt: new Date(2026, 10, 29, 14, 5, 9).toISOString(),
      trigger: 'retry',
      revision: 12,
      configHash: 'sha256:b',
      bridgeUrl: 'http://iot-bridge:8080',
      attempts: 4,
      durationMs: 7150,
      outcome: 'unreachable',
      status: null,
      message: 'push: revision 12 attempt 4/4 failed: ECONNREFUSED',
    },
    {
      id: 1,
      startedAt: new Date(2026, 10, 29, 13, 0, 0).toISOString(),
      trigger: 'manual',
      revision: 11,
      configHash: 'sha256:a',
      bridgeUrl: 'http://iot-bridge:8080',
      attempts: 1,
      durationMs: 85,
      outcome: 'success',
      status: 200,
      message: null,
    },
  ];

  it('lists the push log with time, trigger, revision, attempts, duration, outcome and message', async () => {
    const api = new FakeWorkshopApi([LASER]);
    api.history = entries;
    const { user } = await renderApp(api);
    await user.click(screen.getByRole('button', { name: 'Push history' }));
    const d = await screen.findByRole('dialog', { name: 'Push history' });
    const rows = await within(d).findAllByRole('row');
    expect(rows).toHaveLength(3);
    expect(rows[1]).toHaveTextContent(
      '2026-11-29 14:05:09retry1247.2 sUnreachablepush: revision 12 attempt 4/4 failed: ECONNREFUSED',
    );
    expect(rows[2]).toHaveTextContent('2026-11-29 13:00:00manual11185 msSuccess (200)');
  });

  it('says when nothing was pushed yet, and Escape closes it', async () => {
    const { user } = await renderApp(new FakeWorkshopApi([LASER]));
    await user.click(screen.getByRole('button', { name: 'Push history' }));
    expect(await screen.findByText(/No pushes yet/)).toBeInTheDocument();
    await user.keyboard('{Escape}');
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
  });
});

describe('config preview', () => {
  it('shows the exact JSON and the devices added, removed and changed since the last acknowledged config', async () => {
    const api = new FakeWorkshopApi([
      LASER,
      CNC,
      { name: 'Old saw', deviceId: 'saw-01', topicPattern: 'saw/#' },
    ]);
    api.acknowledged = api.devices.map((d) => ({ ...d }));
    api.devices = api.devices.filter((d) => d.deviceId !== 'saw-01');
    api.devices[1] = {
      ...api.devices[1]!,
      strategyConfig: { ...api.devices[1]!.strategyConfig, workingThresholdW: 450 },
    };
    api.addDevice({ name: 'Drill press', deviceId: 'drill-01', topicPattern: 'drill/#' });
    api.setStatus({ state: 'pending', desiredRevision: 9, acknowledgedRevision: 8 });
    const { user } = await renderApp(api);

    await user.click(screen.getByRole('button', { name: 'Preview config' }));
    const d = await screen.findByRole('dialog', { name: 'Config preview' });
    await within(d).findByText(/Revision 9 · 3 active devices/);
    expect(within(d).getByText(/Against revision 8/)).toBeInTheDocument();
    const items = within(d)
      .getAllByRole('listitem')
      .filter((li) => li.classList.contains('diff-item'));
    expect(items.map((li) => li.textContent)).toEqual([
      'Added drill-01 Drill press (drill/status/pm1:0)',
      'Removed saw-01 Old saw (saw/status/pm1:0)',
      'Changed cnc-01session_config.working_threshold_w: 400 → 450',
    ]);
    const json = JSON.parse(d.querySelector('pre')!.textContent!);
    const expected = (await api.invoke('config.preview', null)) as { ok: true; value: { config: unknown } };
    expect(json).toEqual(expected.value.config);
  });

  it('says there is nothing to push when the bridge has it all', async () => {
    const api = new FakeWorkshopApi([LASER]);
    api.acknowledged = [...api.devices];
    const { user } = await renderApp(api);
    await user.click(screen.getByRole('button', { name: 'Preview config' }));
    expect(await screen.findByText(/No changes: the bridge already has these devices/)).toBeInTheDocument();
  });
});
