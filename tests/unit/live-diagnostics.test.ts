import { describe, expect, it } from 'vitest';
import {
  DEFAULT_STRATEGY_CONFIG,
  type DiagnosisInput,
  diagnoseMeter,
  liveRowState,
  meterTopics,
} from '../../src-shared';

const NOW = Date.parse('2026-12-02T12:00:00Z');
const base: DiagnosisInput = {
  topics: meterTopics({ topicPattern: 'shellypmminig3-laser/#', parserType: 'shelly_pm' }),
  strategyConfig: { ...DEFAULT_STRATEGY_CONFIG },
  connectedAt: NOW - 120_000,
  now: NOW,
  lastHeardByBridgeAt: NOW - 1000,
  online: true,
  eventsSeen: true,
  components: ['pm1:0'],
  longestSilenceInUseMs: 5000,
  maxWatts: 500,
  bufferedSince: NOW - 3_600_000,
  unreadable: 0,
  lastUnreadable: null,
};
const codes = (input: Partial<DiagnosisInput>) => diagnoseMeter({ ...base, ...input }).map((d) => d.code);
const sentence = (input: Partial<DiagnosisInput>) => diagnoseMeter({ ...base, ...input })[0]?.sentence;

describe('diagnostics', () => {
  it('say nothing for a healthy meter, and nothing at all while not connected', () => {
    expect(codes({})).toEqual([]);
    expect(codes({ connectedAt: null, lastHeardByBridgeAt: null, eventsSeen: false })).toEqual([]);
  });

  it('nothing heard on the topic since the connection', () => {
    expect(sentence({ lastHeardByBridgeAt: null, eventsSeen: false, components: [], maxWatts: null })).toBe(
      "Nothing heard on shellypmminig3-laser/status/pm1:0 since the broker connection (2 min ago): check the topic and the meter's MQTT prefix.",
    );
  });

  it('a Shelly that sends events but no status: switch status updates on', () => {
    expect(sentence({ lastHeardByBridgeAt: null, maxWatts: null })).toBe(
      'The Shelly is online and sends events but no status/pm1:0: the bridge will hear nothing until "Generic status update over MQTT" is switched on in the device\'s MQTT settings.',
    );
  });

  it('a meter that reports switch:0 while the topic points at pm1:0', () => {
    expect(sentence({ lastHeardByBridgeAt: null, components: ['switch:0'], maxWatts: null })).toBe(
      'The meter reports switch:0 but the topic points at pm1:0: set the topic to shellypmminig3-laser/status/switch:0.',
    );
  });

  it('a silence longer than the message timeout', () => {
    expect(sentence({ longestSilenceInUseMs: 41 * 60_000 })).toMatch(
      /^The longest silence seen while the machine was in use \(41 min\) exceeds the message timeout \(20 s\): the bridge would end sessions while the machine runs/,
    );
    expect(codes({ longestSilenceInUseMs: 20_000 })).toEqual([]);
  });

  it('a working threshold above every reading, once 10 minutes are buffered', () => {
    expect(codes({ maxWatts: 45.25, bufferedSince: NOW - 9 * 60_000 })).toEqual([]);
    expect(sentence({ maxWatts: 45.25 })).toBe(
      'The working threshold (100 W) is above every reading in the last 1 h (highest 45.3 W): the bridge would never see this machine working.',
    );
  });

  it('offline, and unreadable payloads', () => {
    expect(codes({ online: false })).toEqual(['offline']);
    expect(
      sentence({
        unreadable: 2,
        lastUnreadable: { topic: 't/online', why: 'is neither true nor false', example: 'maybe' },
      }),
    ).toBe('2 messages could not be read; the last one, on t/online, is neither true nor false: maybe');
  });
});

describe('row state', () => {
  it('offline beats all; never heard; silent past the message timeout; live', () => {
    expect(liveRowState(NOW, false, NOW, 20)).toBe('offline');
    expect(liveRowState(null, true, NOW, 20)).toBe('never');
    expect(liveRowState(NOW - 20_001, true, NOW, 20)).toBe('silent');
    expect(liveRowState(NOW - 20_000, null, NOW, 20)).toBe('live');
  });
});
