import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { WorkshopApp } from '../../src-renderer/src/components/workshop-app';
import type { DeviceCreateInput } from '../../src-shared';
import { FakeWorkshopApi } from './fake-workshop-api';

export const LASER: DeviceCreateInput = {
  name: 'Laser cutter',
  deviceId: 'laser-01',
  topicPattern: 'shellypmmini-laser/#',
};
export const CNC: DeviceCreateInput = {
  name: 'CNC router',
  deviceId: 'cnc-01',
  topicPattern: 'workshop/cnc/power',
  parserType: 'generic',
  strategyConfig: { standbyThresholdW: 50, workingThresholdW: 400 },
};
export const PRINTER: DeviceCreateInput = {
  name: 'Prusa printer',
  deviceId: 'printer-02',
  topicPattern: 'shellypmmini-prusa/#',
  active: false,
};

/** Renders the whole window against a fake main, without waiting for anything. */
export function renderWindow(api: FakeWorkshopApi) {
  const user = userEvent.setup();
  const view = render(<WorkshopApp api={api} />);
  return { api, user, view };
}

/** Renders the whole window against a fake main and waits for the first device list. */
export async function renderApp(api = new FakeWorkshopApi([LASER, CNC, PRINTER])) {
  const { user, view } = renderWindow(api);
  if (api.devices.length > 0) await screen.findByRole('row', { name: new RegExp(api.devices[0]!.name) });
  else await screen.findByText('No devices yet');
  return { api, user, view };
}

/** The table row holding the device's name. */
export function rowOf(name: string) {
  return screen.getByRole('row', { name: new RegExp(name) });
}

export function dataRows() {
  const table = screen.getByRole('table', { name: 'Devices' });
  return within(table)
    .getAllByRole('row')
    .slice(1)
    .filter((row) => row.querySelector('td.cell-name')?.textContent);
}
