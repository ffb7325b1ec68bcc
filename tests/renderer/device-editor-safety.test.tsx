/**
 * Issue 11 "Never lose an edit" and "Guard the easy mistakes" in the editor: stale saves, discarding typed
 * changes, decimal commas, presets, the suggested device ID and the warnings.
 */
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { FakeWorkshopApi } from './fake-workshop-api';
import { CNC, LASER, renderApp, rowOf } from './render-app';

const dialog = () => screen.getByRole('dialog');
const field = (label: string) => within(dialog()).getByLabelText(label);

async function openLaser(api = new FakeWorkshopApi([LASER, CNC])) {
  const rendered = await renderApp(api);
  await rendered.user.click(within(rowOf('Laser cutter')).getByRole('button', { name: /^Edit/ }));
  return rendered;
}

/** Another window saves the laser while this one edits it. */
async function savedElsewhere(api: FakeWorkshopApi, patch: Record<string, unknown>) {
  const r = await api.invoke('devices.update', { id: 1, patch });
  if (!r.ok) throw new Error(r.error.message);
}

describe('editing a device another window saved meanwhile', () => {
  it('sends only the changed fields with the version it began from', async () => {
    const { api, user } = await openLaser();
    await user.type(field('Notes'), 'new belt');
    await user.click(within(dialog()).getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    expect(api.callsTo('devices.update')).toEqual([
      { id: 1, patch: { notes: 'new belt' }, baseUpdatedAt: '2026-11-29T10:00:00.000Z' },
    ]);
  });

  it('says what they changed; "Use mine" keeps their threshold and saves my notes', async () => {
    const { api, user } = await openLaser();
    await savedElsewhere(api, { strategyConfig: { workingThresholdW: 200 } });
    await user.type(field('Notes'), 'new belt');
    await user.click(within(dialog()).getByRole('button', { name: 'Save' }));

    const panel = await within(dialog()).findByRole('alert', { name: /Saved elsewhere while you edited/ });
    expect(panel).toHaveTextContent('Working threshold was changed to 200 W while you edited');
    expect(dialog()).toBeInTheDocument();
    expect(api.devices[0]!.notes).toBe('');

    await user.click(within(panel).getByRole('button', { name: 'Use mine' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    expect(api.devices[0]!.notes).toBe('new belt');
    expect(api.devices[0]!.strategyConfig.workingThresholdW).toBe(200);
  });

  it('"Keep theirs" shows their values and saves nothing', async () => {
    const { api, user } = await openLaser();
    await savedElsewhere(api, { name: 'Laser (big)' });
    await user.clear(field('Name'));
    await user.type(field('Name'), 'Laser A');
    await user.click(within(dialog()).getByRole('button', { name: 'Save' }));
    const panel = await within(dialog()).findByRole('alert', { name: /Saved elsewhere/ });
    expect(panel).toHaveTextContent('Name was changed to “Laser (big)” while you edited');
    await user.click(within(panel).getByRole('button', { name: 'Keep theirs' }));
    expect(field('Name')).toHaveValue('Laser (big)');
    expect(api.devices[0]!.name).toBe('Laser (big)');
    // Nothing typed is left: Cancel closes without asking.
    await user.click(within(dialog()).getByRole('button', { name: 'Cancel' }));
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
  });

  it('merges field by field where both changed the same field', async () => {
    const { api, user } = await openLaser();
    await savedElsewhere(api, { strategyConfig: { workingThresholdW: 200, standbyThresholdW: 30 } });
    await user.clear(field('Working threshold (W)'));
    await user.type(field('Working threshold (W)'), '180');
    await user.clear(field('Standby threshold (W)'));
    await user.type(field('Standby threshold (W)'), '25');
    await user.click(within(dialog()).getByRole('button', { name: 'Save' }));
    const panel = await within(dialog()).findByRole('alert', { name: /Saved elsewhere/ });
    const working = within(panel).getByRole('radiogroup', { name: 'Working threshold (W)' });
    await user.click(within(working).getByRole('radio', { name: 'Theirs: 200 W' }));
    await user.click(within(panel).getByRole('button', { name: 'Save merged' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    expect(api.devices[0]!.strategyConfig).toMatchObject({ workingThresholdW: 200, standbyThresholdW: 25 });
  });
});

describe('closing with typed changes', () => {
  it('Cancel asks; "Keep editing" keeps every typed value', async () => {
    const { user } = await openLaser();
    await user.type(field('Notes'), 'half typed');
    await user.click(within(dialog()).getByRole('button', { name: 'Cancel' }));
    const ask = screen.getByRole('alertdialog', { name: 'Discard your changes?' });
    expect(within(ask).getByRole('button', { name: 'Keep editing' })).toHaveFocus();
    await user.click(within(ask).getByRole('button', { name: 'Keep editing' }));
    expect(field('Notes')).toHaveValue('half typed');
  });

  it('a click on the backdrop asks too, and Escape still works after it', async () => {
    const { user } = await openLaser();
    await user.type(field('Notes'), 'half typed');
    fireEvent.mouseDown(screen.getAllByTestId('modal-backdrop')[0]!);
    expect(screen.getByRole('alertdialog', { name: 'Discard your changes?' })).toBeInTheDocument();
    // Escape answers the question (keep editing), then closes the editor's own question again.
    await user.keyboard('{Escape}');
    expect(screen.queryByRole('alertdialog')).not.toBeInTheDocument();
    expect(field('Notes')).toHaveValue('half typed');
    fireEvent.mouseDown(screen.getAllByTestId('modal-backdrop')[0]!);
    await user.click(screen.getByRole('button', { name: 'Discard changes' }));
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
  });

  it('Escape with focus on the page body still closes a dialog with nothing typed', async () => {
    const { user } = await openLaser();
    (document.activeElement as HTMLElement).blur();
    expect(document.activeElement).toBe(document.body);
    await user.keyboard('{Escape}');
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
  });
});

describe('numbers, presets and suggestions', () => {
  it('reads 7,5 as seven and a half, and refuses an ambiguous 1,500 naming the field', async () => {
    const { api, user } = await renderApp(new FakeWorkshopApi([]));
    await user.click(screen.getByRole('button', { name: 'Add device' }));
    await user.type(field('Name'), 'Drill');
    await user.type(field('MQTT topic'), 'drill/#');
    await user.clear(field('Standby threshold (W)'));
    await user.type(field('Standby threshold (W)'), '7,5');
    await user.clear(field('Working threshold (W)'));
    await user.type(field('Working threshold (W)'), '1,500');
    await user.click(within(dialog()).getByRole('button', { name: 'Save' }));
    expect(
      await within(dialog()).findByText('Working threshold (W) is ambiguous: write 1500 or 1.500'),
    ).toBeInTheDocument();
    expect(api.callsTo('devices.create')).toHaveLength(0);
    await user.clear(field('Working threshold (W)'));
    await user.type(field('Working threshold (W)'), '80');
    await user.click(within(dialog()).getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    expect(api.devices[0]!.strategyConfig.standbyThresholdW).toBe(7.5);
  });

  it('suggests the device ID from the name until the ID is typed by hand', async () => {
    const { user } = await renderApp(new FakeWorkshopApi([]));
    await user.click(screen.getByRole('button', { name: 'Add device' }));
    await user.type(field('Name'), 'Prusa MK4 #2');
    expect(field('Device ID')).toHaveValue('prusa-mk4-2');
    await user.clear(field('Device ID'));
    await user.type(field('Device ID'), 'p2');
    await user.type(field('Name'), ' (left)');
    expect(field('Device ID')).toHaveValue('p2');
  });

  it('a preset fills thresholds and debounces, and each field says what it does', async () => {
    const { user } = await renderApp(new FakeWorkshopApi([]));
    await user.click(screen.getByRole('button', { name: 'Add device' }));
    await user.selectOptions(field('Machine kind'), '3D printer');
    expect(field('Standby threshold (W)')).toHaveValue('15');
    expect(field('Working threshold (W)')).toHaveValue('60');
    expect(field('Stop debounce (s)')).toHaveValue('300');
    expect(field('Working threshold (W)')).toHaveAccessibleDescription(
      /working: this time counts as working time/,
    );
    expect(field('Stop debounce (s)')).toHaveAccessibleDescription(/stay down this long/);
  });

  it('warns when another device has the same meter topic, and when the device ID changes', async () => {
    const { user } = await openLaser();
    expect(screen.queryByTestId('shared-topic-warning')).not.toBeInTheDocument();
    await user.clear(field('MQTT topic'));
    await user.type(field('MQTT topic'), 'workshop/cnc/power');
    await user.selectOptions(field('Parser'), 'generic');
    expect(screen.getByTestId('shared-topic-warning')).toHaveTextContent(/Also the topic of CNC router/);
    await user.clear(field('Device ID'));
    await user.type(field('Device ID'), 'laser-02');
    expect(field('Device ID')).toHaveAccessibleDescription(/treat “laser-02” as a different machine/);
  });
});
