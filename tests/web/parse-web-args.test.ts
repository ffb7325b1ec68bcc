import { describe, expect, it } from 'vitest';
import { isLoopbackHost, parseTestTimings, parseWebArgs } from '../../src-main/web/parse-web-args';

const refusal = (argv: string[]) => {
  const parsed = parseWebArgs(argv, '/home/staff');
  if (parsed.ok) throw new Error(`expected a refusal for ${argv.join(' ')}`);
  return parsed.message;
};

describe('parseWebArgs', () => {
  it('defaults to loopback, a free port, a data dir in the home folder and a random 32-byte token', () => {
    const parsed = parseWebArgs([], '/home/staff');
    expect(parsed).toMatchObject({
      ok: true,
      args: { port: 0, host: '127.0.0.1', dataDir: '/home/staff/.workshop-manager', bridgeUrl: undefined },
    });
    if (!parsed.ok) return;
    expect(parsed.args.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const again = parseWebArgs([], '/home/staff');
    expect(again.ok && again.args.token).not.toBe(parsed.args.token);
  });

  it('takes every option, normalising the bridge URL with the settings schema', () => {
    const parsed = parseWebArgs(
      [
        '--port',
        '8123',
        '--host',
        '0.0.0.0',
        '--data-dir',
        '/srv/wm',
        '--bridge-url',
        ' http://bridge:8080/ ',
        '--broker-url',
        ' mqtt://broker.local:1883 ',
        '--token',
        'abcdefghijklmnop',
      ],
      '/home/staff',
    );
    expect(parsed).toEqual({
      ok: true,
      args: {
        port: 8123,
        host: '0.0.0.0',
        dataDir: '/srv/wm',
        bridgeUrl: 'http://bridge:8080',
        brokerUrl: 'mqtt://broker.local:1883',
        token: 'abcdefghijklmnop',
        help: false,
      },
    });
  });

  it('refuses bad arguments with one sentence naming the argument', () => {
    expect(refusal(['--port', 'abc'])).toMatch(/^--port must be a whole number from 0 to 65535/);
    expect(refusal(['--port', '70000'])).toMatch(/^--port must be/);
    expect(refusal(['--port', '-1'])).toMatch(/--port/);
    expect(refusal(['--bridge-url', 'ftp://bridge'])).toBe(
      '--bridge-url must start with http:// or https://',
    );
    expect(refusal(['--bridge-url', 'not a url'])).toMatch(/^--bridge-url is not a URL/);
    expect(refusal(['--broker-url', 'http://broker'])).toBe(
      '--broker-url must start with mqtt://, mqtts://, ws:// or wss://',
    );
    expect(parseWebArgs(['--broker-url', ''], '/h')).toMatchObject({ ok: true, args: { brokerUrl: '' } });
    expect(refusal(['--token', 'short'])).toMatch(/^--token must be 16 to 512 characters/);
    expect(refusal(['--token', 'has spaces in it here'])).toMatch(/^--token/);
    expect(refusal(['--data-dir', ''])).toBe('--data-dir must name a folder');
    expect(refusal(['--host', 'a b'])).toMatch(/^--host/);
    expect(refusal(['--prot', '1'])).toMatch(/^Unknown option '--prot'\. usage: npm run web/);
    expect(refusal(['serve'])).toMatch(/serve/);
    for (const message of [refusal(['--port', 'abc']), refusal(['--prot'])])
      expect(message).not.toContain('\n');
  });
});

describe('parseTestTimings (test-only env)', () => {
  it('is empty when unset and takes partial push/sync timings', () => {
    expect(parseTestTimings(undefined)).toEqual({ ok: true, timings: {} });
    expect(parseTestTimings('{"sync":{"backoffMs":[200,400]},"push":{"timeoutMs":1000}}')).toEqual({
      ok: true,
      timings: { sync: { backoffMs: [200, 400] }, push: { timeoutMs: 1000 } },
    });
  });

  it('refuses non-JSON, unknown keys and negative times', () => {
    expect(parseTestTimings('fast')).toMatchObject({ ok: false });
    expect(parseTestTimings('{"sync":{"debounce":1}}')).toMatchObject({ ok: false });
    expect(parseTestTimings('{"push":{"timeoutMs":-1}}')).toMatchObject({ ok: false });
  });
});

describe('isLoopbackHost', () => {
  it('tells this machine from the network, which gets a warning at start-up', () => {
    for (const host of ['127.0.0.1', '127.1.2.3', 'localhost', '::1'])
      expect(isLoopbackHost(host)).toBe(true);
    for (const host of ['0.0.0.0', '::', '192.168.1.20', 'workshop-box', '127.0.0.1.example'])
      expect(isLoopbackHost(host)).toBe(false);
  });
});
