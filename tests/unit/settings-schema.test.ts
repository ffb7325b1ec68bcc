import { describe, expect, it } from 'vitest';
import { readSettings } from '../../src-main/core/json-settings-port';
import { fieldErrorsFromIssues } from '../../src-shared/result';
import {
  bridgeUrlError,
  brokerUrlError,
  DEFAULT_SETTINGS,
  settingsPatchSchema,
} from '../../src-shared/settings';

function patchErrors(input: unknown) {
  const parsed = settingsPatchSchema.safeParse(input);
  return parsed.success ? null : fieldErrorsFromIssues(parsed.error.issues);
}

function patchValue(input: unknown) {
  const parsed = settingsPatchSchema.safeParse(input);
  if (!parsed.success) throw new Error(JSON.stringify(fieldErrorsFromIssues(parsed.error.issues)));
  return parsed.data;
}

describe('preference defaults', () => {
  it('are the documented ones', () => {
    expect(DEFAULT_SETTINGS).toEqual({
      bridgeUrl: 'http://iot-bridge:8080',
      autoPush: true,
      notifications: 'errors',
      bridgeToken: '',
      brokerUrl: '',
      brokerUsername: '',
      brokerPassword: '',
    });
  });
});

describe('broker preferences', () => {
  it.each([
    'mqtt://broker.local:1883',
    'mqtts://broker.example.org:8883',
    'ws://127.0.0.1:9001/mqtt',
    'wss://broker.example.org/mqtt',
    '',
  ])('accepts %j', (url) => {
    expect(brokerUrlError(url)).toBeNull();
    expect(patchErrors({ brokerUrl: url })).toBeNull();
  });

  it.each([
    ['http://broker.local', /mqtt:\/\/, mqtts:\/\/, ws:\/\/ or wss:\/\//],
    ['broker.local:1883', /mqtt:\/\//],
    ['mqtt://', /not a URL|must name a host/],
    ['mqtt://u:p@broker.local', /Broker username and password/],
    ['mqtt://broker.local/?x=1', /query/],
  ])('refuses the URL %j with a clear message', (url, why) => {
    expect(brokerUrlError(url)).toMatch(why);
    expect(patchErrors({ brokerUrl: url })?.brokerUrl).toMatch(why);
  });

  it('trims the URL and the user name, keeps the password exactly, refuses control characters', () => {
    expect(patchValue({ brokerUrl: ' mqtt://b:1883 ', brokerUsername: ' staff ' })).toEqual({
      brokerUrl: 'mqtt://b:1883',
      brokerUsername: 'staff',
    });
    expect(patchValue({ brokerPassword: ' s3cret ' }).brokerPassword).toBe(' s3cret ');
    expect(patchErrors({ brokerPassword: 'a\nb' })?.brokerPassword).toMatch(/control characters/);
    expect(patchErrors({ brokerUsername: 'x'.repeat(1025) })?.brokerUsername).toMatch(/at most 1024/);
  });

  it('a damaged file falls back per field: a bad broker URL reads as "" (live view off)', () => {
    const read = readSettings({ brokerUrl: 'ftp://x', brokerUsername: 'staff' });
    expect(read.brokerUrl).toBe('');
    expect(read.brokerUsername).toBe('staff');
  });
});

describe('bridge URL', () => {
  it.each([
    'http://iot-bridge:8080',
    'https://bridge.example.org',
    'http://127.0.0.1:9',
    'http://[::1]:8080',
    'http://bridge/base/path',
  ])('accepts %j', (url) => {
    expect(bridgeUrlError(url)).toBeNull();
  });

  it.each([
    ['ftp://iot-bridge', /http:\/\/ or https:\/\//],
    ['file:///etc/passwd', /http:\/\/ or https:\/\//],
    ['iot-bridge:8080', /http:\/\/ or https:\/\//],
    ['javascript:alert(1)', /http:\/\/ or https:\/\//],
    ['http://', /not a URL/],
    ['not a url at all', /not a URL/],
    ['', /required/],
    ['   ', /required/],
    ['http://user:pass@iot-bridge:8080', /user or password/],
    ['http://user@iot-bridge:8080', /user or password/],
    ['http://iot-bridge:8080/?x=1', /query/],
    ['http://iot-bridge:8080/#top', /fragment/],
    ['http://iot-bridge:8080/\uD800', /lone UTF-16 surrogate/],
    ['http://iot-bri\uDC00dge:8080', /lone UTF-16 surrogate/],
  ])('refuses %j with a clear message', (url, why) => {
    expect(bridgeUrlError(url)).toMatch(why);
    expect(patchErrors({ bridgeUrl: url })?.bridgeUrl).toMatch(why);
  });

  it('strips trailing slashes and surrounding spaces', () => {
    expect(patchValue({ bridgeUrl: 'http://iot-bridge:8080/' }).bridgeUrl).toBe('http://iot-bridge:8080');
    expect(patchValue({ bridgeUrl: '  http://iot-bridge:8080///  ' }).bridgeUrl).toBe(
      'http://iot-bridge:8080',
    );
    expect(patchValue({ bridgeUrl: 'http://bridge/base/' }).bridgeUrl).toBe('http://bridge/base');
  });
});

describe('preferences patch', () => {
  it('accepts any subset, the empty one included', () => {
    expect(patchValue({})).toEqual({});
    expect(patchValue({ autoPush: false })).toEqual({ autoPush: false });
    expect(patchValue({ notifications: 'all', bridgeToken: 'abc.DEF-123' })).toEqual({
      notifications: 'all',
      bridgeToken: 'abc.DEF-123',
    });
  });

  it('refuses bad values, naming each field', () => {
    expect(patchErrors({ autoPush: 'yes', notifications: 'loud', bridgeToken: 'has space' })).toEqual({
      autoPush: 'must be true or false',
      notifications: 'must be "all", "errors" or "off"',
      bridgeToken: 'must be printable ASCII without spaces',
    });
  });

  it('refuses an unknown preference', () => {
    expect(patchErrors({ theme: 'dark' })).toEqual({ theme: 'is not a known field' });
  });

  it('refuses a token over 4096 characters and accepts one of 4096', () => {
    expect(patchErrors({ bridgeToken: 't'.repeat(4096) })).toBeNull();
    expect(patchErrors({ bridgeToken: 't'.repeat(4097) })?.bridgeToken).toMatch(/4096/);
  });
});

describe('reading preferences from a file', () => {
  it('uses the defaults for an empty or non-object source', () => {
    expect(readSettings({})).toEqual(DEFAULT_SETTINGS);
    expect(readSettings(null)).toEqual(DEFAULT_SETTINGS);
    expect(readSettings('garbage')).toEqual(DEFAULT_SETTINGS);
  });

  it('keeps valid fields and falls back to the default for each invalid one, saying so', () => {
    const warnings: string[] = [];
    const logger = { info: () => {}, warn: (m: string) => warnings.push(m), error: () => {} };
    const settings = readSettings(
      { bridgeUrl: 'ftp://x', autoPush: false, notifications: 'loud', bridgeToken: 'tok' },
      logger,
    );
    expect(settings).toEqual({
      bridgeUrl: DEFAULT_SETTINGS.bridgeUrl,
      autoPush: false,
      notifications: 'errors',
      bridgeToken: 'tok',
      brokerUrl: '',
      brokerUsername: '',
      brokerPassword: '',
    });
    expect(warnings.join('\n')).toMatch(/bridgeUrl/);
    expect(warnings.join('\n')).toMatch(/notifications/);
  });

  it('normalises a stored URL with a trailing slash', () => {
    expect(readSettings({ bridgeUrl: 'http://bridge:8080/' }).bridgeUrl).toBe('http://bridge:8080');
  });

  it('ignores keys it does not know', () => {
    expect(readSettings({ theme: 'dark' })).toEqual(DEFAULT_SETTINGS);
  });
});
