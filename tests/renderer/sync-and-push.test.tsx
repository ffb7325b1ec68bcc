import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { PushNotice, PushOutcome } from '../../src-shared';
import { FakeWorkshopApi, makeStatus, successOutcome } from './fake-workshop-api';
import { LASER, renderApp } from './render-app';

const status = () => screen.getByRole('status', { name: 'Sync status' });
const pushButton = () => screen.getByRole('button', { name: /^Push (config|\d+ changes?)$/ });
// Built from local wall-clock parts, so the expected hh:mm:ss holds in every time zone.
const localIso = (h: number, m: number, s: number) => new Date(2026, 10, 29, h, m, s).toISOString();

const unreachable: PushOutcome = {
  ok: false,
  kind: 'unreachable',
  message: 'connect ECONNREFUSED 10.0.0.5:8080',
  attempts: 4,
  durationMs: 7100,
  revision: 5,
  configHash: 'sha256:ccc',
};
const rejected: PushOutcome = {
  ok: false,
  kind: 'rejected',
  status: 422,
  message: 'devices[0].mqtt_topic: unsupported wildcard',
  attempts: 1,
  durationMs: 30,
  revision: 5,
  configHash: 'sha256:ccc',
};

describe('sync status', () => {
  it('tells a fresh install that nothing was pushed yet and what will push it', async () => {
    const api = new FakeWorkshopApi([]);
    api.status = makeStatus({
      state: 'pending',
      desiredRevision: 0,
      acknowledgedRevision: null,
      pendingSince: localIso(8, 0, 0),
    });
    await renderApp(api);
    // Nothing is wrong: calm words in a neutral colour, not an amber Pending.
    expect(status()).toHaveTextContent('Nothing pushed yet');
    expect(status()).toHaveTextContent('Your first change sends the config');
    expect(status()).not.toHaveTextContent('Pending');
    expect(status()).toHaveClass('tone-idle');
  });

  it('renders each state in words main reported, updating live from sync.status events', async () => {
    const api = new FakeWorkshopApi([LASER]);
    api.status = makeStatus({ state: 'in_sync', acknowledgedRevision: 7, desiredRevision: 7 });
    await renderApp(api);
    expect(status()).toHaveTextContent('In sync (revision 7)');
    expect(status()).toHaveClass('tone-ok');

    api.setStatus({ state: 'pending', desiredRevision: 8, pendingSince: localIso(14, 5, 9) });
    await waitFor(() => expect(status()).toHaveTextContent('Pending (since 14:05)'));
    expect(status()).toHaveClass('tone-pending');

    api.setStatus({ state: 'pushing' });
    await waitFor(() => expect(status()).toHaveTextContent('Pushing…'));
    expect(status()).toHaveClass('tone-busy');

    const nextTry = new Date(Date.now() + 20_000).toISOString();
    api.setStatus({ state: 'offline', nextRetryAt: nextTry, lastOutcome: unreachable });
    await waitFor(() => expect(status()).toHaveTextContent(/Bridge unreachable — next try in \d+/));
    expect(status()).toHaveTextContent('ECONNREFUSED');
    expect(status()).toHaveClass('tone-warning');

    api.setStatus({ state: 'rejected', nextRetryAt: null, lastOutcome: rejected });
    await waitFor(() =>
      expect(status()).toHaveTextContent(
        'Rejected by bridge (HTTP 422): devices[0].mqtt_topic: unsupported wildcard',
      ),
    );
    expect(status()).toHaveClass('tone-error');

    api.setStatus({
      state: 'in_sync',
      acknowledgedRevision: 8,
      lastOutcome: successOutcome({ revision: 8 }),
    });
    await waitFor(() => expect(status()).toHaveTextContent('In sync (revision 8)'));
  });

  it('says when auto push is off and the state waits for a manual push', async () => {
    const api = new FakeWorkshopApi([LASER]);
    api.status = makeStatus({ state: 'pending', autoPush: false, pendingSince: localIso(8, 0, 0) });
    await renderApp(api);
    expect(status()).toHaveTextContent('Pending (since 08:00)');
    expect(status()).toHaveTextContent('Auto push is off');
  });
});

describe('push button', () => {
  it('pushes once, shows progress, cannot start a second push, and toasts the success', async () => {
    const api = new FakeWorkshopApi([LASER]);
    api.status = makeStatus({
      state: 'pending',
      desiredRevision: 4,
      acknowledgedRevision: 3,
      pendingSince: localIso(8, 0, 0),
    });
    const { user } = await renderApp(api);
    const gate = api.hold('sync.push');
    await user.click(pushButton());
    expect(pushButton()).toBeDisabled();
    expect(pushButton()).toHaveAttribute('aria-busy', 'true');
    // No optimistic success: until main answers, the status is what main last said.
    expect(status()).toHaveTextContent('Pending');
    await user.click(pushButton());
    expect(api.callsTo('sync.push')).toHaveLength(1);

    gate.release();
    await waitFor(() => expect(status()).toHaveTextContent('In sync (revision 4)'));
    expect(pushButton()).toBeEnabled();
    const toast = await screen.findByText('Config pushed');
    expect(toast.closest('[role="status"]')).toHaveTextContent(
      'Revision 4 reached the bridge (HTTP 200, 1 attempt, 42 ms).',
    );
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
  });

  it('is disabled while main reports a push in flight (an automatic one)', async () => {
    const api = new FakeWorkshopApi([LASER]);
    await renderApp(api);
    expect(pushButton()).toBeEnabled();
    api.setStatus({ state: 'pushing' });
    await waitFor(() => expect(pushButton()).toBeDisabled());
    api.setStatus({ state: 'in_sync' });
    await waitFor(() => expect(pushButton()).toBeEnabled());
  });

  it('toasts a failed push as an alert that stays until dismissed', async () => {
    const api = new FakeWorkshopApi([LASER]);
    api.respond('sync.push', () => {
      api.setStatus({ state: 'rejected', lastOutcome: rejected });
      return { ok: true, value: rejected };
    });
    const { user } = await renderApp(api);
    await user.click(pushButton());
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('Rejected by bridge');
    expect(alert).toHaveTextContent(
      'devices[0].mqtt_topic: unsupported wildcard (revision 5, HTTP 422, 1 attempt)',
    );
    await user.click(within(alert).getByRole('button', { name: 'Dismiss' }));
    await waitFor(() => expect(screen.queryByRole('alert')).not.toBeInTheDocument());
  });

  it('toasts an error when main cannot run the push at all', async () => {
    const api = new FakeWorkshopApi([LASER]);
    api.respond('sync.push', () => ({
      ok: false,
      error: { code: 'unavailable', message: 'sync.push: host down' },
    }));
    const { user } = await renderApp(api);
    await user.click(pushButton());
    expect(await screen.findByRole('alert')).toHaveTextContent('Push failedsync.push: host down');
  });
});

describe('automatic push notices', () => {
  const failure: PushNotice = {
    kind: 'failure',
    trigger: 'retry',
    title: 'Bridge unreachable',
    message: 'revision 5 could not be pushed: ECONNREFUSED',
    outcome: unreachable,
  };
  const recovered: PushNotice = {
    kind: 'recovered',
    trigger: 'retry',
    title: 'Bridge reachable again',
    message: 'revision 5 pushed after 3 failures',
    outcome: successOutcome({ revision: 5 }),
  };
  const success: PushNotice = {
    kind: 'success',
    trigger: 'auto',
    title: 'Config pushed',
    message: 'revision 6',
    outcome: successOutcome({ revision: 6 }),
  };

  it('shows failures as alerts and recoveries as fading toasts (errors-only preference)', async () => {
    const { api } = await renderApp(new FakeWorkshopApi([LASER]));
    api.emit('push.notice', failure);
    expect(await screen.findByRole('alert')).toHaveTextContent('Bridge unreachable');
    api.emit('push.notice', success);
    api.emit('push.notice', recovered);
    expect(await screen.findByText('Bridge reachable again')).toBeInTheDocument();
    // The recovery replaces the failure; a plain success is not an error, so "errors" hides it.
    await waitFor(() => expect(screen.queryByRole('alert')).not.toBeInTheDocument());
    expect(screen.queryByText('revision 6')).not.toBeInTheDocument();
  });

  it('follows the Notifications preference: all shows successes, off shows nothing automatic', async () => {
    const api = new FakeWorkshopApi([LASER]);
    api.settings = { ...api.settings, notifications: 'all' };
    await renderApp(api);
    await waitFor(() => expect(api.callsTo('settings.get').length).toBeGreaterThan(0));
    api.emit('push.notice', success);
    expect(await screen.findByText('revision 6')).toBeInTheDocument();

    api.settings = { ...api.settings, notifications: 'off' };
    api.emit('settings.changed', api.settings);
    api.emit('push.notice', failure);
    await new Promise((r) => setTimeout(r, 50));
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
  });

  it('does not repeat a manual push outcome that the button already toasted', async () => {
    const { api } = await renderApp(new FakeWorkshopApi([LASER]));
    api.emit('push.notice', { ...failure, trigger: 'manual' });
    await new Promise((r) => setTimeout(r, 50));
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
  });
});

describe('say what is true, once', () => {
  it('keeps showing the failure during a retry round, with the attempt, then counts down to the next try', async () => {
    const api = new FakeWorkshopApi([LASER]);
    api.status = makeStatus({ state: 'offline', lastOutcome: unreachable, nextRetryAt: null });
    await renderApp(api);
    api.setStatus({ state: 'offline', attempt: { number: 1, of: 4 } });
    await waitFor(() => expect(status()).toHaveTextContent('Bridge unreachable — trying again'));
    api.setStatus({ state: 'offline', attempt: { number: 3, of: 4 } });
    await waitFor(() => expect(status()).toHaveTextContent('Bridge unreachable — retry 2 of 3'));
    expect(status()).not.toHaveTextContent('Pushing');
    expect(status()).toHaveClass('tone-warning');
    api.setStatus({
      state: 'offline',
      attempt: null,
      nextRetryAt: new Date(Date.now() + 40_000).toISOString(),
    });
    await waitFor(() => expect(status()).toHaveTextContent(/Bridge unreachable — next try in (40|39) s/));
    // A screen reader hears the time, not a number that changes every second.
    expect(status()).toHaveTextContent(/next try at \d\d:\d\d:\d\d/);
  });

  it('shows a bridge that runs another config with both hashes and what to do, never In sync', async () => {
    const api = new FakeWorkshopApi([LASER]);
    api.status = makeStatus({
      state: 'foreign',
      desiredHash: `sha256:${'a'.repeat(64)}`,
      bridgeRunsHash: `sha256:${'f'.repeat(64)}`,
    });
    await renderApp(api);
    expect(status()).toHaveTextContent('Bridge runs another config');
    expect(status()).toHaveTextContent('sha256:aaaaaaaa…');
    expect(status()).toHaveTextContent('runs sha256:ffffffff…');
    expect(status()).toHaveTextContent('press the Push button');
    expect(status()).not.toHaveTextContent('In sync');
  });

  it('replaces "revision 7 not pushed" by revision 8\'s news in one toast, and closes it once in sync', async () => {
    const { api } = await renderApp(new FakeWorkshopApi([LASER]));
    const failed = (revision: number): PushNotice => ({
      kind: 'failure',
      trigger: 'retry',
      title: 'Bridge unreachable',
      message: `Revision ${revision} not pushed (ECONNREFUSED). It will be retried automatically.`,
      outcome: { ...unreachable, revision },
    });
    api.emit('push.notice', failed(7));
    expect(await screen.findByRole('alert')).toHaveTextContent('Revision 7 not pushed');
    api.emit('push.notice', failed(8));
    await waitFor(() => expect(screen.getByRole('alert')).toHaveTextContent('Revision 8 not pushed'));
    expect(screen.getAllByRole('alert')).toHaveLength(1);
    // Solved without news (e.g. errors-only and a quiet success): the status closes the toast.
    api.setStatus({
      state: 'in_sync',
      acknowledgedRevision: 8,
      lastOutcome: successOutcome({ revision: 8 }),
    });
    await waitFor(() => expect(screen.queryByRole('alert')).not.toBeInTheDocument());
  });

  it('closes the rejected toast when the status is in sync again', async () => {
    const api = new FakeWorkshopApi([LASER]);
    api.respond('sync.push', () => {
      api.setStatus({ state: 'rejected', lastOutcome: rejected });
      return { ok: true, value: rejected };
    });
    const { user } = await renderApp(api);
    await user.click(pushButton());
    expect(await screen.findByRole('alert')).toHaveTextContent('Rejected by bridge');
    api.setStatus({
      state: 'in_sync',
      acknowledgedRevision: 9,
      lastOutcome: successOutcome({ revision: 9 }),
    });
    await waitFor(() => expect(screen.queryByRole('alert')).not.toBeInTheDocument());
  });

  it('closes the error of a wrong bridge URL once the URL is changed', async () => {
    const api = new FakeWorkshopApi([LASER]);
    api.status = makeStatus({
      state: 'offline',
      bridgeUrl: 'http://wrong:8099/config',
      lastOutcome: unreachable,
    });
    await renderApp(api);
    api.emit('push.notice', {
      kind: 'failure',
      trigger: 'auto',
      title: 'Rejected by bridge',
      message: 'Revision 5: Not Found Check the bridge URL',
      outcome: { ...rejected, status: 404 },
    });
    expect(await screen.findByRole('alert')).toHaveTextContent('Check the bridge URL');
    api.setStatus({ state: 'pending', bridgeUrl: 'http://right:8099', lastOutcome: null });
    await waitFor(() => expect(screen.queryByRole('alert')).not.toBeInTheDocument());
  });
});

describe('storage faults', () => {
  it('names a full disk a storage error, never Bridge unreachable', async () => {
    const api = new FakeWorkshopApi([LASER]);
    api.status = makeStatus({
      state: 'storage_error',
      lastOutcome: { ...unreachable, kind: 'storage', message: 'storage error: database or disk is full' },
    });
    await renderApp(api);
    expect(status()).toHaveTextContent(
      'Could not save the sync state: storage error: database or disk is full',
    );
    expect(status()).toHaveTextContent('The bridge state is unchanged');
    expect(status()).not.toHaveTextContent('Bridge unreachable');
  });
});
