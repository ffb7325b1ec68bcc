import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { Device } from '../../src-shared';
import { FakeWorkshopApi } from './fake-workshop-api';
import { CNC, LASER, renderApp } from './render-app';

const withWorking = (device: Device, workingThresholdW: number): Device => ({
  ...device,
  strategyConfig: { ...device.strategyConfig, workingThresholdW },
});

/** Three logged pushes: the oldest without its payload, then LASER + CNC, then CNC changed and a drill added. */
function apiWithPushes() {
  const api = new FakeWorkshopApi([LASER, CNC]);
  const old = api.recordPush(api.devices, { revision: 1 });
  api.pushedPayloads.delete(old.id);
  api.recordPush(api.devices, { revision: 2, startedAt: new Date(2026, 10, 29, 9, 0, 0).toISOString() });
  api.devices[1] = withWorking(api.devices[1]!, 450);
  api.addDevice({ name: 'Drill press', deviceId: 'drill-01', topicPattern: 'drill/#' });
  api.recordPush(api.devices, { revision: 3 });
  api.acknowledged = [...api.devices];
  return api;
}

async function openHistory(api: FakeWorkshopApi) {
  const rendered = await renderApp(api);
  await rendered.user.click(screen.getByRole('button', { name: 'Push history' }));
  const d = await screen.findByRole('dialog', { name: 'Push history' });
  await within(d).findAllByRole('button', { name: 'Details' });
  return { ...rendered, d };
}

const rowOfRevision = (d: HTMLElement, revision: number) =>
  within(d)
    .getAllByRole('row')
    .find((row) => row.querySelectorAll('td')[2]?.textContent === String(revision))!;

describe('push history details', () => {
  it('shows what a push changed against the one before it, field by field (old → new)', async () => {
    const { api, user, d } = await openHistory(apiWithPushes());
    const details = within(rowOfRevision(d, 3)).getByRole('button', { name: 'Details' });
    expect(details).toHaveAttribute('aria-expanded', 'false');
    await user.click(details);
    expect(details).toHaveAttribute('aria-expanded', 'true');
    const list = await within(d).findByRole('list', { name: 'Changes of revision 3' });
    expect(
      within(list)
        .getAllByRole('listitem')
        .filter((li) => li.classList.contains('diff-item'))
        .map((li) => li.textContent),
    ).toEqual([
      'Added drill-01 Drill press (drill/status/pm1:0)',
      'Changed cnc-01Working threshold: 400 W → 450 W',
    ]);
    expect(
      within(d).getByText(/Against the push before it: revision 2 at 2026-11-29 09:00:00/),
    ).toBeVisible();
    expect(api.callsTo('sync.pushDetail')).toEqual([{ id: 3 }]);

    await user.click(details);
    expect(within(d).queryByRole('list', { name: 'Changes of revision 3' })).not.toBeInTheDocument();
  });

  it('counts every device as added for the first kept push, and says when a payload is no longer kept', async () => {
    const { user, d } = await openHistory(apiWithPushes());
    await user.click(within(rowOfRevision(d, 2)).getByRole('button', { name: 'Details' }));
    const list = await within(d).findByRole('list', { name: 'Changes of revision 2' });
    expect(list).toHaveTextContent('Added cnc-01');
    expect(list).toHaveTextContent('Added laser-01');
    expect(within(d).getByText(/The first push whose payload is kept/)).toBeVisible();

    await user.click(within(rowOfRevision(d, 1)).getByRole('button', { name: 'Details' }));
    expect(await within(d).findByText(/Payload no longer kept/)).toBeVisible();
  });

  it('names the error when the detail cannot be loaded', async () => {
    const api = apiWithPushes();
    api.respond('sync.pushDetail', () => ({
      ok: false,
      error: { code: 'not_found', message: 'push 3 is not in the log (only the newest 500 are kept)' },
    }));
    const { user, d } = await openHistory(api);
    await user.click(within(rowOfRevision(d, 3)).getByRole('button', { name: 'Details' }));
    expect(await within(d).findByRole('alert')).toHaveTextContent(
      'Could not load what push 3 changed: push 3 is not in the log',
    );
  });

  it('shows the changes not yet pushed against the last acknowledged push, and follows a push', async () => {
    const api = apiWithPushes();
    api.devices[0] = withWorking(api.devices[0]!, 120);
    api.setStatus({ state: 'pending', desiredRevision: 4, desiredHash: 'sha256:d', acknowledgedRevision: 3 });
    const { d } = await openHistory(api);
    const unpushed = await within(d).findByRole('list', { name: 'Unpushed changes' });
    expect(unpushed).toHaveTextContent('Changed laser-01Working threshold: 100 W → 120 W');
    expect(within(d).getByText('Against revision 3, the last one the bridge acknowledged.')).toBeVisible();

    // A push from the header's button is not reachable while the dialog is open; main pushes by itself.
    await api.invoke('sync.push', null);
    api.setStatus({ acknowledgedHash: 'sha256:d', acknowledgedRevision: 4 });
    await waitFor(() =>
      expect(within(d).getByText('Nothing: the bridge has the current config.')).toBeVisible(),
    );
    await waitFor(() => expect(within(d).getAllByRole('button', { name: 'Details' })).toHaveLength(4));
  });

  it('says a device switched off was turned off, and back on turned on, not removed and added', async () => {
    const api = apiWithPushes();
    api.devices[1] = { ...api.devices[1]!, active: false };
    api.recordPush(api.devices, { revision: 4 });
    api.devices[1] = { ...api.devices[1]!, active: true };
    api.recordPush(api.devices, { revision: 5 });
    api.acknowledged = [...api.devices];
    const { user, d } = await openHistory(api);
    await user.click(within(rowOfRevision(d, 4)).getByRole('button', { name: 'Details' }));
    const off = await within(d).findByRole('list', { name: 'Changes of revision 4' });
    expect(off).toHaveTextContent('Turned off cnc-01');
    expect(off).not.toHaveTextContent('Removed');
    await user.click(within(rowOfRevision(d, 5)).getByRole('button', { name: 'Details' }));
    const on = await within(d).findByRole('list', { name: 'Changes of revision 5' });
    expect(on).toHaveTextContent('Turned on cnc-01');
    expect(on).not.toHaveTextContent('Added');
  });

  it('shows the unpushed switch-off of a device as turned off', async () => {
    const api = apiWithPushes();
    api.devices[0] = { ...api.devices[0]!, active: false };
    api.setStatus({ state: 'pending', desiredRevision: 4, desiredHash: 'sha256:d', acknowledgedRevision: 3 });
    const { d } = await openHistory(api);
    const unpushed = await within(d).findByRole('list', { name: 'Unpushed changes' });
    expect(unpushed).toHaveTextContent('Turned off laser-01');
  });
});
