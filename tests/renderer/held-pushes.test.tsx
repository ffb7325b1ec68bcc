/**
 * Issue 9 §5 in the window: while main holds pushes because the preferences were unreadable, the header says so
 * in plain words with where the last push went, one click confirms that URL, and saving Preferences confirms the
 * URL in the form even when it was not changed.
 */
import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../src-shared';
import { FakeWorkshopApi, makeStatus } from './fake-workshop-api';
import { LASER, renderApp } from './render-app';

const status = () => screen.getByRole('status', { name: 'Sync status' });
const held = (lastBridgeUrl: string | null) =>
  makeStatus({
    state: 'held',
    acknowledgedRevision: null,
    acknowledgedHash: null,
    desiredRevision: 4,
    lastBridgeUrl,
    unreadablePreferences: '/data/preferences.json.unreadable-2026-12-03T08-00-00-000Z',
  });

describe('pushes held after unreadable preferences', () => {
  it('says why, names the last URL, and confirms it in one click', async () => {
    const api = new FakeWorkshopApi([LASER]);
    api.status = held('http://bridge.lan:8080');
    const { user } = await renderApp(api);

    expect(status()).toHaveTextContent('Preferences were unreadable — confirm the bridge URL before pushing');
    expect(status()).toHaveTextContent('The last push went to http://bridge.lan:8080');
    expect(status()).toHaveClass('tone-error');
    // In full under the header (the badge is one short line), with the file that was kept.
    const banner = screen.getByRole('region', { name: 'Pushes held' });
    expect(banner).toHaveTextContent('Preferences were unreadable — confirm the bridge URL before pushing.');
    expect(banner).toHaveTextContent('preferences.json.unreadable-2026-12-03T08-00-00-000Z');

    await user.click(within(banner).getByRole('button', { name: 'Use http://bridge.lan:8080' }));
    expect(api.callsTo('settings.update')).toEqual([{ bridgeUrl: 'http://bridge.lan:8080' }]);
    await waitFor(() => expect(status()).not.toHaveTextContent('Preferences were unreadable'));
    expect(screen.queryByRole('region', { name: 'Pushes held' })).not.toBeInTheDocument();
  });

  it('without a last URL points at Preferences, where Save confirms the URL even unchanged', async () => {
    const api = new FakeWorkshopApi([LASER]);
    api.status = held(null);
    const { user } = await renderApp(api);
    expect(status()).toHaveTextContent('Save the bridge URL in Preferences');
    expect(screen.queryByRole('button', { name: /^Use / })).not.toBeInTheDocument();

    await user.click(screen.getByRole('button', { name: 'Open Preferences' }));
    const dialog = await screen.findByRole('dialog', { name: 'Preferences' });
    expect(within(dialog).getByText(/pushes wait until you save the bridge URL/)).toBeInTheDocument();
    await user.click(within(dialog).getByRole('button', { name: 'Save' }));
    expect(api.callsTo('settings.update')).toEqual([{ bridgeUrl: DEFAULT_SETTINGS.bridgeUrl }]);
  });

  it('saves only what changed once nothing is held', async () => {
    const api = new FakeWorkshopApi([LASER]);
    const { user } = await renderApp(api);
    await user.click(screen.getByRole('button', { name: 'Preferences' }));
    const dialog = await screen.findByRole('dialog', { name: 'Preferences' });
    await user.click(within(dialog).getByRole('button', { name: 'Save' }));
    expect(api.callsTo('settings.update')).toEqual([]);
  });
});
