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
  standbyThresholdW: 'Below this the machine is switched on but idle.',
  workingThresholdW: 'Above this the machine is in use: a session starts.',
  startDebounceS: 'Power must stay above working this long to start a session (ignores short spikes).',
  stopDebounceS: 'Power must stay below standby this long to end it (rides over short pauses).',
  messageTimeoutS: 'No reading from the meter for this long: the bridge treats the meter as silent.',
};

/** The preset whose values the form holds now, or null when the values are the person's own. */
export function matchingPreset(values: Record<NumberField, string>): MachinePreset | null {
  return (
    MACHINE_PRESETS.find((preset) =>
      (Object.keys(preset.config) as NumberField[]).every((f) => Number(values[f]) === preset.config[f]),
    ) ?? null
  );
}
