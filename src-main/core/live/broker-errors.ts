/** MQTT.js failures, told in one sentence each, and which broker state or test outcome they mean. */
import type { BrokerTestOutcome } from '../../../src-shared';

export interface BrokerFailure {
  outcome: Exclude<BrokerTestOutcome, 'connected'>;
  message: string;
}

/** The host:port a person would recognise, from a broker URL (default ports per scheme). */
export function brokerAddress(url: string): string {
  try {
    const u = new URL(url);
    const port =
      u.port || { 'mqtt:': '1883', 'mqtts:': '8883', 'ws:': '80', 'wss:': '443' }[u.protocol] || '';
    return port ? `${u.hostname}:${port}` : u.hostname;
  } catch {
    return url;
  }
}

const TLS_CODES =
  /^(ERR_TLS_|ERR_SSL_|CERT_|DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN|UNABLE_TO_(VERIFY|GET)_|HOSTNAME_MISMATCH)/;

/**
 * Classifies what MQTT.js reported: a CONNACK refusal (MQTT 3.1.1 return codes 4 and 5, or MQTT 5 reason
 * codes 134/135), a TLS failure, a refused or unresolvable address, or a timeout.
 */
export function describeBrokerError(error: unknown, url: string): BrokerFailure {
  const where = brokerAddress(url);
  const e = error as { code?: unknown; message?: unknown };
  const code = e?.code;
  const message = typeof e?.message === 'string' ? e.message : String(error);
  if (code === 4 || code === 134) {
    return {
      outcome: 'bad_credentials',
      message: `The broker at ${where} refused the user name or password.`,
    };
  }
  if (code === 5 || code === 135) {
    return {
      outcome: 'not_authorized',
      message: `The broker at ${where} refused the login: this user is not authorised to connect.`,
    };
  }
  if (typeof code === 'number') {
    return { outcome: 'refused', message: `The broker at ${where} refused the connection (${message}).` };
  }
  const text = typeof code === 'string' ? code : '';
  if (TLS_CODES.test(text) || /\b(TLS|SSL|certificate)\b/i.test(message)) {
    return {
      outcome: 'tls',
      message: `The TLS handshake with ${where} failed (${message}): check mqtts:// against the broker's TLS port and its certificate.`,
    };
  }
  if (text === 'ECONNREFUSED') {
    return {
      outcome: 'refused',
      message: `Nothing accepts connections at ${where} (connection refused): check the address and port, and that the broker runs.`,
    };
  }
  if (text === 'ENOTFOUND' || text === 'EAI_AGAIN') {
    return {
      outcome: 'unreachable',
      message: `The host name in ${where} could not be found: check the spelling, or use the broker's IP address.`,
    };
  }
  if (/connack timeout|timed? ?out/i.test(message) || text === 'ETIMEDOUT') {
    return {
      outcome: 'timeout',
      message: `No answer from the broker at ${where} in time: is this an MQTT port?`,
    };
  }
  if (text === 'EHOSTUNREACH' || text === 'ENETUNREACH' || text === 'ECONNRESET') {
    return { outcome: 'unreachable', message: `The broker at ${where} cannot be reached (${text}).` };
  }
  return { outcome: 'unreachable', message: `The broker at ${where} cannot be reached (${message}).` };
}

/** Whether a failure is a refused login (the header says Broker refused login, not unreachable). */
export const isLoginRefusal = (failure: BrokerFailure) =>
  failure.outcome === 'bad_credentials' || failure.outcome === 'not_authorized';
