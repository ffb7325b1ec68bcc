import { describe, expect, it } from 'vitest';
import {
  classifyMessage,
  DEFAULT_STRATEGY_CONFIG,
  DEVICE_ID_PATTERN,
  describeMeters,
  deviceCreateSchema,
  FoundMeters,
  indexDevices,
  toDeviceId,
  toMqttTopic,
} from '../../src-shared';
import {
  deviceInfoAnswer,
  everyKind,
  type FakeMessage,
  gen1Announce,
  gen1Plug,
  gen2Switch,
  gen3StatusOff,
  gen3StatusOn,
  storedDevice,
} from '../support/fake-meters';

function hear(messages: FakeMessage[], found = new FoundMeters()): FoundMeters {
  let at = 1000;
  for (const m of messages) {
    const message = classifyMessage(m.topic, m.payload);
    if (message) found.observe(message, at++);
  }
  return found;
}

const device = (id: number, deviceId: string, topicPattern: string) =>
  storedDevice(id, deviceId, topicPattern);

describe('classifyMessage', () => {
  it('reads the prefix of one-, two- and three-level Gen2 topics', () => {
    expect(classifyMessage('a/online', 'true')).toEqual({ kind: 'online', prefix: 'a', online: true });
    expect(classifyMessage('site/laser/online', 'false')).toEqual({
      kind: 'online',
      prefix: 'site/laser',
      online: false,
    });
    expect(classifyMessage('x/y/z/status/pm1:0', '{"apower":3}')).toEqual({
      kind: 'status',
      prefix: 'x/y/z',
      reading: { component: 'pm1:0', watts: 3 },
    });
  });

  it('ignores what is no meter message and never throws on bad payloads', () => {
    expect(classifyMessage('a/online', 'maybe')).toBeNull();
    expect(classifyMessage('a/b/c/d/e/online', 'true')).toBeNull();
    expect(classifyMessage('a/events/rpc', '{not json')).toBeNull();
    expect(classifyMessage('shellies/x/relay/0/power', 'NaN')).toBeNull();
    expect(classifyMessage('a//online', 'true')).toBeNull();
    expect(classifyMessage('a/status/pm1:0', 'x'.repeat(70_000))).toBeNull();
    // Non-power status (sys, wifi) still says status updates are on, without a reading.
    expect(classifyMessage('a/status/sys', '{"uptime":3}')).toEqual({
      kind: 'status',
      prefix: 'a',
      reading: null,
    });
  });

  it('takes the device id from the RPC src and the readings from NotifyStatus', () => {
    const [, , events] = gen2Switch();
    expect(classifyMessage(events!.topic, events!.payload)).toEqual({
      kind: 'events',
      prefix: 'shellyplus1pm-3c61057263dc',
      src: 'shellyplus1pm-3c61057263dc',
      readings: [{ component: 'switch:0', watts: 579 }],
    });
  });

  it('reads identify answers only on the app’s own answer topic', () => {
    const answer = deviceInfoAnswer(7, 'shellypmminig3-84fce63e5b4c', 'wm-1', 'MiniPMG3', 3);
    expect(classifyMessage('wm-1/rpc', answer, 'wm-1/rpc')).toMatchObject({
      kind: 'rpc-answer',
      requestId: 7,
      info: { model: 'MiniPMG3', generation: 3, firmware: '1.4.4' },
    });
    expect(classifyMessage('wm-1/rpc', answer)).toBeNull();
  });
});

describe('FoundMeters', () => {
  it('finds each kind of meter with its prefix, component and status-update state', () => {
    const found = hear(everyKind());
    const byPrefix = Object.fromEntries(found.list().map((m) => [m.prefix, m]));
    expect(Object.keys(byPrefix)).toEqual([
      'shellypmminig3-84fce63e5b4c',
      'shellypmminig3-a0b1c2d3e4f5',
      'shellyplus1pm-3c61057263dc',
      'shellies/shellyplug-s-7C87CE',
      'site/shelly-laser',
    ]);
    expect(byPrefix['shellypmminig3-84fce63e5b4c']).toMatchObject({
      family: 'gen2',
      shellyId: 'shellypmminig3-84fce63e5b4c',
      components: ['pm1:0'],
      watts: 352.4,
      statusUpdates: 'on',
      online: true,
      model: 'Shelly PM Mini Gen3',
      modelFrom: 'id',
    });
    expect(byPrefix['shellypmminig3-a0b1c2d3e4f5']).toMatchObject({ statusUpdates: 'off', watts: 12.5 });
    expect(byPrefix['shellyplus1pm-3c61057263dc']).toMatchObject({
      components: ['switch:0'],
      statusUpdates: 'on',
    });
    expect(byPrefix['shellies/shellyplug-s-7C87CE']).toMatchObject({
      family: 'gen1',
      shellyId: 'shellyplug-s-7C87CE',
      components: ['relay:0'],
      watts: 41.7,
      statusUpdates: null,
      generation: 1,
    });
    expect(byPrefix['site/shelly-laser']).toMatchObject({
      shellyId: 'shellypmminig3-112233445566',
      watts: 1210,
      statusUpdates: 'on',
    });
  });

  it('a status message after events turns "off" into "on"; events alone stay "off"', () => {
    const found = hear(gen3StatusOff('m-1'));
    expect(found.get('m-1')?.statusUpdates).toBe('off');
    hear([{ topic: 'm-1/status/pm1:0', payload: '{"apower":1}' }], found);
    expect(found.get('m-1')?.statusUpdates).toBe('on');
  });

  it('a Gen2 meter under shellies/<name> is not taken for Gen1 once it sends status', () => {
    const found = hear([
      { topic: 'shellies/laser/online', payload: 'true' },
      { topic: 'shellies/laser/status/pm1:0', payload: '{"apower":5}' },
    ]);
    expect(found.get('shellies/laser')).toMatchObject({ family: 'gen2', shellyId: null, generation: null });
  });

  it('keeps at most its limit of meters and counts what it left out', () => {
    const found = new FoundMeters(3);
    for (let i = 0; i < 10; i++) found.observe({ kind: 'online', prefix: `m${i}`, online: true }, i);
    found.observe({ kind: 'online', prefix: 'm1', online: false }, 20);
    expect(found.size).toBe(3);
    expect(found.capped).toBe(true);
    expect(found.leftOut).toBe(7);
    expect(found.get('m1')?.online).toBe(false);
  });

  it('identify answers fill in model, generation and firmware', () => {
    const found = hear(gen3StatusOn('shellypmminig3-84fce63e5b4c'));
    found.identified('shellypmminig3-84fce63e5b4c', {
      shellyId: 'shellypmminig3-84fce63e5b4c',
      model: 'MiniPMG3',
      generation: 3,
      firmware: '1.4.4',
    });
    expect(found.get('shellypmminig3-84fce63e5b4c')).toMatchObject({
      model: 'Shelly PM Mini Gen3',
      modelFrom: 'answer',
      generation: 3,
      firmware: '1.4.4',
    });
    const gen1 = classifyMessage('shellies/announce', gen1Announce('shellyplug-s-7C87CE'));
    hear(gen1Plug(), found);
    found.observe(gen1!, 5000);
    expect(found.get('shellies/shellyplug-s-7C87CE')).toMatchObject({
      model: 'Shelly Plug S',
      generation: 1,
    });
  });
});

describe('suggestions and existing devices', () => {
  const found = hear(everyKind());

  it('pre-fills a valid device for every kind, pointing the bridge at the topic the meter publishes', () => {
    const rows = Object.fromEntries(describeMeters(found.list(), indexDevices([])).map((m) => [m.prefix, m]));
    expect(rows['shellypmminig3-84fce63e5b4c']!.suggestion).toEqual({
      deviceId: 'shellypmminig3-84fce63e5b4c',
      name: 'Shelly PM Mini Gen3 84fce63e5b4c',
      topicPattern: 'shellypmminig3-84fce63e5b4c/#',
      parserType: 'shelly_pm',
      strategy: 'power_threshold',
      strategyConfig: DEFAULT_STRATEGY_CONFIG,
      active: true,
      notes: '',
    });
    expect(rows['shellyplus1pm-3c61057263dc']!.suggestion).toMatchObject({
      topicPattern: 'shellyplus1pm-3c61057263dc/status/switch:0',
      parserType: 'shelly_pm',
      name: 'Shelly Plus 1PM 3c61057263dc',
    });
    expect(rows['shellies/shellyplug-s-7C87CE']!.suggestion).toMatchObject({
      deviceId: 'shellyplug-s-7c87ce',
      topicPattern: 'shellies/shellyplug-s-7C87CE/relay/0/power',
      parserType: 'generic',
      name: 'Shelly Plug S 7C87CE',
    });
    expect(rows['site/shelly-laser']!.suggestion).toMatchObject({
      deviceId: 'shellypmminig3-112233445566',
      topicPattern: 'site/shelly-laser/#',
      name: 'Shelly PM Mini Gen3 shelly-laser',
    });
    for (const row of Object.values(rows)) {
      expect(deviceCreateSchema.safeParse(row.suggestion).success).toBe(true);
      expect(row.existing).toBeNull();
    }
    // The bridge subscribes to exactly what the meter publishes.
    expect(toMqttTopic('site/shelly-laser/#', 'shelly_pm')).toBe('site/shelly-laser/status/pm1:0');
  });

  it('finds the device that already watches a meter by topic, else by device ID', () => {
    const index = indexDevices([
      device(1, 'laser', 'site/shelly-laser/#'),
      device(2, 'plug', 'shellies/shellyplug-s-7C87CE/relay/0/power'),
      device(3, 'shellyplus1pm-3c61057263dc', 'elsewhere/#'),
      device(4, 'cnc', 'shellypmminig3-84fce63e5b4c/status/pm1:0'),
    ]);
    const rows = Object.fromEntries(describeMeters(found.list(), index).map((m) => [m.prefix, m.existing]));
    expect(rows['site/shelly-laser']).toEqual({ id: 1, name: 'Device 1', deviceId: 'laser', by: 'topic' });
    expect(rows['shellies/shellyplug-s-7C87CE']).toMatchObject({ id: 2, by: 'topic' });
    expect(rows['shellyplus1pm-3c61057263dc']).toMatchObject({ id: 3, by: 'deviceId' });
    expect(rows['shellypmminig3-84fce63e5b4c']).toMatchObject({ id: 4, by: 'topic' });
    expect(rows['shellypmminig3-a0b1c2d3e4f5']).toBeNull();
  });

  it('makes any Shelly id or prefix a valid device ID', () => {
    for (const raw of ['ShellyPlug-S-7C87CE', '--x--', 'a b/c', 'ÄÖÜ', '', `${'z'.repeat(80)}-`, '_lead']) {
      expect(toDeviceId(raw)).toMatch(DEVICE_ID_PATTERN);
    }
    expect(toDeviceId('ShellyPlug-S-7C87CE')).toBe('shellyplug-s-7c87ce');
    expect(toDeviceId('a b/c')).toBe('a-b-c');
  });
});
