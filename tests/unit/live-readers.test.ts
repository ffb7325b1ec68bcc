import { describe, expect, it } from 'vitest';
import {
  meterTopics,
  payloadExample,
  readGenericPower,
  readOnline,
  readShellyEvent,
  readShellyStatus,
  subscriptionFilters,
  topicMatches,
} from '../../src-shared';

const PM1_STATUS =
  '{"id":0,"voltage":229.8,"current":0.046,"apower":4.4,"freq":50.1,"aenergy":{"total":42291.09,"by_minute":[0,213.298,0],"minute_ts":1752840120},"ret_aenergy":{"total":0,"by_minute":[0,0,0],"minute_ts":1752840120}}';
const NOTIFY =
  '{"src":"shellyplus1pm-3c61057263dc","dst":"shellyplus1pm-3c61057263dc/events","method":"NotifyStatus","params":{"ts":1657970346.65,"switch:0":{"id":0,"apower":579.0}}}';

describe('Shelly readers', () => {
  it('reads the full pm1:0 status a PM Mini Gen3 publishes', () => {
    const read = readShellyStatus('pm1:0', PM1_STATUS);
    expect(read).toMatchObject({ ok: true, watts: 4.4, source: 'apower of pm1:0' });
  });

  it('refuses a status without a numeric apower, or not JSON, with a reason', () => {
    expect(readShellyStatus('pm1:0', '{"id":0,"apower":"4.4"}')).toEqual({
      ok: false,
      why: 'has no numeric apower (a pm1:0 status carries one)',
    });
    expect(readShellyStatus('pm1:0', '{"id":')).toEqual({ ok: false, why: 'is not JSON' });
    expect(readShellyStatus('pm1:0', '[1,2]')).toMatchObject({ ok: false });
  });

  it('lays NotifyStatus over the last known status and keeps the src', () => {
    const known = { 'switch:0': { id: 0, output: true, apower: 12, voltage: 230 } };
    const read = readShellyEvent(NOTIFY, known);
    expect(read).toEqual({
      ok: true,
      method: 'NotifyStatus',
      src: 'shellyplus1pm-3c61057263dc',
      statuses: { 'switch:0': { id: 0, output: true, apower: 579, voltage: 230 } },
      changed: ['switch:0'],
    });
    // The known status is not changed in place.
    expect(known['switch:0'].apower).toBe(12);
  });

  it('replaces a component with NotifyFullStatus and ignores non-meter components and other methods', () => {
    const read = readShellyEvent(
      '{"method":"NotifyFullStatus","params":{"pm1:0":{"id":0,"apower":7},"sys":{"uptime":5}}}',
      { 'pm1:0': { id: 0, apower: 1, voltage: 230 } },
    );
    expect(read).toMatchObject({ ok: true, statuses: { 'pm1:0': { id: 0, apower: 7 } }, changed: ['pm1:0'] });
    expect(readShellyEvent('{"method":"NotifyEvent","params":{"events":[]}}', {})).toEqual({
      ok: true,
      method: 'other',
      name: 'NotifyEvent',
      src: null,
    });
    expect(readShellyEvent('{"params":{}}', {})).toEqual({ ok: false, why: 'has no method' });
    expect(readShellyEvent('{"method":"NotifyStatus","params":{"pm1:0":5}}', {})).toMatchObject({
      ok: false,
    });
  });

  it('reads online flags', () => {
    expect(readOnline('true')).toEqual({ ok: true, online: true });
    expect(readOnline(' false\n')).toEqual({ ok: true, online: false });
    expect(readOnline('1')).toMatchObject({ ok: false });
  });
});

describe('generic reader', () => {
  it.each([
    ['352.4', 352.4, 'plain number'],
    [' 0 ', 0, 'plain number'],
    ['1e3', 1000, 'plain number'],
    ['{"apower":12.5,"power":1}', 12.5, 'apower'],
    ['{"power":17}', 17, 'power'],
    ['{"value":3}', 3, 'value'],
  ])('reads %j as %d W from %s', (payload, watts, source) => {
    expect(readGenericPower(payload)).toEqual({ ok: true, watts, source });
  });

  it.each([
    ['', 'is empty'],
    ['on', 'is neither a number nor JSON'],
    ['[1]', 'is JSON but not an object with apower, power or value'],
    ['{"watts":3}', 'has no numeric apower, power or value'],
    ['{"power":"12"}', 'has no numeric apower, power or value'],
  ])('refuses %j: %s', (payload, why) => {
    expect(readGenericPower(payload)).toEqual({ ok: false, why });
  });

  it('shows a printable, bounded example of a bad payload', () => {
    expect(payloadExample('a\nb\u0000c')).toBe('a·b·c');
    expect(payloadExample('x'.repeat(300))).toHaveLength(161);
  });
});

describe('topics per device', () => {
  it('a Shelly prefix/# listens where the bridge does, plus online and events', () => {
    const topics = meterTopics({ topicPattern: 'site/shelly-laser/#', parserType: 'shelly_pm' });
    expect(topics).toEqual({
      bridge: 'site/shelly-laser/status/pm1:0',
      online: 'site/shelly-laser/online',
      events: 'site/shelly-laser/events/rpc',
      component: 'pm1:0',
      reader: 'shelly_status',
    });
    expect(subscriptionFilters(topics)).toHaveLength(3);
  });

  it('a concrete switch:0 topic keeps its component; a Gen1 power topic gets its online topic', () => {
    expect(meterTopics({ topicPattern: 'plug/status/switch:0', parserType: 'shelly_pm' }).component).toBe(
      'switch:0',
    );
    expect(
      meterTopics({ topicPattern: 'shellies/printer/relay/0/power', parserType: 'generic' }),
    ).toMatchObject({
      bridge: 'shellies/printer/relay/0/power',
      online: 'shellies/printer/online',
      events: null,
      reader: 'generic',
    });
    expect(meterTopics({ topicPattern: 'lab/+/power', parserType: 'generic' }).online).toBeNull();
  });

  it('matches topics against filters as MQTT does', () => {
    expect(topicMatches('a/+/c', 'a/b/c')).toBe(true);
    expect(topicMatches('a/+/c', 'a/b/d')).toBe(false);
    expect(topicMatches('a/#', 'a')).toBe(true);
    expect(topicMatches('a/#', 'a/b/c')).toBe(true);
    expect(topicMatches('a/b', 'a/b/c')).toBe(false);
    expect(topicMatches('#', '$SYS/x')).toBe(false);
  });
});
