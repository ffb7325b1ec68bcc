import { z } from 'zod';
import { hasLoneSurrogate, LONE_SURROGATE_MESSAGE } from './text-hygiene';

export const NOTIFICATION_LEVELS = ['all', 'errors', 'off'] as const;
export type NotificationLevel = (typeof NOTIFICATION_LEVELS)[number];

/** Why a bridge URL is refused, or null when it is a usable http(s) URL with a host. */
export function bridgeUrlError(value: string): string | null {
  const text = value.trim();
  if (!text) return 'is required (e.g. http://iot-bridge:8080)';
  // The URL parser would quietly turn it into U+FFFD, so requests would go to another address than the one typed.
  if (hasLoneSurrogate(text)) return LONE_SURROGATE_MESSAGE;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return 'is not a URL (e.g. http://iot-bridge:8080)';
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return 'must start with http:// or https://';
  if (!url.hostname) return 'must name a host (e.g. http://iot-bridge:8080)';
  if (url.username || url.password) return 'must not hold a user or password: use the bridge token';
  if (url.search || url.hash) return 'must not have a query (?…) or fragment (#…)';
  return null;
}

const bridgeUrlSchema = z
  .string({ error: 'must be text' })
  .trim()
  .superRefine((value, ctx) => {
    const why = bridgeUrlError(value);
    if (why) ctx.addIssue({ code: 'custom', message: why });
  })
  // Stored without a trailing slash so `${bridgeUrl}/config` never doubles it.
  .transform((value) => value.replace(/\/+$/, ''));

/** The schemes MQTT.js connects with: plain TCP, TLS, WebSocket and secure WebSocket. */
export const BROKER_SCHEMES = ['mqtt:', 'mqtts:', 'ws:', 'wss:'] as const;

/** Why a broker URL is refused, or null when it is usable. Empty is fine: it turns the live view off. */
export function brokerUrlError(value: string): string | null {
  const text = value.trim();
  if (!text) return null;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return 'is not a URL (e.g. mqtt://broker.local:1883)';
  }
  if (!(BROKER_SCHEMES as readonly string[]).includes(url.protocol)) {
    return 'must start with mqtt://, mqtts://, ws:// or wss://';
  }
  if (!url.hostname) return 'must name a host (e.g. mqtt://broker.local:1883)';
  if (url.username || url.password)
    return 'must not hold a user or password: use Broker username and password';
  if (url.search || url.hash) return 'must not have a query (?…) or fragment (#…)';
  return null;
}

const brokerUrlSchema = z
  .string({ error: 'must be text' })
  .trim()
  .max(2048, 'must be at most 2048 characters')
  .superRefine((value, ctx) => {
    const why = brokerUrlError(value);
    if (why) ctx.addIssue({ code: 'custom', message: why });
  });

/** A broker user name or password: MQTT strings are at most 65535 bytes; ours stay far below. */
const brokerCredential = (what: string) =>
  z
    .string({ error: 'must be text' })
    .max(1024, 'must be at most 1024 characters')
    .refine((t) => ![...t].some(isControl), `must not contain control characters (${what})`);

const isControl = (ch: string) => {
  const code = ch.codePointAt(0)!;
  return code < 0x20 || code === 0x7f;
};

/** Preferences, one schema for electron-store and conf. */
export const settingsSchema = z.object({
  bridgeUrl: bridgeUrlSchema,
  autoPush: z.boolean({ error: 'must be true or false' }),
  notifications: z.enum(NOTIFICATION_LEVELS, { error: 'must be "all", "errors" or "off"' }),
  /** Sent as `Authorization: Bearer <token>` when set; empty means none. */
  bridgeToken: z
    .string({ error: 'must be text' })
    .trim()
    .max(4096, 'must be at most 4096 characters')
    .refine((t) => !/[^\x21-\x7e]/.test(t), 'must be printable ASCII without spaces'),
  /** The MQTT broker the bridge listens to; empty turns the live view off. */
  brokerUrl: brokerUrlSchema,
  brokerUsername: brokerCredential('user name').transform((t) => t.trim()),
  /** Secret: masked in the UI; the desktop app keeps it with safeStorage. */
  brokerPassword: brokerCredential('password'),
});
export type Settings = z.infer<typeof settingsSchema>;

export const DEFAULT_SETTINGS: Settings = {
  bridgeUrl: 'http://iot-bridge:8080',
  autoPush: true,
  notifications: 'errors',
  bridgeToken: '',
  brokerUrl: '',
  brokerUsername: '',
  brokerPassword: '',
};

export const settingsPatchSchema = settingsSchema.partial().strict();
export type SettingsPatch = z.input<typeof settingsPatchSchema>;
