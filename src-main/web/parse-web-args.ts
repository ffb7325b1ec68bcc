/** Command-line arguments of the web host (`npm run web -- …`), checked before anything starts. */
import { randomBytes } from 'node:crypto';
import { homedir } from 'node:os';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { settingsPatchSchema } from '../../src-shared';
import type { PushPolicy, SyncTiming } from '../core/workshop-core-types';

export interface WebArgs {
  port: number;
  host: string;
  dataDir: string;
  /** Already normalised by the settings schema; undefined leaves the stored preference alone. */
  bridgeUrl: string | undefined;
  /** The MQTT broker for the live view ("" turns it off); undefined leaves the stored preference alone. */
  brokerUrl: string | undefined;
  token: string;
  /** `--help`: print the usage and stop. */
  help: boolean;
}

export const WEB_USAGE =
  'usage: npm run web -- [--port <n>] [--host <address>] [--data-dir <dir>] [--bridge-url <url>] [--broker-url <url>] [--token <t>]';

/** Tokens go in a header and a URL fragment: URL-safe characters only, long enough not to be guessed. */
const TOKEN_PATTERN = /^[A-Za-z0-9._~-]{16,512}$/;

export type ParsedWebArgs = { ok: true; args: WebArgs } | { ok: false; message: string };

/** Parses and checks the arguments; every refusal is one sentence naming the argument. */
export function parseWebArgs(argv: readonly string[], home: string = homedir()): ParsedWebArgs {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: {
        port: { type: 'string' },
        host: { type: 'string' },
        'data-dir': { type: 'string' },
        'bridge-url': { type: 'string' },
        'broker-url': { type: 'string' },
        token: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    // parseArgs says e.g. "Unknown option '--prot'. To specify a positional argument starting with a '-', …":
    // the first sentence is the useful one.
    const text = error instanceof Error ? error.message : String(error);
    return { ok: false, message: `${text.split(/\.\s/)[0]!.replace(/\.$/, '')}. ${WEB_USAGE}` };
  }

  const portText = (values.port as string | undefined) ?? '0';
  if (!/^\d{1,5}$/.test(portText) || Number(portText) > 65535) {
    return {
      ok: false,
      message: `--port must be a whole number from 0 to 65535 (0 picks a free port), got "${portText}"`,
    };
  }

  const host = ((values.host as string | undefined) ?? '127.0.0.1').trim();
  if (!host || /[\s/#?@]/.test(host)) {
    return { ok: false, message: `--host must be an address or host name such as 127.0.0.1, got "${host}"` };
  }

  const dataDirText = values['data-dir'] as string | undefined;
  if (dataDirText !== undefined && dataDirText.trim() === '') {
    return { ok: false, message: '--data-dir must name a folder' };
  }
  const dataDir = resolve(dataDirText ?? resolve(home, '.workshop-manager'));

  const bridgeUrl = urlOption('bridge-url', 'bridgeUrl', values['bridge-url']);
  if (bridgeUrl.error) return { ok: false, message: bridgeUrl.error };
  const brokerUrl = urlOption('broker-url', 'brokerUrl', values['broker-url']);
  if (brokerUrl.error) return { ok: false, message: brokerUrl.error };

  const tokenText = values.token as string | undefined;
  if (tokenText !== undefined && !TOKEN_PATTERN.test(tokenText)) {
    return {
      ok: false,
      message: '--token must be 16 to 512 characters of A-Z a-z 0-9 . _ ~ - (leave it out for a random one)',
    };
  }
  const token = tokenText ?? randomBytes(32).toString('base64url');

  return {
    ok: true,
    args: {
      port: Number(portText),
      host,
      dataDir,
      bridgeUrl: bridgeUrl.value,
      brokerUrl: brokerUrl.value,
      token,
      help: values.help === true,
    },
  };
}

/** A URL preference given on the command line, checked and normalised by the settings schema. */
function urlOption(
  flag: string,
  key: 'bridgeUrl' | 'brokerUrl',
  text: string | boolean | undefined,
): { value: string | undefined; error?: string } {
  if (typeof text !== 'string') return { value: undefined };
  const parsed = settingsPatchSchema.safeParse({ [key]: text });
  if (!parsed.success) {
    return { value: undefined, error: `--${flag} ${parsed.error.issues[0]?.message ?? 'is not valid'}` };
  }
  return { value: parsed.data[key] };
}

/**
 * TEST ONLY: shorter push and sync timings for end-to-end tests, from the `WORKSHOP_TEST_TIMINGS` environment
 * variable (JSON: `{"push": {...PushPolicy}, "sync": {...SyncTiming}}`). Unset in production, where the core's
 * defaults (1 s / 2 s / 4 s retries, 10 s per attempt: ARCHITECTURE.md "Sync") apply.
 */
export const TEST_TIMINGS_ENV = 'WORKSHOP_TEST_TIMINGS';

const ms = z.number().int().min(0).max(600_000);
const testTimingsSchema = z.strictObject({
  push: z
    .strictObject({ retries: z.number().int().min(0).max(10), delaysMs: z.array(ms), timeoutMs: ms })
    .partial()
    .optional(),
  sync: z
    .strictObject({ debounceMs: ms, maxWaitMs: ms, backoffMs: z.array(ms).min(1), driftCheckMs: ms })
    .partial()
    .optional(),
});

export type TestTimings = { push?: Partial<PushPolicy>; sync?: Partial<SyncTiming> };

/** The test timings from the environment, none when unset, or a one-line refusal. */
export function parseTestTimings(
  text: string | undefined,
): { ok: true; timings: TestTimings } | { ok: false; message: string } {
  if (text === undefined || text.trim() === '') return { ok: true, timings: {} };
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return { ok: false, message: `${TEST_TIMINGS_ENV} must be JSON like {"sync":{"backoffMs":[200]}}` };
  }
  const parsed = testTimingsSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { ok: false, message: `${TEST_TIMINGS_ENV}.${issue?.path.join('.')} ${issue?.message}` };
  }
  return { ok: true, timings: parsed.data as TestTimings };
}

/** Whether a --host keeps the web host on this machine (anything else serves the network over plain HTTP). */
export function isLoopbackHost(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}
