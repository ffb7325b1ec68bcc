import { type Device, type ExportFormat, type ExportResult, pickFields } from '../../src-shared';
import { devicesToCsv } from './device-csv';
import { nextTurn, SLICE_SIZE, type Turn } from './in-slices';

/** The app's own JSON file: a marker, a version, and the devices' editable fields. */
export const EXPORT_MARKER = 'workshop-manager.devices';

/**
 * All devices as the app's JSON (round-trips exactly) or as CSV (src-main/core/device-csv.ts). Written a slice of
 * devices at a time with a turn of the event loop between slices, the same text as one JSON.stringify of the whole.
 */
export async function exportDevices(
  devices: readonly Device[],
  format: ExportFormat,
  now: Date,
  turn: Turn = nextTurn,
): Promise<ExportResult> {
  const stamp = now.toISOString().slice(0, 10);
  if (format === 'csv') {
    const content = await devicesToCsv(devices, turn);
    return { format, filename: `devices-${stamp}.csv`, content, count: devices.length };
  }
  const head = JSON.stringify(
    { format: EXPORT_MARKER, version: 1, exportedAt: now.toISOString(), devices: [] },
    null,
    2,
  );
  const parts: string[] = [];
  for (let i = 0; i < devices.length; i += SLICE_SIZE) {
    // JSON.stringify(…, null, 2) writes each device two levels deep: every line of it indented by 4 spaces.
    const slice = devices.slice(i, i + SLICE_SIZE).map((d) => JSON.stringify(pickFields(d), null, 2));
    parts.push(`    ${slice.join(',\n').replaceAll('\n', '\n    ')}`);
    await turn();
  }
  const content =
    parts.length === 0 ? `${head}\n` : `${head.slice(0, -'[]\n}'.length)}[\n${parts.join(',\n')}\n  ]\n}\n`;
  return { format, filename: `devices-${stamp}.json`, content, count: devices.length };
}
