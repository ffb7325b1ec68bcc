import { describe, expect, it } from 'vitest';
import { CSV_HEADER, devicesToCsv } from '../../src-main/core/device-csv';
import { parseImport } from '../../src-main/core/import-records';
import { noTurn } from '../../src-main/core/in-slices';
import {
  DEFAULT_STRATEGY_CONFIG,
  type Device,
  FIELD_LABEL,
  fieldOfLabel,
  LABELLED_FIELDS,
  pickFields,
} from '../../src-shared';

const device = (overrides: Partial<Device>): Device => ({
  id: 1,
  name: 'Laser cutter',
  deviceId: 'laser-01',
  topicPattern: 'shellypmmini-laser/#',
  parserType: 'shelly_pm',
  strategy: 'power_threshold',
  strategyConfig: { ...DEFAULT_STRATEGY_CONFIG, standbyThresholdW: 12.5 },
  active: true,
  notes: 'line one\nline two, "quoted"',
  createdAt: '2026-11-29T10:00:00.000Z',
  updatedAt: '2026-11-29T10:00:00.000Z',
  ...overrides,
});

/** What a parsed CSV record holds, in the shape of the device fields it names. */
const parsedFields = async (csv: string) =>
  (await parseImport(csv, 'csv', noTurn)).records.map((r) => r.fields);
const toCsv = (devices: readonly Device[]) => devicesToCsv(devices, noTurn);

describe('device labels as CSV columns', () => {
  it('writes the header from the labels people see, one column per labelled field', async () => {
    expect(CSV_HEADER).toEqual(LABELLED_FIELDS.map((f) => FIELD_LABEL[f]));
    expect(CSV_HEADER.slice(0, 3)).toEqual(['Name', 'Device ID', 'MQTT topic']);
    expect(CSV_HEADER).toContain('Standby threshold (W)');
    expect((await toCsv([])).split('\n')[0]).toBe(CSV_HEADER.join(','));
  });

  it('reads every label back as its field, in any case, with or without its unit', () => {
    for (const field of LABELLED_FIELDS) expect(fieldOfLabel(FIELD_LABEL[field])).toBe(field);
    expect(fieldOfLabel('  standby THRESHOLD  (w) ')).toBe('standbyThresholdW');
    expect(fieldOfLabel('Working threshold')).toBe('workingThresholdW');
    expect(fieldOfLabel('display_name')).toBeNull();
  });

  it('re-reads its own CSV (human headers) to exactly the fields it wrote', async () => {
    const devices = [
      device({}),
      device({
        deviceId: 'cnc',
        name: '=SUM(1)',
        active: false,
        parserType: 'generic',
        topicPattern: 'shop/cnc',
      }),
    ];
    const back = await parsedFields(await toCsv(devices));
    expect(back).toEqual(
      devices.map((d) => {
        const { notes, ...rest } = pickFields(d);
        // An empty cell means "not given": the notes of a device without notes are absent, not ''.
        return notes === '' ? rest : { ...rest, notes };
      }),
    );
  });

  it('still reads a CSV of an older export with the code names as headers', async () => {
    const old = [
      'name,deviceId,topicPattern,parserType,strategy,standbyThresholdW,workingThresholdW,startDebounceS,stopDebounceS,messageTimeoutS,active,notes',
      'Laser cutter,laser-01,shellypmmini-laser/#,shelly_pm,power_threshold,12.5,100,3,15,20,true,old file',
    ].join('\n');
    const human = await toCsv([device({ notes: 'old file' })]);
    expect(await parsedFields(old)).toEqual(await parsedFields(human));
  });
});
