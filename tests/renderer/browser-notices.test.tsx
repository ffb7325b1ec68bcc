import { render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { WorkshopApp } from '../../src-renderer/src/components/workshop-app';
import type { BrowserNotices } from '../../src-renderer/src/lib/browser-notices';
import type { PushNotice } from '../../src-shared';
import { FakeWorkshopApi } from './fake-workshop-api';
import { LASER } from './render-app';

const outcome = {
  ok: false as const,
  kind: 'unreachable' as const,
  message: 'ECONNREFUSED',
  attempts: 4,
  durationMs: 7000,
  revision: 3,
  configHash: `sha256:${'a'.repeat(64)}`,
};
const failure: PushNotice = {
  kind: 'failure',
  trigger: 'retry',
  title: 'Bridge unreachable',
  message: 'x',
  outcome,
};

/** A browser whose Notification API and focus the test controls; it records what it was asked to show. */
function fakeBrowser(permission: NotificationPermission, background: boolean) {
  const shown: Array<[string, string]> = [];
  let current: NotificationPermission = permission;
  const notices: BrowserNotices = {
    permission: () => current,
    request: async () => {
      current = 'granted';
      return current;
    },
    inBackground: () => background,
    show: (title, body) => shown.push([title, body]),
  };
  return { notices, shown };
}

async function renderWith(notices: BrowserNotices) {
  const api = new FakeWorkshopApi([LASER]);
  const user = userEvent.setup();
  render(<WorkshopApp api={api} systemNotices={notices} />);
  await screen.findByRole('row', { name: /Laser cutter/ });
  await waitFor(() => expect(api.callsTo('settings.get').length).toBeGreaterThan(0));
  return { api, user };
}

describe('browser notifications (web host)', () => {
  it('shows a failure as a system notification while the tab is in the background, once allowed', async () => {
    const browser = fakeBrowser('granted', true);
    const { api } = await renderWith(browser.notices);
    api.emit('push.notice', failure);
    await screen.findByRole('alert');
    expect(browser.shown).toEqual([['Bridge unreachable', 'x']]);
  });

  it('stays quiet while the person looks at the tab, or without consent', async () => {
    for (const browser of [fakeBrowser('granted', false), fakeBrowser('default', true)]) {
      const { api } = await renderWith(browser.notices);
      api.emit('push.notice', failure);
      expect(browser.shown).toEqual([]);
    }
  });

  it('asks for consent from Preferences with a click', async () => {
    const browser = fakeBrowser('default', true);
    const { user } = await renderWith(browser.notices);
    await user.click(screen.getByRole('button', { name: 'Preferences' }));
    const allow = await screen.findByRole('button', { name: 'Allow browser notifications' });
    // Styled like every other button of the dialog, not the browser's bare default.
    expect(allow).toHaveClass('button');
    await user.click(allow);
    expect(await screen.findByText(/Browser notifications are allowed/)).toBeInTheDocument();
  });
});
