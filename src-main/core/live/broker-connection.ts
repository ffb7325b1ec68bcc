/**
 * The app's one MQTT connection: subscribe-only (it never publishes), reconnecting with a capped backoff on the
 * injected clock, subscriptions kept equal to the wanted set across reconnects. A new URL or login replaces the
 * connection; an empty URL turns it off.
 */
import { randomBytes } from 'node:crypto';
import mqtt, { type IClientOptions, type MqttClient } from 'mqtt';
import type { BrokerState, BrokerStatus } from '../../../src-shared';
import type { Clock, Logger } from '../ports';
import { type BrokerFailure, describeBrokerError, isLoginRefusal } from './broker-errors';

export interface BrokerLogin {
  url: string;
  username: string;
  password: string;
}

export interface BrokerConnectionOptions {
  clock: Clock;
  logger: Logger;
  /** Reconnect delays; the last one repeats (capped backoff). */
  backoffMs: readonly number[];
  /** How long one connection attempt may take before it counts as failed. */
  connectTimeoutMs: number;
  onStatus(status: BrokerStatus): void;
  onMessage(topic: string, payload: Buffer): void;
  /** Called after each (re)connection once the subscriptions are asked for, so state can restart. */
  onConnected?(): void;
  /** Replaceable for tests that need to see the options MQTT.js gets. */
  connect?: (url: string, options: IClientOptions) => MqttClient;
}

export const PRODUCTION_BROKER_TIMING = {
  backoffMs: [1000, 2000, 5000, 10_000, 30_000] as const,
  connectTimeoutMs: 10_000,
};

export class BrokerConnection {
  private login: BrokerLogin = { url: '', username: '', password: '' };
  private client: MqttClient | null = null;
  private retryTimer: unknown = null;
  private failures = 0;
  private wanted = new Set<string>();
  private subscribed = new Set<string>();
  private current: BrokerStatus;
  private closed = false;

  constructor(private readonly options: BrokerConnectionOptions) {
    this.current = this.make('off', null, null);
  }

  status(): BrokerStatus {
    return { ...this.current, subscriptions: this.subscribed.size };
  }

  /** Connects to `login` (or turns off when its URL is empty); the same login again changes nothing. */
  configure(login: BrokerLogin): void {
    const same =
      login.url === this.login.url &&
      login.username === this.login.username &&
      login.password === this.login.password;
    if (same && (this.client || this.retryTimer || !login.url)) return;
    this.login = { ...login };
    this.failures = 0;
    this.teardown();
    if (!login.url || this.closed) {
      this.set('off', null);
      return;
    }
    this.set('connecting', null);
    this.open();
  }

  /** The topic filters to be subscribed to; applied at once when connected, and after every reconnect. */
  setTopics(filters: Iterable<string>): void {
    this.wanted = new Set(filters);
    const client = this.client;
    if (!client?.connected) return;
    const add = [...this.wanted].filter((t) => !this.subscribed.has(t));
    const drop = [...this.subscribed].filter((t) => !this.wanted.has(t));
    if (drop.length > 0) {
      for (const t of drop) this.subscribed.delete(t);
      client.unsubscribe(drop, (error) => {
        if (error) this.options.logger.warn(`unsubscribe failed: ${error.message}`);
      });
    }
    if (add.length > 0) this.subscribe(client, add);
    if (add.length > 0 || drop.length > 0) this.emit();
  }

  /** Ends the connection for good; says nothing more (the hosts are closing their event streams). */
  close(): void {
    this.closed = true;
    this.teardown();
  }

  private open(): void {
    const { url, username, password } = this.login;
    const connect = this.options.connect ?? mqtt.connect;
    const client = connect(url, {
      // The broker sees who is listening; random so two app instances never kick each other off.
      clientId: `workshop-manager-${randomBytes(6).toString('hex')}`,
      clean: true,
      protocolVersion: 4,
      // Reconnects are ours (capped backoff on the injected clock), and so are resubscriptions.
      reconnectPeriod: 0,
      resubscribe: false,
      connectTimeout: this.options.connectTimeoutMs,
      keepalive: 30,
      ...(username ? { username } : {}),
      ...(password ? { password } : {}),
    });
    this.client = client;
    let failure: BrokerFailure | null = null;
    client.on('connect', () => {
      if (this.client !== client) return;
      this.failures = 0;
      this.subscribed.clear();
      this.set('connected', null);
      if (this.wanted.size > 0) this.subscribe(client, [...this.wanted]);
      this.options.onConnected?.();
      this.options.logger.info(`connected to ${url}`);
    });
    client.on('message', (topic, payload) => {
      if (this.client === client) this.options.onMessage(topic, payload);
    });
    client.on('error', (error) => {
      failure ??= describeBrokerError(error, url);
    });
    client.on('close', () => {
      if (this.client !== client) return;
      const why =
        failure ??
        (this.current.state === 'connected'
          ? { outcome: 'unreachable' as const, message: `The connection to ${url} was lost.` }
          : describeBrokerError(new Error('connection closed'), url));
      failure = null;
      this.client = null;
      this.subscribed.clear();
      client.removeAllListeners('message');
      client.end(true);
      this.scheduleRetry(why);
    });
  }

  private subscribe(client: MqttClient, filters: string[]): void {
    for (const t of filters) this.subscribed.add(t);
    client.subscribe(filters, { qos: 0 }, (error, granted) => {
      if (error) {
        this.options.logger.warn(`subscribe failed: ${error.message}`);
        return;
      }
      for (const g of granted ?? []) {
        if (g.qos === 128) {
          this.subscribed.delete(g.topic);
          this.options.logger.warn(`the broker refused the subscription to ${g.topic}`);
        }
      }
      if (this.client === client) this.emit();
    });
  }

  private scheduleRetry(failure: BrokerFailure): void {
    const { backoffMs } = this.options;
    const delay = backoffMs[Math.min(this.failures, backoffMs.length - 1)]!;
    this.failures++;
    const state: BrokerState = isLoginRefusal(failure) ? 'refused' : 'unreachable';
    this.options.logger.warn(`${failure.message} Retrying in ${Math.round(delay / 1000)} s.`);
    this.retryTimer = this.options.clock.setTimeout(() => {
      this.retryTimer = null;
      if (!this.closed && this.login.url) this.open();
    }, delay);
    this.set(state, failure.message, this.options.clock.now() + delay);
  }

  private teardown(): void {
    if (this.retryTimer !== null) this.options.clock.clearTimeout(this.retryTimer);
    this.retryTimer = null;
    const client = this.client;
    this.client = null;
    this.subscribed.clear();
    if (client) {
      client.removeAllListeners();
      client.on('error', () => {});
      client.end(true);
    }
  }

  private make(state: BrokerState, detail: string | null, nextRetryAt: number | null): BrokerStatus {
    const now = this.options.clock.now();
    return {
      state,
      url: this.login.url,
      since: now,
      connectedAt: state === 'connected' ? now : null,
      detail,
      nextRetryAt,
      subscriptions: this.subscribed.size,
    };
  }

  private set(state: BrokerState, detail: string | null, nextRetryAt: number | null = null): void {
    const keepSince = this.current.state === state ? this.current.since : undefined;
    this.current = this.make(state, detail, nextRetryAt);
    if (keepSince !== undefined) this.current.since = keepSince;
    this.emit();
  }

  private emit(): void {
    this.options.onStatus(this.status());
  }
}
