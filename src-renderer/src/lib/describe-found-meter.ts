/** How the Discover meters panel words a found meter and the discovery's progress. */
import type { DiscoveredMeter, DiscoveryState } from '../../../src-shared';

/** `Shelly PM Mini Gen3`, or what kind of meter it is when the model is not known yet. */
export function meterTitle(meter: DiscoveredMeter): string {
  if (meter.model) return meter.model;
  return meter.family === 'gen1' ? 'Shelly Gen1 meter' : 'Shelly Gen2/Gen3 meter';
}

/** Model details from an identify answer: `Gen3 · firmware 1.4.4`. */
export function meterDetails(meter: DiscoveredMeter): string {
  const parts = [
    meter.generation !== null ? `Gen${meter.generation}` : '',
    meter.firmware ? `firmware ${meter.firmware}` : '',
  ].filter(Boolean);
  return parts.join(' · ');
}

export function formatWatts(watts: number | null): string {
  if (watts === null) return '—';
  return `${watts.toLocaleString(undefined, { maximumFractionDigits: 1, minimumFractionDigits: 1 })} W`;
}

/** What the panel says about status updates (the bridge listens on the status topic). */
export function statusUpdatesLabel(meter: DiscoveredMeter): string {
  switch (meter.statusUpdates) {
    case 'on':
      return 'On';
    case 'off':
      return 'Off (events only)';
    case 'unknown':
      return 'Not heard yet';
    default:
      return 'Always (Gen1)';
  }
}

/** Whole seconds left until `endsAt`, measured on the core's clock (`offsetMs` = core time − local time). */
export function secondsLeft(state: DiscoveryState, localNow: number, offsetMs: number): number {
  if (state.endsAt === null) return 0;
  return Math.max(0, Math.ceil((state.endsAt - (localNow + offsetMs)) / 1000));
}

/** The one line above the list: what discovery is doing now. */
export function progressLine(state: DiscoveryState, left: number): string {
  const found = `${state.meters.length.toLocaleString()} meter${state.meters.length === 1 ? '' : 's'} found`;
  switch (state.phase) {
    case 'idle':
      return 'Not listening.';
    case 'connecting':
      return `Connecting to ${state.brokerUrl}…`;
    case 'listening':
      return `Listening on ${state.brokerUrl}: ${left} s left · ${found}`;
    case 'finished':
      return `Stopped listening · ${found}`;
    case 'failed':
      return state.meters.length > 0 ? `Stopped · ${found}` : 'Could not listen.';
  }
}
