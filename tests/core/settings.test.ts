import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createConfSettings, PREFERENCES_FILE } from '../../src-main/core/conf-settings';
import { DEFAULT_SETTINGS } from '../../src-shared/settings';
import { tempDirs } from '../support/temp-dir';

const dirs = tempDirs('workshop-prefs-');
afterEach(() => dirs.cleanup());

const prefsFile = (dir: string) => join(dir, `${PREFERENCES_FILE}.json`);

function recordingLogger() {
  const warnings: string[] = [];
  return { warnings, logger: { info: () => {}, warn: (m: string) => warnings.push(m), error: () => {} } };
}

describe('preferences over conf', () => {
  it('starts with the defaults in an empty data directory', () => {
    expect(createConfSettings({ cwd: dirs.make() }).get()).toEqual(DEFAULT_SETTINGS);
  });

  it('keeps a change across a restart', () => {
    const dir = dirs.make();
    const first = createConfSettings({ cwd: dir });
    expect(first.set({ bridgeUrl: 'https://bridge.example.org', notifications: 'all' })).toEqual({
      ...DEFAULT_SETTINGS,
      bridgeUrl: 'https://bridge.example.org',
      notifications: 'all',
    });
    expect(createConfSettings({ cwd: dir }).get()).toEqual({
      ...DEFAULT_SETTINGS,
      bridgeUrl: 'https://bridge.example.org',
      notifications: 'all',
    });
  });

  it('changes only the fields in the patch', () => {
    const settings = createConfSettings({ cwd: dirs.make() });
    settings.set({ bridgeToken: 'secret-token' });
    settings.set({ autoPush: false });
    expect(settings.get()).toEqual({ ...DEFAULT_SETTINGS, bridgeToken: 'secret-token', autoPush: false });
  });

  it('moves an unreadable preferences file aside, keeps its bytes, and uses the defaults', () => {
    const dir = dirs.make();
    const garbage = '{"bridgeUrl": "http://kept-for-a-human:8080", oops';
    writeFileSync(prefsFile(dir), garbage);
    const { warnings, logger } = recordingLogger();

    const settings = createConfSettings({ cwd: dir, logger });

    expect(settings.get()).toEqual(DEFAULT_SETTINGS);
    const aside = readdirSync(dir).filter((f) => f.startsWith(`${PREFERENCES_FILE}.json.unreadable-`));
    expect(aside).toHaveLength(1);
    expect(readFileSync(join(dir, aside[0]!), 'utf8')).toBe(garbage);
    expect(warnings.join('\n')).toMatch(/moved to/);
    // and the app can save again
    settings.set({ autoPush: false });
    expect(createConfSettings({ cwd: dir }).get().autoPush).toBe(false);
  });

  it('falls back to the default for each invalid field and keeps the valid ones', () => {
    const dir = dirs.make();
    writeFileSync(
      prefsFile(dir),
      JSON.stringify({
        bridgeUrl: 'ftp://bridge',
        autoPush: false,
        notifications: 'sometimes',
        bridgeToken: 'tok',
      }),
    );
    const { warnings, logger } = recordingLogger();
    expect(createConfSettings({ cwd: dir, logger }).get()).toEqual({
      bridgeUrl: DEFAULT_SETTINGS.bridgeUrl,
      autoPush: false,
      notifications: DEFAULT_SETTINGS.notifications,
      bridgeToken: 'tok',
      brokerUrl: '',
      brokerUsername: '',
      brokerPassword: '',
    });
    expect(warnings.some((w) => w.includes('bridgeUrl'))).toBe(true);
  });

  it('reads a preferences file that is valid JSON but not an object as defaults', () => {
    const dir = dirs.make();
    writeFileSync(prefsFile(dir), '[1, 2, 3]');
    expect(createConfSettings({ cwd: dir }).get()).toEqual(DEFAULT_SETTINGS);
  });
});
