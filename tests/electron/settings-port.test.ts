import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Conf from 'conf';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createSettingsPort } from '../../src-main/core/json-settings-port';
import { setAsideUnreadableJson } from '../../src-main/core/set-aside-unreadable-json';
import { DEFAULT_SETTINGS } from '../../src-shared';

// electron-store is a `conf` with Electron's paths; the port only uses what conf provides, so a real conf on a
// temp dir exercises the real file handling without importing electron.
let dir: string;
const logger = () => ({ info: vi.fn(), warn: vi.fn(), error: vi.fn() });
const openStore = () =>
  new Conf<Record<string, unknown>>({ cwd: dir, configName: 'preferences', projectName: 'workshop-manager' });
const writeRaw = (text: string) => writeFileSync(join(dir, 'preferences.json'), text);

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'wm-settings-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('the electron-store settings port', () => {
  it('gives the defaults on a first run', () => {
    expect(createSettingsPort(openStore(), logger()).get()).toEqual(DEFAULT_SETTINGS);
  });

  it('keeps valid fields and falls back per field on corrupt ones, logging each', () => {
    writeRaw(
      JSON.stringify({
        bridgeUrl: 'ftp://nope',
        autoPush: false,
        notifications: 'sometimes',
        bridgeToken: 'abc123',
      }),
    );
    const log = logger();
    const settings = createSettingsPort(openStore(), log).get();
    expect(settings).toEqual({
      bridgeUrl: DEFAULT_SETTINGS.bridgeUrl,
      autoPush: false,
      notifications: DEFAULT_SETTINGS.notifications,
      bridgeToken: 'abc123',
      brokerUrl: '',
      brokerUsername: '',
      brokerPassword: '',
    });
    const warned = log.warn.mock.calls.map(([m]) => m).join('\n');
    expect(warned).toContain('bridgeUrl');
    expect(warned).toContain('notifications');
  });

  it('writes a change to the file so the next start reads it', () => {
    createSettingsPort(openStore(), logger()).set({
      bridgeUrl: 'http://bridge.local:9000/',
      notifications: 'all',
    });
    expect(createSettingsPort(openStore(), logger()).get()).toMatchObject({
      bridgeUrl: 'http://bridge.local:9000',
      notifications: 'all',
    });
    expect(JSON.parse(readFileSync(join(dir, 'preferences.json'), 'utf8'))).toMatchObject({
      notifications: 'all',
    });
  });

  it('replaces a corrupt stored value once the user sets the field', () => {
    writeRaw(JSON.stringify({ autoPush: 'yes please' }));
    const port = createSettingsPort(openStore(), logger());
    expect(port.get().autoPush).toBe(DEFAULT_SETTINGS.autoPush);
    expect(port.set({ autoPush: false }).autoPush).toBe(false);
    expect(JSON.parse(readFileSync(join(dir, 'preferences.json'), 'utf8')).autoPush).toBe(false);
  });
});

describe('setAsideUnreadableJson', () => {
  it('moves a file that is not JSON aside, keeps it, and lets the store start from defaults', () => {
    writeRaw('{"bridgeUrl": "http://half-writ');
    const aside = setAsideUnreadableJson(dir, 'preferences', () => new Date('2026-11-29T10:00:00Z'));
    expect(aside).toBe(join(dir, 'preferences.json.unreadable-2026-11-29T10-00-00-000Z'));
    expect(readdirSync(dir)).toEqual(['preferences.json.unreadable-2026-11-29T10-00-00-000Z']);
    expect(createSettingsPort(openStore(), logger()).get()).toEqual(DEFAULT_SETTINGS);
  });

  it.each(['[1,2]', 'null', '"text"', ''])('moves aside JSON that is not an object: %j', (text) => {
    writeRaw(text);
    expect(setAsideUnreadableJson(dir, 'preferences')).not.toBeNull();
  });

  it('leaves a readable file and a missing file alone', () => {
    expect(setAsideUnreadableJson(dir, 'preferences')).toBeNull();
    writeRaw('{"autoPush": false}');
    expect(setAsideUnreadableJson(dir, 'preferences')).toBeNull();
    expect(readdirSync(dir)).toEqual(['preferences.json']);
  });
});
