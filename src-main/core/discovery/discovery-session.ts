/**
 * One **Discover meters** run: its own short-lived MQTT client that subscribes (never publishes, except on the
 * explicit identify call) to the topics Shelly meters use, for a limited time, and a bounded list of what it heard.
 * The state reaches the renderer as coalesced `discovery.state` events. Timers run on the injected Clock.
 */
import { randomBytes } from 'node:crypto';
import { connectAsync, type IClientOptions, type MqttClient } from 'mqtt';
import {
  classifyMessage,
  DISCOVERY_DEFAULT_SECONDS,
  DISCOVERY_FILTERS,
  type DiscoveryState,
  describeMeters,
  FoundMeters,
  type IdentifyState,
} from '../../../src-shared';
import type { Clock, Logger } from '../ports';
import { describeConnectError } from './describe-connect-error';
import type { DeviceIndexCache } from './device-index-cache';

/** Where to listen: the broker preferences. */
export interface BrokerTarget {
  url: string;
  username: string;
  password: string;
}

export interface DiscoveryTiming {
  /** Longest time between a change and the `discovery.state` event that carries it. */
  coalesceMs: number;
  /** How long identify keeps (or starts again) listening for the answers. */
  identifyListenMs: number;
  /** MQTT connect timeout. */
  connectTimeoutMs: number;
}

export const PRODUCTION_DISCOVERY_TIMING: DiscoveryTiming = {
  coalesceMs: 300,
  identifyListenMs: 15_000,
  connectTimeoutMs: 10_000,
};

export interface DiscoverySessionOptions {
  broker: () => BrokerTarget | null;
  devices: DeviceIndexCache;
  clock: Clock;
  logger: Logger;
  timing?: Partial<DiscoveryTiming>;
  onState: (state: DiscoveryState) => void;
}

export class DiscoverySession {
  /** The app's own RPC `src`: answers to its identify requests arrive on `<src>/rpc`. */
  readonly src = `workshop-manager-${randomBytes(4).toString('hex')}`;
  private readonly timing: DiscoveryTiming;
  private found = new FoundMeters();
  private client: MqttClient | null = null;
  private phase: DiscoveryState['phase'] = 'idle';
  private brokerUrl = '';
  private startedAt: number | null = null;
  private endsAt: number | null = null;
  private error: string | null = null;
  private messages = 0;
  private identify: IdentifyState | null = null;
  private readonly requests = new Map<number, string>();
  private nextRequestId = 1;
  private endTimer: unknown = null;
  private emitTimer: unknown = null;
  /** Bumped by every start and stop, so a connect that resolves late is dropped. */
  private generation = 0;

  constructor(private readonly options: DiscoverySessionOptions) {
    this.timing = { ...PRODUCTION_DISCOVERY_TIMING, ...options.timing };
  }

  /** Starts listening afresh (an earlier run is stopped and its list dropped); resolves once connected or failed. */
  async start(seconds = DISCOVERY_DEFAULT_SECONDS): Promise<DiscoveryState> {
    await this.stop();
    this.found = new FoundMeters();
    this.messages = 0;
    this.identify = null;
    this.requests.clear();
    this.startedAt = this.options.clock.now();
    return this.listen(seconds * 1000);
  }

  /** Stops listening now; the list stays for Add. */
  async stop(): Promise<DiscoveryState> {
    this.generation++;
    this.clearEndTimer();
    const client = this.client;
    this.client = null;
    if (this.phase === 'connecting' || this.phase === 'listening') {
      this.phase = 'finished';
      this.endsAt = this.options.clock.now();
    }
    if (client) await client.endAsync().catch(() => {});
    this.emitNow();
    return this.state();
  }

  /**
   * The one call that publishes: `Shelly.GetDeviceInfo` to `<prefix>/rpc` of every Gen2/Gen3 meter found, with
   * the app's own `src`, and `announce` on `shellies/command` for Gen1. Listens (again, if it had stopped) for
   * the answers, which fill in model, generation and firmware.
   */
  async identifyMeters(): Promise<DiscoveryState> {
    const remaining = this.endsAt !== null ? this.endsAt - this.options.clock.now() : 0;
    if (!this.client || this.phase !== 'listening') {
      const state = await this.listen(this.timing.identifyListenMs);
      if (state.phase !== 'listening') return state;
    } else if (remaining < this.timing.identifyListenMs) {
      this.scheduleEnd(this.timing.identifyListenMs);
    }
    const client = this.client!;
    const at = this.options.clock.now();
    let requests = 0;
    const publishes: Array<Promise<unknown>> = [];
    for (const meter of this.found.list()) {
      if (meter.family !== 'gen2') continue;
      const id = this.nextRequestId++;
      this.requests.set(id, meter.key);
      const request = { id, src: this.src, method: 'Shelly.GetDeviceInfo' };
      publishes.push(client.publishAsync(`${meter.prefix}/rpc`, JSON.stringify(request)));
      requests++;
    }
    publishes.push(client.publishAsync('shellies/command', 'announce'));
    requests++;
    await Promise.all(publishes);
    this.identify = { at, requests, answers: this.identify?.answers ?? 0 };
    this.emitNow();
    return this.state();
  }

  state(): DiscoveryState {
    const target = this.options.broker();
    return {
      phase: this.phase,
      brokerUrl: this.brokerUrl || target?.url || '',
      startedAt: this.startedAt,
      endsAt: this.endsAt,
      at: this.options.clock.now(),
      error: this.error,
      meters: describeMeters(this.found.list(), this.options.devices.get()),
      messages: this.messages,
      capped: this.found.capped,
      leftOut: this.found.leftOut,
      identify: this.identify ? { ...this.identify } : null,
    };
  }

  /** Sends the state again soon (the device list changed, so Add/Open may have changed). */
  devicesChanged(): void {
    if (this.phase !== 'idle') this.scheduleEmit();
  }

  async close(): Promise<void> {
    await this.stop();
    if (this.emitTimer !== null) this.options.clock.clearTimeout(this.emitTimer);
    this.emitTimer = null;
  }

  private async listen(durationMs: number): Promise<DiscoveryState> {
    const target = this.options.broker();
    const generation = ++this.generation;
    this.error = null;
    if (!target) {
      this.phase = 'failed';
      this.brokerUrl = '';
      this.error = 'No broker is set: enter the Broker URL in Preferences to discover meters.';
      this.emitNow();
      return this.state();
    }
    this.brokerUrl = target.url;
    this.phase = 'connecting';
    this.emitNow();
    const answerTopic = `${this.src}/rpc`;
    let client: MqttClient;
    try {
      client = await connectAsync(target.url, this.clientOptions(target), false);
      await client.subscribeAsync([...DISCOVERY_FILTERS, answerTopic], { qos: 0 });
    } catch (error) {
      if (generation !== this.generation) return this.state();
      this.phase = 'failed';
      this.error = describeConnectError(error, target.url);
      this.options.logger.warn(`discovery could not listen on ${target.url}: ${(error as Error).message}`);
      this.emitNow();
      return this.state();
    }
    if (generation !== this.generation) {
      await client.endAsync().catch(() => {});
      return this.state();
    }
    this.client = client;
    client.on('message', (topic, payload) => this.onMessage(topic, payload, answerTopic));
    client.on('close', () => {
      if (this.client !== client) return;
      this.client = null;
      this.clearEndTimer();
      this.phase = 'failed';
      this.error = `The connection to the broker at ${target.url} was lost; the meters found so far stay listed.`;
      this.emitNow();
    });
    this.phase = 'listening';
    this.scheduleEnd(durationMs);
    this.emitNow();
    return this.state();
  }

  private clientOptions(target: BrokerTarget): IClientOptions {
    return {
      clientId: `${this.src}-discovery`,
      clean: true,
      reconnectPeriod: 0,
      connectTimeout: this.timing.connectTimeoutMs,
      ...(target.username ? { username: target.username } : {}),
      ...(target.password ? { password: target.password } : {}),
    };
  }

  private onMessage(topic: string, payload: Buffer, answerTopic: string): void {
    this.messages++;
    const message = classifyMessage(topic, payload.toString('utf8'), answerTopic);
    if (!message) return;
    const at = this.options.clock.now();
    if (message.kind === 'rpc-answer') {
      const key = this.requests.get(message.requestId);
      if (key === undefined) return;
      this.requests.delete(message.requestId);
      if (this.found.identified(key, message.info) && this.identify) this.identify.answers++;
    } else {
      if (!this.found.observe(message, at)) return;
      if (message.kind === 'gen1-announce' && this.identify) this.identify.answers++;
    }
    this.scheduleEmit();
  }

  private scheduleEnd(ms: number): void {
    this.clearEndTimer();
    this.endsAt = this.options.clock.now() + ms;
    this.endTimer = this.options.clock.setTimeout(() => {
      this.endTimer = null;
      void this.stop();
    }, ms);
  }

  private clearEndTimer(): void {
    if (this.endTimer !== null) this.options.clock.clearTimeout(this.endTimer);
    this.endTimer = null;
  }

  private scheduleEmit(): void {
    if (this.emitTimer !== null) return;
    this.emitTimer = this.options.clock.setTimeout(() => {
      this.emitTimer = null;
      this.options.onState(this.state());
    }, this.timing.coalesceMs);
  }

  private emitNow(): void {
    if (this.emitTimer !== null) this.options.clock.clearTimeout(this.emitTimer);
    this.emitTimer = null;
    this.options.onState(this.state());
  }
}
