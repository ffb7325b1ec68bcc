/**
 * Starting values for common machine kinds, and one plain line per strategy field saying what it does. The
 * values are a sensible start, not a measurement: watch a machine's real power and adjust.
 */
import { DEFAULT_STRATEGY_CONFIG, type PowerThresholdConfig } from '../../../src-shared';
import type { NumberField } from './device-form';

export interface MachinePreset {
  id: string;
  label: string;
  config: PowerThresholdConfig;
}

export const MACHINE_PRESETS: readonly MachinePreset[] = [
  {
    // Fans, chiller and controller idle at tens of watts; the tube draws hundreds while cutting.
    id: 'laser',
    label: 'Laser cutter',
    config: {
      standbyThresholdW: 60,
      workingThresholdW: 300,
      startDebounceS: 3,
      stopDebounceS: 30,
      messageTimeoutS: 60,
    },
  },
  {
    // The spindle and steppers idle low and cut at several hundred watts; tool changes pause the cut briefly.
    id: 'cnc',
    label: 'CNC router',
    config: {
      standbyThresholdW: 50,
      workingThresholdW: 400,
      startDebounceS: 2,
      stopDebounceS: 60,
      messageTimeoutS: 60,
    },
  },
  {
    // The heated bed switches on and off in cycles: long debounces keep one print one session.
    id: 'printer',
    label: '3D printer',
    config: {
      standbyThresholdW: 15,
      workingThresholdW: 60,
      startDebounceS: 30,
      stopDebounceS: 300,
      messageTimeoutS: 120,
    },
  },
  { id: 'other', label: 'Other machine', config: { ...DEFAULT_STRATEGY_CONFIG } },
];

/** One plain line beside each strategy field. */
export const FIELD_EXPLANATIONS: Record<NumberField, string> = {
  standbyThresholdW: 'At or above this the machine is switched on: a session is open (standby time).',
  workingThresholdW: 'At or above this the machine is working: this time counts as working time.',
  startDebounceS: 'Power must stay up this long before a change counts (ignores short spikes).',
  stopDebounceS: 'Power must stay down this long before a change counts (rides over short pauses).',
  messageTimeoutS: 'No reading for this long ends the session at the last reading (the meter is silent).',
};

/** The preset whose values the form holds now, or null when the values are the person's own. */
export function matchingPreset(values: Record<NumberField, string>): MachinePreset | null {
  return (
    MACHINE_PRESETS.find((preset) =>
      (Object.keys(preset.config) as NumberField[]).every((f) => Number(values[f]) === preset.config[f]),
    ) ?? null
  );
}
