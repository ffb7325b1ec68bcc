import { describe, expect, it } from 'vitest';
import {
  fieldErrorLines,
  fieldLabel,
  fileRows,
  importSummary,
  sharedTopicLines,
} from '../../src-renderer/src/lib/import-report';
import type { ImportReport } from '../../src-shared';

const report = (counts: ImportReport['counts']): ImportReport => ({
  mode: 'merge',
  format: 'csv',
  dryRun: false,
  applied: true,
  counts,
  rows: [],
  sharedTopics: [],
});

describe('import report in words', () => {
  it('says what an applied import did, leaving out what is zero', () => {
    expect(importSummary(report({ create: 3, update: 1, unchanged: 2, delete: 0, refuse: 0 }))).toBe(
      '3 created, 1 updated, 2 unchanged.',
    );
    expect(importSummary(report({ create: 0, update: 0, unchanged: 0, delete: 0, refuse: 0 }))).toBe(
      'No devices.',
    );
  });

  it('counts the rows of the file that can be written, not deletions or refusals', () => {
    expect(fileRows(report({ create: 3, update: 1, unchanged: 2, delete: 4, refuse: 5 }))).toBe(6);
  });

  it('names each refused field with the label the editor shows', () => {
    expect(fieldLabel('strategyConfig.workingThresholdW')).toBe('Working threshold (W)');
    const lines = fieldErrorLines({ deviceId: 'is required', _: '3 has no name column' });
    expect(lines).toEqual([expect.stringMatching(/^Device ID/), 'Row 3 has no name column']);
  });

  it('says which devices share a meter topic, naming the file line or that it is stored', () => {
    const r = report({ create: 2, update: 0, unchanged: 0, delete: 0, refuse: 0 });
    expect(sharedTopicLines(r)).toEqual([]);
    r.sharedTopics = [
      {
        topic: 'shop/saw',
        devices: [
          { deviceId: 'saw-01', name: 'Saw', line: 3 },
          { deviceId: 'saw-02', name: 'Saw 2', line: 4 },
          { deviceId: 'saw-00', name: 'Old saw', line: null },
        ],
      },
    ];
    expect(sharedTopicLines(r)).toEqual([
      'Saw (line 3), Saw 2 (line 4) and Old saw (stored) share the meter topic shop/saw: they would get the same readings.',
    ]);
  });
});
