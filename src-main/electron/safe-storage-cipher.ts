import type { SecretCipher } from './secret-settings';

/** The parts of Electron's safeStorage used (the asynchronous API; the synchronous one goes in Electron 46). */
export interface SafeStorageLike {
  isAsyncEncryptionAvailable(): Promise<boolean>;
  encryptStringAsync(plainText: string): Promise<Buffer>;
  decryptStringAsync(encrypted: Buffer): Promise<{ result: string; shouldReEncrypt: boolean }>;
  getSelectedStorageBackend?(): string;
}

/**
 * A SecretCipher over safeStorage, or null with the reason when the OS cannot protect secrets: no encryption
 * at all, or Linux's `basic_text` backend (no GNOME Keyring/KWallet), whose key is the same on every machine
 * and protects nothing.
 */
export async function safeStorageCipher(
  safeStorage: SafeStorageLike,
  platform: NodeJS.Platform,
): Promise<{ cipher: SecretCipher | null; reason?: string }> {
  let available = false;
  try {
    available = await safeStorage.isAsyncEncryptionAvailable();
  } catch {
    available = false;
  }
  if (!available) return { cipher: null, reason: 'the system offers no encryption for this user' };
  if (platform === 'linux' && safeStorage.getSelectedStorageBackend?.() === 'basic_text') {
    return {
      cipher: null,
      reason: 'no system keyring (GNOME Keyring or KWallet) was found, so encryption would protect nothing',
    };
  }
  return {
    cipher: {
      encrypt: async (plain) => (await safeStorage.encryptStringAsync(plain)).toString('base64'),
      async decrypt(stored) {
        const { result, shouldReEncrypt } = await safeStorage.decryptStringAsync(
          Buffer.from(stored, 'base64'),
        );
        return { value: result, reEncrypt: shouldReEncrypt };
      },
    },
  };
}
