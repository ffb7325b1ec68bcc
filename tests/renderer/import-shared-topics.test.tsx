import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { FakeWorkshopApi } from './fake-workshop-api';
import { LASER, renderApp } from './render-app';

// Issue 11 "Guard the easy mistakes": two devices on one meter topic are allowed on import, but said.
const dialog = () => screen.getByRole('dialog', { name: 'Import devices' });
const FILE = [
  'name,deviceId,topicPattern,parserType',
  'Laser two,laser-02,shellypmmini-laser/status/pm1:0,shelly_pm',
  'Saw,saw-01,shop/saw,generic',
  'Saw (old meter),saw-02,shop/saw,generic',
  '',
].join('\n');

describe('import: devices on the same meter topic', () => {
  it('warns in the preview and in the report, naming lines and the stored device, and still imports', async () => {
    const api = new FakeWorkshopApi([LASER]);
    const { user } = await renderApp(api);
    await user.click(screen.getByRole('button', { name: 'Import devices' }));
    await screen.findByRole('dialog', { name: 'Import devices' });
    await user.upload(within(dialog()).getByLabelText('File'), new File([FILE], 'shop.csv'));

    const warning = await within(dialog()).findByRole('region', { name: 'Same meter topic' });
    expect(
      within(warning)
        .getAllByRole('listitem')
        .map((li) => li.textContent),
    ).toEqual([
      'Laser two (line 2) and Laser cutter (stored) share the meter topic shellypmmini-laser/status/pm1:0: they would get the same readings.',
      'Saw (line 3) and Saw (old meter) (line 4) share the meter topic shop/saw: they would get the same readings.',
    ]);
    // A warning, not a refusal: nothing is refused and the import can run.
    expect(within(dialog()).queryByRole('alert')).not.toBeInTheDocument();
    const button = within(dialog()).getByRole('button', { name: 'Import 3 devices' });
    expect(button).toBeEnabled();

    await user.click(button);
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    expect(api.devices.map((d) => d.deviceId).sort()).toEqual(['laser-01', 'laser-02', 'saw-01', 'saw-02']);
    const toast = (await screen.findByText('Imported 3 devices from shop.csv')).closest('[role="status"]');
    expect(toast).toHaveTextContent('3 created.');
    expect(toast).toHaveTextContent(
      'Saw (line 3) and Saw (old meter) (line 4) share the meter topic shop/saw',
    );
  });

  it('says nothing when every device keeps a topic of its own', async () => {
    const { user } = await renderApp(new FakeWorkshopApi([LASER]));
    await user.click(screen.getByRole('button', { name: 'Import devices' }));
    await screen.findByRole('dialog', { name: 'Import devices' });
    const own = 'name,deviceId,topicPattern\nLathe,lathe-01,shop/lathe\n';
    await user.upload(within(dialog()).getByLabelText('File'), new File([own], 'lathe.csv'));
    await within(dialog()).findByRole('button', { name: 'Import 1 device' });
    expect(within(dialog()).queryByRole('region', { name: 'Same meter topic' })).not.toBeInTheDocument();
  });
});
