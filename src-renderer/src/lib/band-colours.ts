import type { SegmentState } from '../../../src-shared';

/** Band colours behind the curve; idle stays blank. Shared by the chart and its legend. */
export const BAND_COLOURS: Record<SegmentState, string | null> = {
  idle: null,
  standby: 'rgba(214, 158, 46, 0.22)',
  working: 'rgba(31, 122, 68, 0.20)',
  'no-data': 'rgba(93, 104, 120, 0.22)',
};
