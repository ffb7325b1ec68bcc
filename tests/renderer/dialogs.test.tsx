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

  it('Test connection with a malformed URL names the field once and asks no bridge', async () => {
    const api = new FakeWorkshopApi([LASER]);
    const { user } = await renderApp(api);
    await user.click(screen.getByRole('button', { name: 'Preferences' }));
    const url = within(dialog()).getByLabelText('Bridge URL');
    await user.clear(url);
    await user.type(url, 'htp:/bridge');
    await user.click(within(dialog()).getByRole('button', { name: 'Test connection' }));
    expect(within(dialog()).getAllByText(/must start with http:\/\/ or https:\/\//)).toHaveLength(1);
    expect(url).toHaveAttribute('aria-invalid', 'true');
    expect(url).toHaveFocus();
    expect(api.callsTo('bridge.test')).toEqual([]);
  });

  it('Cancel discards the changes, after asking', async () => {
    const { api, user } = await renderApp(new FakeWorkshopApi([LASER]));
    await user.click(screen.getByRole('button', { name: 'Preferences' }));
    await user.click(within(dialog()).getByLabelText('Auto push'));
    await user.click(within(dialog()).getByRole('button', { name: 'Cancel' }));
    await user.click(
      within(screen.getByRole('alertdialog', { name: 'Discard your changes?' })).getByRole('button', {
        name: 'Discard changes',
      }),
    );
    await waitFor(() => expect(screen.queryByRole('dialog', { name: 'Preferences' })).toBeNull());
    expect(api.callsTo('settings.update')).toEqual([]);
    expect(api.settings.autoPush).toBe(true);
  });

  it('Escape with a typed bridge URL asks before throwing it away; untouched, it closes at once', async () => {
    const { api, user } = await renderApp(new FakeWorkshopApi([LASER]));
    await user.click(screen.getByRole('button', { name: 'Preferences' }));
    const url = within(dialog()).getByLabelText('Bridge URL');
    await user.clear(url);
    await user.type(url, 'http://bridge-9:8080');
    await user.keyboard('{Escape}');
    const ask = await screen.findByRole('alertdialog', { name: 'Discard your changes?' });
    await user.click(within(ask).getByRole('button', { name: 'Keep editing' }));
    expect(
      within(screen.getByRole('dialog', { name: 'Preferences' })).getByLabelText('Bridge URL'),
    ).toHaveValue('http://bridge-9:8080');
    await user.click(within(dialog()).getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(screen.queryByRole('dialog', { name: 'Preferences' })).toBeNull());
    expect(api.settings.bridgeUrl).toBe('http://bridge-9:8080');
    await user.click(screen.getByRole('button', { name: 'Preferences' }));
    await user.keyboard('{Escape}');
    await waitFor(() => expect(screen.queryByRole('dialog', { name: 'Preferences' })).toBeNull());
    expect(screen.queryByRole('alertdialog')).toBeNull();
  });
});

describe('push history', () => {
  const at = (h: number, m: number, sec: number) => new Date(2026, 10, 29, h, m, sec).toISOString();
  const base = { configHash: 'sha256:b', bridgeUrl: 'http://iot-bridge:8080', status: null };
  const refused = 'Bridge unreachable at http://iot-bridge:8080 (connection refused)';
  // The raw log, newest first: revision 12 failed twice (the first push and a background retry), then got through.
  const failed = {
    ...base,
    revision: 12,
    attempts: 4,
    durationMs: 7150,
    outcome: 'unreachable',
    message: refused,
  } as const;
  const entries: PushLogEntry[] = [
    {
      ...base,
      id: 4,
      startedAt: at(14, 6, 0),
      trigger: 'retry',
      revision: 12,
      attempts: 1,
      durationMs: 40,
      outcome: 'success',
      status: 200,
      message: null,
    },
    { ...failed, id: 3, startedAt: at(14, 5, 30), trigger: 'retry' },
    { ...failed, id: 2, startedAt: at(14, 5, 9), trigger: 'auto' },
    {
      ...base,
      id: 1,
      startedAt: at(13, 0, 0),
      trigger: 'manual',
      revision: 11,
      configHash: 'sha256:a',
      attempts: 1,
      durationMs: 85,
      outcome: 'success',
      status: 200,
      message: null,
    },
  ];

  it('shows one row per push, its retries listed as attempts inside it', async () => {
    const api = new FakeWorkshopApi([LASER]);
    api.history = entries;
    const { user } = await renderApp(api);
    await user.click(screen.getByRole('button', { name: 'Push history' }));
    const d = await screen.findByRole('dialog', { name: 'Push history' });
    const rows = await within(d).findAllByRole('row');
    expect(rows).toHaveLength(3);
    expect(rows[1]).toHaveTextContent('2026-11-29 14:05:09Automatic123 attemptsSuccess (200)Details');
    expect(rows[2]).toHaveTextContent('2026-11-29 13:00:00Push button111 attemptSuccess (200)Details');

    await user.click(within(rows[1]!).getByRole('button', { name: 'Details' }));
    const attempts = await within(d).findByRole('list', { name: 'Attempts of revision 12' });
    expect(
      within(attempts)
        .getAllByRole('listitem')
        .map((li) => li.textContent),
    ).toEqual([
      `Attempt 1 at 2026-11-29 14:05:09: Unreachable, 4 requests in 7.2 s — ${refused}`,
      `Attempt 2 at 2026-11-29 14:05:30: Unreachable, 4 requests in 7.2 s — ${refused}`,
      'Attempt 3 at 2026-11-29 14:06:00: Success (200), 1 request in 40 ms',
    ]);
  });

  it('shows a push that still fails with its latest message, in a column that wraps by words', async () => {
    const api = new FakeWorkshopApi([LASER]);
    api.history = entries.slice(1);
    const { user } = await renderApp(api);
    await user.click(screen.getByRole('button', { name: 'Push history' }));
    const d = await screen.findByRole('dialog', { name: 'Push history' });
    const rows = await within(d).findAllByRole('row');
    expect(rows[1]).toHaveTextContent(`Automatic122 attemptsUnreachable${refused}`);
    const message = within(rows[1]!).getByText(refused);
    expect(message).toHaveClass('cell-message');
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
      'Changed cnc-01Working threshold: 400 W → 450 W',
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
