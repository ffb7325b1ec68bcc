/**
 * Where the app's one MQTT connection stands (src-main/core/live/broker-connection.ts), and what a one-off
 * **Test broker** found. The header shows `BROKER_STATE_LABELS[state]` in a `role=status` named Broker status.
 */

export const BROKER_STATES = ['off', 'connecting', 'connected', 'unreachable', 'refused'] as const;
export type BrokerState = (typeof BROKER_STATES)[number];

export const BROKER_STATE_LABELS: Record<BrokerState, string> = {
  off: 'No broker set',
  connecting: 'Connecting to broker',
  connected: 'Broker connected',
  unreachable: 'Broker unreachable',
  refused: 'Broker refused login',
};

export interface BrokerStatus {
  state: BrokerState;
  /** The broker URL in use ("" when none is set). Never carries credentials. */
  url: string;
  /** Since when (ms since the epoch) the connection is in this state. */
  since: number;
  /** When the current connection was made (ms), null while not connected. */
  connectedAt: number | null;
  /** The last failure in one sentence (why it is unreachable or refused), null when none. */
  detail: string | null;
  /** When the next reconnect attempt is due (ms), null when none is scheduled. */
  nextRetryAt: number | null;
  /** Topic filters currently subscribed. */
  subscriptions: number;
}

/** What a Test broker found: one of these, with one sentence. */
export const BROKER_TEST_OUTCOMES = [
  'connected',
  'refused',
  'bad_credentials',
  'not_authorized',
  'tls',
  'timeout',
  'unreachable',
  'invalid',
] as const;
export type BrokerTestOutcome = (typeof BROKER_TEST_OUTCOMES)[number];

export interface BrokerTestResult {
  outcome: BrokerTestOutcome;
  /** The URL tested (without credentials). */
  url: string;
  /** One sentence a person can act on, e.g. "The broker refused the user name or password." */
  message: string;
  latencyMs: number;
}
