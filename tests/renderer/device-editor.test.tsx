import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { FakeWorkshopApi } from './fake-workshop-api';
import { LASER, renderApp, rowOf } from './render-app';

const dialog = () => screen.getByRole('dialog');
const field = (label: string) => within(dialog()).getByLabelText(label);

describe('device editor', () => {
  it('adds a device with the keyboard only: focus in, defaults, live topic, save, focus back', async () => {
    const { api, user } = await renderApp(new FakeWorkshopApi([LASER]));
    const add = screen.getByRole('button', { name: 'Add device' });
    add.focus();
    await user.keyboard('{Enter}');
    expect(dialog()).toHaveAccessibleName('Add device');
    expect(field('Name')).toHaveFocus();
    expect(field('Parser')).toHaveValue('shelly_pm');
    expect(field('Standby threshold (W)')).toHaveValue('20');
    expect(field('Working threshold (W)')).toHaveValue('100');
    expect(field('Start debounce (s)')).toHaveValue('3');
    expect(field('Stop debounce (s)')).toHaveValue('15');
    expect(field('Message timeout (s)')).toHaveValue('20');
    expect(field('Active')).toBeChecked();
    expect(field('Notes')).toHaveValue('');

    await user.keyboard('CNC router');
    await user.tab();
    expect(field('Device ID')).toHaveFocus();
    // Suggested from the name as it was typed; the person may type their own.
    expect(field('Device ID')).toHaveValue('cnc-router');
    await user.keyboard('{Control>}a{/Control}cnc-01');
    await user.tab();
    expect(field('MQTT topic')).toHaveFocus();
    await user.keyboard('shellypmmini-cnc/#');
    expect(screen.getByTestId('mqtt-topic-preview')).toHaveTextContent('shellypmmini-cnc/status/pm1:0');
    await user.tab();
    expect(field('Parser')).toHaveFocus();
    await user.tab();
    expect(field('Active')).toHaveFocus();
    await user.tab();
    expect(field('Machine kind')).toHaveFocus();
    await user.tab();
    expect(field('Standby threshold (W)')).toHaveFocus();
    await user.keyboard('{Control>}a{/Control}35');
    await user.tab();
    await user.keyboard('{Control>}a{/Control}250');
    await user.keyboard('{Enter}');

    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    await waitFor(() => expect(add).toHaveFocus());
    expect(rowOf('CNC router')).toHaveTextContent('35 / 250 W');
    expect(api.callsTo('devices.create')).toEqual([
      {
        name: 'CNC router',
        deviceId: 'cnc-01',
        topicPattern: 'shellypmmini-cnc/#',
        parserType: 'shelly_pm',
        strategy: 'power_threshold',
        strategyConfig: {
          standbyThresholdW: 35,
          workingThresholdW: 250,
          startDebounceS: 3,
          stopDebounceS: 15,
          messageTimeoutS: 20,
        },
        active: true,
        notes: '',
      },
    ]);
  });

  it("shows main's field errors next to the fields and keeps every typed value", async () => {
    const { api, user } = await renderApp(new FakeWorkshopApi([LASER]));
    await user.click(screen.getByRole('button', { name: 'Add device' }));
    await user.type(field('Name'), 'Second laser');
    await user.clear(field('Device ID'));
    await user.type(field('Device ID'), 'laser-01');
    await user.type(field('MQTT topic'), 'lasers/+/power');
    await user.clear(field('Working threshold (W)'));
    await user.type(field('Working threshold (W)'), '10');
    await user.type(field('Notes'), 'by the window');
    await user.click(within(dialog()).getByRole('button', { name: 'Save' }));

    // The schema finds the topic and threshold; main alone knows the device ID is taken.
    expect(await within(dialog()).findByText(/a Shelly PM device needs "<prefix>\/#"/i)).toBeInTheDocument();
    expect(field('MQTT topic')).toHaveAccessibleDescription(/a Shelly PM device needs/i);
    expect(field('Working threshold (W)')).toHaveAccessibleDescription(
      /^Working threshold \(W\) must be more than the standby threshold \(20 W\)/,
    );
    expect(field('Working threshold (W)')).toHaveAttribute('aria-invalid', 'true');
    expect(api.devices).toHaveLength(1);

    await user.clear(field('MQTT topic'));
    await user.type(field('MQTT topic'), 'lasers/two/#');
    await user.clear(field('Working threshold (W)'));
    await user.type(field('Working threshold (W)'), '150');
    await user.click(within(dialog()).getByRole('button', { name: 'Save' }));
    expect(
      await within(dialog()).findByText('Device ID is already used by "Laser cutter"'),
    ).toBeInTheDocument();
    expect(field('Device ID')).toHaveAttribute('aria-invalid', 'true');

    expect(field('Name')).toHaveValue('Second laser');
    expect(field('Device ID')).toHaveValue('laser-01');
    expect(field('MQTT topic')).toHaveValue('lasers/two/#');
    expect(field('Working threshold (W)')).toHaveValue('150');
    expect(field('Notes')).toHaveValue('by the window');

    await user.clear(field('Device ID'));
    await user.type(field('Device ID'), 'laser-02');
    await user.click(within(dialog()).getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    expect(rowOf('Second laser')).toHaveTextContent('laser-02');
  });

  it('maps nested field paths from main onto the threshold inputs and shows unknown ones above the form', async () => {
    const api = new FakeWorkshopApi([LASER]);
    api.respond('devices.create', () => ({
      ok: false,
      error: {
        code: 'invalid_input',
        message: 'devices.create: strategyConfig.stopDebounceS: must be 0 or more; strategy: unknown',
        fieldErrors: { 'strategyConfig.stopDebounceS': 'must be 0 or more', strategy: 'unknown strategy' },
      },
    }));
    const { user } = await renderApp(api);
    await user.click(screen.getByRole('button', { name: 'Add device' }));
    await user.type(field('Name'), 'Saw');
    await user.click(within(dialog()).getByRole('button', { name: 'Save' }));
    expect(await within(dialog()).findByText('Stop debounce (s) must be 0 or more')).toBeInTheDocument();
    expect(within(dialog()).getByRole('alert')).toHaveTextContent('strategy: unknown strategy');
  });

  it('disables Save while main is saving', async () => {
    const { api, user } = await renderApp(new FakeWorkshopApi([LASER]));
    const gate = api.hold('devices.create');
    await user.click(screen.getByRole('button', { name: 'Add device' }));
    await user.type(field('Name'), 'Drill');
    await user.type(field('Device ID'), 'drill-01');
    await user.type(field('MQTT topic'), 'drill/#');
    await user.click(within(dialog()).getByRole('button', { name: 'Save' }));
    expect(within(dialog()).getByRole('button', { name: 'Save' })).toBeDisabled();
    await user.keyboard('{Enter}');
    expect(api.callsTo('devices.create')).toHaveLength(1);
    gate.release();
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    expect(rowOf('Drill')).toBeInTheDocument();
  });

  it('gives a hint from the shared schema when a field is left invalid', async () => {
    const { user } = await renderApp(new FakeWorkshopApi([LASER]));
    await user.click(screen.getByRole('button', { name: 'Add device' }));
    await user.type(field('Device ID'), 'Laser 01');
    await user.tab();
    expect(within(dialog()).getByText(/Use lowercase letters, digits/)).toBeInTheDocument();
  });

  it('edits a device with the keyboard; Escape on a second edit cancels and returns focus to Edit', async () => {
    const { api, user } = await renderApp(new FakeWorkshopApi([LASER]));
    const edit = within(rowOf('Laser cutter')).getByRole('button', { name: 'Edit Laser cutter' });
    edit.focus();
    await user.keyboard('{Enter}');
    expect(dialog()).toHaveAccessibleName('Edit Laser cutter');
    expect(field('Name')).toHaveValue('Laser cutter');
    expect(field('MQTT topic')).toHaveValue('shellypmmini-laser/#');
    await user.keyboard('{Control>}a{/Control}Big laser');
    await user.selectOptions(field('Parser'), 'generic');
    expect(screen.getByTestId('mqtt-topic-preview')).toHaveTextContent('shellypmmini-laser/#');
    await user.click(field('Notes'));
    await user.keyboard('Service in May');
    await user.click(within(dialog()).getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    expect(api.devices[0]).toMatchObject({
      name: 'Big laser',
      parserType: 'generic',
      notes: 'Service in May',
    });
    expect(rowOf('Big laser')).toHaveTextContent('Generic');

    const again = within(rowOf('Big laser')).getByRole('button', { name: 'Edit Big laser' });
    await user.click(again);
    await user.keyboard('changed my mind{Escape}');
    // Typed changes: Escape asks before throwing them away.
    const ask = screen.getByRole('alertdialog', { name: 'Discard your changes?' });
    await user.click(within(ask).getByRole('button', { name: 'Discard changes' }));
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    await waitFor(() => expect(again).toHaveFocus());
    expect(api.devices[0]!.name).toBe('Big laser');
  });

  it('says where a Shelly topic comes from, and shows no bridge topic for one it would refuse', async () => {
    const { user } = await renderApp();
    await user.click(screen.getByRole('button', { name: 'Add device' }));
    expect(field('MQTT topic')).toHaveAccessibleDescription(
      /MQTT prefix \(its web page: Settings → MQTT\) followed by \/#/,
    );
    await user.type(field('MQTT topic'), 'shelly saw/+/status#');
    expect(screen.getByTestId('mqtt-topic-preview')).toHaveTextContent('—');
    await user.clear(field('MQTT topic'));
    await user.type(field('MQTT topic'), 'shellypmminig3-saw/#');
    expect(screen.getByTestId('mqtt-topic-preview')).toHaveTextContent('shellypmminig3-saw/status/pm1:0');
    await user.selectOptions(field('Parser'), 'generic');
    expect(field('MQTT topic')).not.toHaveAccessibleDescription(/MQTT prefix/);
  });

  it('keeps Tab inside the dialog', async () => {
    const { user } = await renderApp(new FakeWorkshopApi([LASER]));
    await user.click(screen.getByRole('button', { name: 'Add device' }));
    within(dialog()).getByRole('button', { name: 'Save' }).focus();
    await user.tab();
    expect(field('Name')).toHaveFocus();
    await user.tab({ shift: true });
    expect(within(dialog()).getByRole('button', { name: 'Save' })).toHaveFocus();
  });
});

describe('deleting a device', () => {
  it('asks first, naming the device, and deletes only on confirmation', async () => {
    const { api, user } = await renderApp(
      new FakeWorkshopApi([LASER, { name: 'Saw', deviceId: 'saw', topicPattern: 's/#' }]),
    );
    await user.click(within(rowOf('Laser cutter')).getByRole('button', { name: 'Delete Laser cutter' }));
    const confirm = screen.getByRole('alertdialog');
    expect(confirm).toHaveAccessibleDescription(/Delete Laser cutter \(laser-01\)\?/);
    expect(within(confirm).getByRole('button', { name: 'Cancel' })).toHaveFocus();
    await user.keyboard('{Escape}');
    expect(api.devices).toHaveLength(2);

    await user.click(within(rowOf('Laser cutter')).getByRole('button', { name: 'Delete Laser cutter' }));
    await user.click(within(screen.getByRole('alertdialog')).getByRole('button', { name: 'Delete' }));
    await waitFor(() => expect(screen.queryByRole('row', { name: /Laser cutter/ })).not.toBeInTheDocument());
    expect(api.devices.map((d) => d.name)).toEqual(['Saw']);
    // The row (and its button) is gone: focus lands on the search box, not on the page body.
    await waitFor(() => expect(screen.getByRole('searchbox', { name: 'Search devices' })).toHaveFocus());
  });
});
