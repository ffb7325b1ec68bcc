/**
 * What the core needs from its host, handed to createWorkshopCore (ARCHITECTURE.md "Parts and what each may import").
 * The core never imports electron; each host implements these over its platform.
 */
import type { PushNotice, Settings, SettingsPatch } from '../../src-shared';

/** Time and timers, injectable so debounce, backoff and timeouts are tested in milliseconds. */
export interface Clock {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => {
    const handle = setTimeout(fn, ms);
    // A scheduled retry must not keep a CLI or a test process alive on its own.
    handle.unref?.();
    return handle;
  },
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

/** Preferences storage (electron-store in Electron, conf elsewhere; one schema: src-shared/settings.ts). */
export interface SettingsPort {
  /** The current preferences, always complete and valid (defaults where the file has none or bad values). */
  get(): Settings;
  /** Writes an already-validated patch and returns the new preferences. */
  set(patch: SettingsPatch): Settings;
}

/** Tells the host about push outcomes; the host decides how (toast, native notification) per preference. */
export interface Notifier {
  notify(notice: PushNotice): void;
}

/** One logger per module; messages carry their context. */
export interface Logger {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

export const consoleLogger = (scope: string): Logger => ({
  info: (m) => console.info(`[${scope}] ${m}`),
  warn: (m) => console.warn(`[${scope}] ${m}`),
  error: (m) => console.error(`[${scope}] ${m}`),
});

export const silentLogger: Logger = { info: () => {}, warn: () => {}, error: () => {} };
