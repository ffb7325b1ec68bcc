/**
 * Secret preferences (the bridge token, the broker password, any key in SECRET_SETTING_KEYS) kept encrypted
 * with Electron's safeStorage in the desktop app. A layer over the preferences store: on disk the secrets sit
 * under `encryptedSecrets` (base64 of safeStorage's bytes) and never in plain text; the settings port above
 * sees plain values. Where the OS offers no encryption (Linux without a keyring), secrets stay in the
 * preferences file (owner-only) and `protection` says so, for the About box and the log.
 */
import type { JsonStore } from '../core/json-settings-port';

/** Every preference that is a secret. Extend the list; nothing else changes. */
export const SECRET_SETTING_KEYS = ['bridgeToken', 'brokerPassword'] as const;
/** The field of the preferences file that holds the encrypted secrets. */
export const ENCRYPTED_SECRETS_FIELD = 'encryptedSecrets';

/** Encryption as safeStorage offers it (see electronSecretCipher in desktop-app.ts). */
export interface SecretCipher {
  encrypt(plain: string): Promise<string>;
  /** The plain text, and whether it should be encrypted again (the OS rotated its key). */
  decrypt(stored: string): Promise<{ value: string; reEncrypt: boolean }>;
}

export type SecretProtection = { kind: 'encrypted' } | { kind: 'plain'; reason: string };

/** What the secret layer needs from electron-store (or conf, in tests). */
export interface SecretBackingStore extends JsonStore {
  delete(key: string): void;
}

interface Log {
  warn(message: string): void;
}

export interface SecretSettingsStore {
  /** The store the SettingsPort uses: plain values in, plain values out. */
  store: JsonStore;
  protection: SecretProtection;
  /** Sentences for the user about secrets that could not be read (e.g. a keyring that changed). */
  problems: string[];
  /** Resolves when every secret written so far is on disk (awaited before quitting). */
  flush(): Promise<void>;
}

const LABELS: Record<string, string> = { bridgeToken: 'bridge token', brokerPassword: 'broker password' };
const label = (key: string) => LABELS[key] ?? key;

export async function openSecretSettingsStore(options: {
  backing: SecretBackingStore;
  cipher: SecretCipher | null;
  /** Why there is no cipher (shown to the user), when there is none. */
  unavailableReason?: string;
  keys?: readonly string[];
  /** Told, once per key and run, when a secret is saved in plain text (no cipher), so the user hears of it. */
  onPlainSecretSaved?(message: string): void;
  log: Log;
}): Promise<SecretSettingsStore> {
  const { backing, cipher, log } = options;
  const keys: readonly string[] = options.keys ?? SECRET_SETTING_KEYS;
  const problems: string[] = [];
  const raw = backing.store;
  const encryptedOnDisk = (): Record<string, string> => {
    const field = backing.store[ENCRYPTED_SECRETS_FIELD];
    if (typeof field !== 'object' || field === null) return {};
    return Object.fromEntries(
      Object.entries(field).filter((entry): entry is [string, string] => typeof entry[1] === 'string'),
    );
  };
  const plain: Record<string, string> = {};

  let writes: Promise<void> = Promise.resolve();
  /** Encrypts and writes one secret after the ones before it, so the last value set is the one on disk. */
  const writeEncrypted = (key: string, value: string) => {
    if (!cipher) return;
    writes = writes.then(async () => {
      try {
        const next = { ...encryptedOnDisk() };
        if (value === '') delete next[key];
        else next[key] = await cipher.encrypt(value);
        backing.set({ [ENCRYPTED_SECRETS_FIELD]: next });
        if (key in backing.store) backing.delete(key);
      } catch (error) {
        log.warn(`the ${label(key)} could not be encrypted and was not saved: ${String(error)}`);
      }
    });
  };

  const encrypted = encryptedOnDisk();
  for (const key of keys) {
    const legacy = raw[key];
    if (cipher && typeof encrypted[key] === 'string') {
      try {
        const { value, reEncrypt } = await cipher.decrypt(encrypted[key]);
        plain[key] = value;
        if (reEncrypt) writeEncrypted(key, value);
      } catch (error) {
        problems.push(
          `The saved ${label(key)} could not be decrypted (the system keyring or the Windows user changed?). Enter it again in Preferences.`,
        );
        log.warn(`decrypting the ${label(key)} failed: ${String(error)}`);
      }
      if (key in raw) backing.delete(key);
    } else if (!cipher && typeof encrypted[key] === 'string') {
      problems.push(
        `The saved ${label(key)} is encrypted, but the system keyring is not available now (${options.unavailableReason ?? 'no encryption'}). Unlock or start the keyring and restart Workshop Manager, or enter it again in Preferences.`,
      );
    } else if (typeof legacy === 'string') {
      plain[key] = legacy;
      // Written in plain text by an earlier version or without a keyring: encrypt it now that we can.
      if (cipher && legacy !== '') writeEncrypted(key, legacy);
    }
  }

  const protection: SecretProtection = cipher
    ? { kind: 'encrypted' }
    : {
        kind: 'plain',
        reason: options.unavailableReason ?? 'the system offers no encryption',
      };
  if (protection.kind === 'plain') {
    log.warn(
      `secrets (${keys.map(label).join(', ')}) are kept in plain text in the preferences file (owner-only): ${protection.reason}`,
    );
  }

  const toldPlain = new Set<string>();
  const view: JsonStore = {
    get store() {
      const rest = Object.fromEntries(
        Object.entries(backing.store).filter(
          ([key]) => key !== ENCRYPTED_SECRETS_FIELD && !keys.includes(key),
        ),
      );
      return { ...rest, ...plain };
    },
    set(values) {
      const others: Record<string, unknown> = {};
      for (const [key, value] of Object.entries(values)) {
        if (!keys.includes(key)) {
          others[key] = value;
          continue;
        }
        const text = typeof value === 'string' ? value : '';
        if (!cipher) {
          others[key] = text;
          if (text !== '' && text !== plain[key] && !toldPlain.has(key)) {
            toldPlain.add(key);
            options.onPlainSecretSaved?.(
              `The ${label(key)} was saved in plain text in preferences.json (readable only by your user account), because ${options.unavailableReason ?? 'the system offers no encryption'}.`,
            );
          }
        } else if (plain[key] !== text) {
          writeEncrypted(key, text);
        }
        plain[key] = text;
      }
      if (Object.keys(others).length > 0) backing.set(others);
    },
  };

  return { store: view, protection, problems, flush: () => writes };
}
