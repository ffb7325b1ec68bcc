import { screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { PowerChartProps } from '../../src-renderer/src/components/power-chart';
import type { PowerTrace } from '../../src-shared';
import { FakeWorkshopApi, makeLiveDevice } from './fake-workshop-api';
import { CNC, LASER, renderApp, rowOf } from './render-app';

// jsdom has no canvas, so uPlot cannot draw here: the chart is swapped for a stand-in that shows what it was
// given. The real chart is drawn by the e2e test in Chromium (tests/e2e/live-dialog.e2e.test.ts).
vi.mock('../../src-renderer/src/components/power-chart', () => ({
  PowerChart: (props: PowerChartProps) => (
    <div
      role="img"
      aria-label="Power curve"
      data-points={props.trace.samples.length}
      data-standby={props.standbyW}
      data-working={props.workingW}
      data-bands={props.segments.map((s) => s.state).join(',')}
      data-description={props.description}
    />
  ),
}));

const HOUR = 3_600_000;
let now = 0;
beforeEach(() => {
  now = Date.now();
});
afterEach(() => vi.useRealTimers());

/**
 * Two hours at one reading every 10 s: a job at 500 W from 20 to 40 min (with 40 W standby from 40 to 45 min), a
 * job at 300 W from 70 to 90 min, idle at 5 W otherwise; the last reading is now.
 */
function twoJobs(end: number): PowerTrace {
  const start = end - 2 * HOUR;
  const samples = [];
  for (let t = start; t <= end; t += 10_000) {
    const min = (t - start) / 60_000;
    const watts = min >= 20 && min < 40 ? 500 : min >= 40 && min < 45 ? 40 : min >= 70 && min < 90 ? 300 : 5;
    samples.push({ at: t, watts });
  }
  return { samples, online: [] };
}

async function openLive(api: FakeWorkshopApi) {
  const laser = api.devices.find((d) => d.deviceId === 'laser-01')!;
  api.traces.set(laser.id, twoJobs(now));
  const { user } = await renderApp(api);
  await user.click(within(rowOf('Laser cutter')).getByRole('button', { name: 'Live: Laser cutter' }));
  const dialog = await screen.findByRole('dialog', { name: 'Live: Laser cutter' });
  await within(dialog).findByText(/readings buffered/);
  return { user, dialog, laser };
}

const sessionRows = (dialog: HTMLElement) =>
  within(within(dialog).getByRole('table', { name: 'Simulated sessions' }))
    .getAllByRole('row')
    .slice(1)
    .map((r) => [...r.querySelectorAll('td')].map((td) => td.textContent));

describe('the Live dialog', () => {
  it('shows the buffered curve, the thresholds and the sessions the bridge would make', async () => {
    const { dialog } = await openLive(new FakeWorkshopApi([LASER, CNC]));
    const chart = within(dialog).getByRole('img', { name: 'Power curve' });
    expect(chart).toHaveAttribute('data-points', '721');
    expect(chart).toHaveAttribute('data-standby', '20');
    expect(chart).toHaveAttribute('data-working', '100');
    expect(chart.dataset.bands).toBe('idle,working,standby,idle,working,idle');
    const rows = sessionRows(dialog);
    expect(rows).toHaveLength(2);
    // 20:00 → 45:00 (working 20 min, standby 5 min), 70:00 → 90:00.
    expect(rows.map((r) => r.slice(2))).toEqual([
      ['25 min', '20 min', '5 min'],
      ['20 min', '20 min', '0 s'],
    ]);
    expect(within(dialog).getByText('2 sessions, 40 min working in the last 2 h')).toBeInTheDocument();
  });

  it('re-simulates at once when a value changes, and names a bad value without losing the last result', async () => {
    const { user, dialog } = await openLive(new FakeWorkshopApi([LASER]));
    const working = within(dialog).getByLabelText('Working threshold (W)');
    await user.clear(working);
    await user.type(working, '400');
    // The 300 W job is standby now: still a session, but no working time.
    expect(sessionRows(dialog).map((r) => r[3])).toEqual(['20 min', '0 s']);
    expect(within(dialog).getByRole('img', { name: 'Power curve' })).toHaveAttribute('data-working', '400');
    const standby = within(dialog).getByLabelText('Standby threshold (W)');
    await user.clear(standby);
    await user.type(standby, '350');
    expect(sessionRows(dialog)).toHaveLength(1);
    expect(within(dialog).getByText('1 session, 20 min working in the last 2 h')).toBeInTheDocument();

    await user.clear(working);
    await user.type(working, '300');
    expect(
      within(dialog).getByText('Working threshold (W) must be more than the standby threshold (350 W)'),
    ).toBeInTheDocument();
    expect(working).toHaveAttribute('aria-invalid', 'true');
    expect(working).toHaveValue('300');
    // The last valid values still drive the simulation; Apply waits for a valid set.
    expect(sessionRows(dialog)).toHaveLength(1);
    expect(within(dialog).getByRole('button', { name: 'Apply thresholds' })).toBeDisabled();
  });

  it('reads a decimal comma in a threshold box as a decimal and names an ambiguous 1,500', async () => {
    const { user, dialog } = await openLive(new FakeWorkshopApi([LASER]));
    const working = within(dialog).getByLabelText('Working threshold (W)');
    await user.clear(working);
    await user.type(working, '400,5');
    expect(working).toHaveValue('400,5');
    expect(within(dialog).getByRole('img', { name: 'Power curve' })).toHaveAttribute('data-working', '400.5');
    expect(working).toHaveAttribute('aria-invalid', 'false');
    await user.clear(working);
    await user.type(working, '1,500');
    expect(
      within(dialog).getByText('Working threshold (W) is ambiguous: write 1500 or 1.500'),
    ).toBeInTheDocument();
    expect(within(dialog).getByRole('button', { name: 'Apply thresholds' })).toBeDisabled();
  });

  it('asks before Escape or Close throws away thresholds that were tried but not applied', async () => {
    const { user, dialog, laser } = await openLive(new FakeWorkshopApi([LASER]));
    const working = within(dialog).getByLabelText('Working threshold (W)');
    await user.clear(working);
    await user.type(working, '400');
    await user.keyboard('{Escape}');
    const ask = await screen.findByRole('alertdialog', { name: 'Discard your changes?' });
    await user.click(within(ask).getByRole('button', { name: 'Keep editing' }));
    expect(screen.getByRole('dialog', { name: 'Live: Laser cutter' })).toBeInTheDocument();
    expect(working).toHaveValue('400');
    await user.click(within(dialog).getByRole('button', { name: 'Close' }));
    await user.click(
      within(await screen.findByRole('alertdialog')).getByRole('button', { name: 'Discard changes' }),
    );
    await waitFor(() => expect(screen.queryByRole('dialog', { name: 'Live: Laser cutter' })).toBeNull());
    expect(laser.strategyConfig.workingThresholdW).toBe(100);
    // Nothing tried: Escape closes at once.
    await user.click(within(rowOf('Laser cutter')).getByRole('button', { name: 'Live: Laser cutter' }));
    await screen.findByRole('dialog', { name: 'Live: Laser cutter' });
    await user.keyboard('{Escape}');
    await waitFor(() => expect(screen.queryByRole('dialog', { name: 'Live: Laser cutter' })).toBeNull());
    expect(screen.queryByRole('alertdialog')).toBeNull();
  });

  it('with no readings yet says so, and shows no sessions table claiming the readings stayed low', async () => {
    const api = new FakeWorkshopApi([LASER]);
    const laser = api.devices.find((d) => d.deviceId === 'laser-01')!;
    api.traces.set(laser.id, { samples: [], online: [] });
    const { user } = await renderApp(api);
    await user.click(within(rowOf('Laser cutter')).getByRole('button', { name: 'Live: Laser cutter' }));
    const dialog = await screen.findByRole('dialog', { name: 'Live: Laser cutter' });
    await within(dialog).findByText(/0 readings buffered/);
    expect(within(dialog).getByText('No readings to simulate yet.')).toBeInTheDocument();
    expect(within(dialog).queryByRole('table', { name: 'Simulated sessions' })).toBeNull();
    expect(within(dialog).queryByText(/never stayed at or above/)).toBeNull();
    // No line to drag yet: the hint says when the lines come instead of asking to drag one.
    expect(within(dialog).queryByText(/^Drag a dashed threshold line/)).toBeNull();
    expect(within(dialog).getByText(/threshold lines appear with the first readings/)).toBeInTheDocument();
    expect(within(dialog).getByRole('img', { name: 'Power curve' })).toHaveAttribute(
      'data-description',
      'No readings of Laser cutter yet.',
    );
  });

  it('Apply thresholds saves them to the device (a normal update), Reset goes back to the stored ones', async () => {
    const api = new FakeWorkshopApi([LASER]);
    const { user, dialog, laser } = await openLive(api);
    const apply = within(dialog).getByRole('button', { name: 'Apply thresholds' });
    const reset = within(dialog).getByRole('button', { name: 'Reset' });
    expect(apply).toBeDisabled();
    const working = within(dialog).getByLabelText('Working threshold (W)');
    await user.clear(working);
    await user.type(working, '250');
    await user.click(reset);
    expect(working).toHaveValue('100');
    expect(sessionRows(dialog).map((r) => r[3])).toEqual(['20 min', '20 min']);

    await user.clear(working);
    await user.type(working, '400');
    await user.click(apply);
    await within(dialog).findByText(/Saved to Laser cutter/);
    const update = api.callsTo('devices.update').at(-1) as { id: number; patch: { strategyConfig: unknown } };
    expect(update.id).toBe(laser.id);
    expect(update.patch.strategyConfig).toEqual({
      standbyThresholdW: 20,
      workingThresholdW: 400,
      startDebounceS: 3,
      stopDebounceS: 15,
      messageTimeoutS: 20,
    });
    expect(api.devices.find((d) => d.id === laser.id)!.strategyConfig.workingThresholdW).toBe(400);
    // Stored = shown: nothing to apply or reset any more; the table row shows the new thresholds.
    await waitFor(() => expect(reset).toBeDisabled());
    expect(apply).toBeDisabled();
    expect(rowOf('Laser cutter')).toHaveTextContent('20 / 400 W');
  });

  it('shows main’s refusal of Apply beside the field and keeps the typed value', async () => {
    const api = new FakeWorkshopApi([LASER]);
    const { user, dialog } = await openLive(api);
    api.respond('devices.update', () => ({
      ok: false,
      error: {
        code: 'invalid_input',
        message: 'devices.update: strategyConfig.messageTimeoutS: must be at most 86,400 s',
        fieldErrors: { 'strategyConfig.messageTimeoutS': 'must be at most 86,400 s' },
      },
    }));
    const timeout = within(dialog).getByLabelText('Message timeout (s)');
    await user.clear(timeout);
    await user.type(timeout, '30');
    await user.click(within(dialog).getByRole('button', { name: 'Apply thresholds' }));
    expect(
      await within(dialog).findByText('Message timeout (s) must be at most 86,400 s'),
    ).toBeInTheDocument();
    expect(timeout).toHaveValue('30');
  });

  it('follows new samples from live.samples events and shows the device’s diagnostics', async () => {
    const api = new FakeWorkshopApi([LASER]);
    const laser = api.devices[0]!;
    api.live = [
      makeLiveDevice(laser, {
        diagnostics: [
          {
            code: 'silence_exceeds_timeout',
            severity: 'problem',
            sentence: 'The longest silence seen (41 min) exceeds the message timeout (20 s).',
          },
        ],
      }),
    ];
    const { dialog } = await openLive(api);
    expect(within(dialog).getByText(/The longest silence seen \(41 min\)/)).toBeInTheDocument();
    const job = Array.from({ length: 10 }, (_, i) => ({ at: now + 10_000 * (i + 1), watts: 700 }));
    api.emit('live.samples', { at: now + 100_000, devices: [{ id: laser.id, samples: job, online: [] }] });
    await waitFor(() =>
      expect(within(dialog).getByRole('img', { name: 'Power curve' })).toHaveAttribute('data-points', '731'),
    );
    expect(sessionRows(dialog)).toHaveLength(3);
    expect(sessionRows(dialog)[2]![1]).toBe('still running');
  });
});

describe('saved traces in the Live dialog', () => {
  it('saves the trace on screen, opens it, exports it as CSV and deletes it', async () => {
    const api = new FakeWorkshopApi([LASER]);
    const { user, dialog } = await openLive(api);
    const name = within(dialog).getByLabelText('Trace name');
    await user.clear(name);
    await user.type(name, 'Tuesday jobs');
    await user.click(within(dialog).getByRole('button', { name: 'Save trace' }));
    await within(dialog).findByText('Saved “Tuesday jobs” (721 readings).');
    expect(api.savedTraces[0]!.trace.samples).toHaveLength(721);
    expect(api.savedTraces[0]!.deviceId).toBe('laser-01');

    await user.click(within(dialog).getByRole('button', { name: 'Open Tuesday jobs' }));
    expect(await within(dialog).findByText(/Showing saved trace/)).toHaveTextContent(
      'Tuesday jobs (721 readings',
    );
    expect(sessionRows(dialog)).toHaveLength(2);

    const created: Blob[] = [];
    const createObjectURL = vi.fn((blob: Blob) => {
      created.push(blob);
      return 'blob:trace';
    });
    Object.assign(URL, { createObjectURL, revokeObjectURL: vi.fn() });
    await user.click(within(dialog).getByRole('button', { name: 'Export Tuesday jobs as CSV' }));
    await within(dialog).findByText(/Exported “Tuesday jobs” as laser-01-trace.csv/);
    expect((await created[0]!.text()).split('\n')[0]).toBe('time,watts,online');

    await user.click(within(dialog).getByRole('button', { name: 'Delete Tuesday jobs' }));
    await user.click(within(dialog).getByRole('button', { name: 'Delete Tuesday jobs for good' }));
    await within(dialog).findByText('Deleted “Tuesday jobs”.');
    expect(api.savedTraces).toEqual([]);
    expect(within(dialog).queryByText(/Showing saved trace/)).not.toBeInTheDocument();
  });

  it('imports a CSV trace and shows it like a saved one; a bad file is refused with the line and why', async () => {
    const api = new FakeWorkshopApi([LASER]);
    const { user, dialog } = await openLive(api);
    const input = within(dialog).getByLabelText('Import trace CSV');
    const csv = [
      'time,watts',
      ...Array.from({ length: 60 }, (_, i) => `${1_000_000 + i * 1000},${i >= 10 && i < 40 ? 800 : 3}`),
    ].join('\n');
    await user.upload(input, new File([csv], 'cnc-run.csv', { type: 'text/csv' }));
    await within(dialog).findByText('Imported “cnc-run” (60 readings).');
    expect(await within(dialog).findByText(/Showing saved trace/)).toBeInTheDocument();
    expect(sessionRows(dialog)).toHaveLength(1);
    expect(within(dialog).getByRole('img', { name: 'Power curve' })).toHaveAttribute('data-points', '60');

    await user.upload(input, new File(['time,watts\n1000,lots\n'], 'bad.csv', { type: 'text/csv' }));
    expect(await within(dialog).findByRole('alert')).toHaveTextContent(
      'Could not import bad.csv: line 2: watts "lots" is not a number',
    );
    expect(api.savedTraces).toHaveLength(1);
  });
});
