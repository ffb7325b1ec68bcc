/**
 * Issue 11 "Guard the easy mistakes": two devices on one meter topic are allowed, but an import says so — in its dry
 * run and in the report of the import itself — naming the devices, the file's lines and the stored ones.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { type Harness, startCore } from '../support/core-harness';

const cores: Harness[] = [];
afterEach(async () => {
  for (const h of cores.splice(0)) await h.close();
});

async function open() {
  const h = await startCore({ bridgeUrl: 'http://127.0.0.1:9/', autoPush: false });
  cores.push(h);
  await h.call('devices.create', {
    name: 'Laser cutter',
    deviceId: 'laser-01',
    topicPattern: 'shellies/laser/#',
  });
  await h.call('devices.create', { name: 'Old drill', deviceId: 'drill-01', topicPattern: 'shop/drill' });
  await h.call('devices.create', { name: 'Drill spare', deviceId: 'drill-02', topicPattern: 'shop/drill' });
  return h;
}

// Line 2 shares the stored laser's topic: a Shelly prefix with /# is read on <prefix>/status/pm1:0, so the
// explicit status topic is the same topic. Lines 3 and 4 share one within the file. Line 5 is alone.
const CSV = [
  'name,deviceId,topicPattern,parserType',
  'Laser two,laser-02,shellies/laser/status/pm1:0,shelly_pm',
  'Saw,saw-01,shop/saw,generic',
  'Saw (old meter),saw-02,shop/saw,generic',
  'Lathe,lathe-01,shop/lathe,generic',
  '',
].join('\n');

describe('import: devices sharing a meter topic', () => {
  it('are named in the dry run as a warning, with lines and stored devices, and nothing is refused or written', async () => {
    const h = await open();
    const report = await h.call('devices.import', {
      content: CSV,
      mode: 'merge',
      dryRun: true,
    });
    expect(report.counts).toMatchObject({ create: 4, refuse: 0 });
    expect(report.sharedTopics).toEqual([
      {
        topic: 'shellies/laser/status/pm1:0',
        devices: [
          { deviceId: 'laser-02', name: 'Laser two', line: 2 },
          { deviceId: 'laser-01', name: 'Laser cutter', line: null },
        ],
      },
      {
        topic: 'shop/saw',
        devices: [
          { deviceId: 'saw-01', name: 'Saw', line: 3 },
          { deviceId: 'saw-02', name: 'Saw (old meter)', line: 4 },
        ],
      },
    ]);
    // The two stored drills share a topic too, but the file does not touch them: not this import's news.
    expect(report.sharedTopics.map((s) => s.topic)).not.toContain('shop/drill');
    expect(await h.call('devices.list')).toHaveLength(3);
  });

  it('are named again in the report of the import, which is written', async () => {
    const h = await open();
    const report = await h.call('devices.import', {
      content: CSV,
      mode: 'merge',
      dryRun: false,
    });
    expect(report.applied).toBe(true);
    expect(report.sharedTopics.map((s) => s.devices.map((d) => d.deviceId))).toEqual([
      ['laser-02', 'laser-01'],
      ['saw-01', 'saw-02'],
    ]);
    expect(await h.call('devices.list')).toHaveLength(7);
  });

  it('leave out stored devices that a replace deletes, and an update that moves a device off the topic', async () => {
    const h = await open();
    const replace = await h.call('devices.import', {
      content: CSV,
      mode: 'replace',
      dryRun: true,
    });
    expect(replace.counts.delete).toBe(3);
    expect(replace.sharedTopics.map((s) => s.topic)).toEqual(['shop/saw']);

    const moved = [
      'name,deviceId,topicPattern,parserType',
      'Drill spare,drill-02,shop/drill-spare,generic',
      'Laser cutter,laser-01,shellies/laser/#,shelly_pm',
    ].join('\n');
    const merge = await h.call('devices.import', {
      content: moved,
      mode: 'merge',
      dryRun: true,
    });
    expect(merge.counts).toMatchObject({ update: 1, unchanged: 1 });
    expect(merge.sharedTopics).toEqual([]);
  });
});
