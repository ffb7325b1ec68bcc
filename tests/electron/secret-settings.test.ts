/**
 * Secret preferences over a real preferences file (conf, the library electron-store is built on) in a temp dir,
 * with a stand-in for safeStorage's cipher that is as opaque as the real one for these checks.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Conf from 'conf';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createSettingsPort } from '../../src-main/core/json-settings-port';
import { safeStorageCipher } from '../../src-main/electron/safe-storage-cipher';
import {
  openSecretSettingsStore,
  SECRET_SETTING_KEYS,
  type SecretCipher,
} from '../../src-main/electron/secret-settings';
import { DEFAULT_SETTINGS } from '../../src-shared';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'wm-secrets-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const open = () =>
  new Conf<Record<string, unknown>>({ cwd: dir, configName: 'preferences', projectName: 'workshop-manager' });
const fileText = () => readFileSync(join(dir, 'preferences.json'), 'utf8');
const log = () => ({ warn: vi.fn() });

/** Reversible but not readable: base64 of the reversed text, behind a marker. */
const cipher: SecretCipher = {
  encrypt: async (plain) => `v1:${Buffer.from([...plain].reverse().join('')).toString('base64')}`,
  async decrypt(stored) {
    if (!stored.startsWith('v1:')) throw new Error('Error while decrypting the ciphertext');
    return {
      value: [...Buffer.from(stored.slice(3), 'base64').toString()].reverse().join(''),
      reEncrypt: false,
    };
  },
};

describe('secret preferences with safeStorage', () => {
  it('writes the bridge token and broker password encrypted, never in plain text, and reads them back', async () => {
    const first = await openSecretSettingsStore({ backing: open(), cipher, log: log() });
    const settings = createSettingsPort(first.store, log() as never);
    settings.set({ bridgeToken: 'tok-SECRET-123', autoPush: false });
    settings.set({ brokerPassword: 'mqtt-SECRET-pw', brokerUsername: 'staff' });
    await first.flush();
    expect(fileText()).not.toContain('SECRET');
    expect(JSON.parse(fileText())).toMatchObject({ autoPush: false, encryptedSecrets: expect.any(Object) });

    const second = await openSecretSettingsStore({ backing: open(), cipher, log: log() });
    expect(second.store.store).toMatchObject({
      bridgeToken: 'tok-SECRET-123',
      brokerPassword: 'mqtt-SECRET-pw',
    });
    expect(second.store.store).not.toHaveProperty('encryptedSecrets');
    expect(createSettingsPort(second.store, log() as never).get()).toMatchObject({
      bridgeToken: 'tok-SECRET-123',
      brokerPassword: 'mqtt-SECRET-pw',
      brokerUsername: 'staff',
    });
    expect(second.protection).toEqual({ kind: 'encrypted' });
  });

  it('encrypts a token an earlier version left in plain text, and removes the plain copy', async () => {
    writeFileSync(
      join(dir, 'preferences.json'),
      JSON.stringify({ bridgeToken: 'old-SECRET', autoPush: true }),
    );
    const secrets = await openSecretSettingsStore({ backing: open(), cipher, log: log() });
    await secrets.flush();
    expect(fileText()).not.toContain('old-SECRET');
    expect(secrets.store.store.bridgeToken).toBe('old-SECRET');
  });

  it('clearing a secret removes it from the file', async () => {
    const secrets = await openSecretSettingsStore({ backing: open(), cipher, log: log() });
    secrets.store.set({ bridgeToken: 'tok-SECRET' });
    secrets.store.set({ bridgeToken: '' });
    await secrets.flush();
    expect(JSON.parse(fileText()).encryptedSecrets).toEqual({});
  });

  it('says so, and starts without it, when a saved secret cannot be decrypted', async () => {
    writeFileSync(
      join(dir, 'preferences.json'),
      JSON.stringify({ encryptedSecrets: { bridgeToken: 'garbage' } }),
    );
    const secrets = await openSecretSettingsStore({ backing: open(), cipher, log: log() });
    expect(secrets.problems).toEqual([
      expect.stringMatching(/bridge token could not be decrypted.*enter it again/i),
    ]);
    expect(createSettingsPort(secrets.store, log() as never).get().bridgeToken).toBe('');
  });
});

describe('the list of secret keys', () => {
  it('names only real preferences, and every secret one (bridge token, broker password)', () => {
    for (const key of SECRET_SETTING_KEYS) expect(DEFAULT_SETTINGS).toHaveProperty(key);
    expect([...SECRET_SETTING_KEYS].sort()).toEqual(['bridgeToken', 'brokerPassword']);
  });
});

describe('secret preferences without encryption (Linux without a keyring)', () => {
  it('keeps secrets in the preferences file, and says so in the log and in `protection`', async () => {
    const warn = log();
    const told: string[] = [];
    const secrets = await openSecretSettingsStore({
      backing: open(),
      cipher: null,
      unavailableReason: 'no system keyring was found',
      onPlainSecretSaved: (message) => told.push(message),
      log: warn,
    });
    expect(secrets.protection).toEqual({ kind: 'plain', reason: 'no system keyring was found' });
    expect(warn.warn).toHaveBeenCalledWith(expect.stringMatching(/plain text.*no system keyring was found/));
    secrets.store.set({ bridgeToken: 'tok-plain' });
    await secrets.flush();
    expect(JSON.parse(fileText()).bridgeToken).toBe('tok-plain');
    // The user is told when a secret is saved that way, once per secret and run, not at every keystroke.
    expect(told).toEqual([expect.stringMatching(/bridge token was saved in plain text.*no system keyring/)]);
    secrets.store.set({ bridgeToken: 'tok-plain-2', autoPush: false });
    secrets.store.set({ bridgeToken: '' });
    expect(told).toHaveLength(1);
  });

  it('does not lose a secret encrypted earlier: it says the keyring is missing and leaves it on disk', async () => {
    writeFileSync(
      join(dir, 'preferences.json'),
      JSON.stringify({ encryptedSecrets: { bridgeToken: 'v1:abc' } }),
    );
    const secrets = await openSecretSettingsStore({ backing: open(), cipher: null, log: log() });
    expect(secrets.problems[0]).toMatch(/encrypted, but the system keyring is not available/);
    secrets.store.set({ autoPush: false });
    expect(JSON.parse(fileText()).encryptedSecrets).toEqual({ bridgeToken: 'v1:abc' });
  });
});

describe('safeStorageCipher', () => {
  const storage = (available: boolean, backend = 'gnome_libsecret') => ({
    isAsyncEncryptionAvailable: async () => available,
    getSelectedStorageBackend: () => backend,
    encryptStringAsync: async (text: string) => Buffer.from(`E${text}`),
    decryptStringAsync: async (data: Buffer) => ({ result: data.toString().slice(1), shouldReEncrypt: true }),
  });

  it('encrypts to base64 and back through the asynchronous API', async () => {
    const { cipher: c } = await safeStorageCipher(storage(true), 'win32');
    const stored = await c!.encrypt('tok');
    expect(stored).toBe(Buffer.from('Etok').toString('base64'));
    await expect(c!.decrypt(stored)).resolves.toEqual({ value: 'tok', reEncrypt: true });
  });

  it('offers no cipher, with the reason, when encryption is unavailable or Linux has only basic_text', async () => {
    expect(await safeStorageCipher(storage(false), 'win32')).toMatchObject({ cipher: null });
    expect(await safeStorageCipher(storage(true, 'basic_text'), 'linux')).toEqual({
      cipher: null,
      reason: expect.stringMatching(/no system keyring/),
    });
  });
});
