/**
 * The live view in the core: one BrokerConnection, one MeterState per active device, messages routed to them by
 * topic, and the changes sent to the renderer coalesced (`live.overview` and `live.samples` at most once per
 * `coalesceMs`), so a busy broker never floods an event stream.
 */
import {
  AppFailure,
  type BrokerStatus,
  type Device,
  type EventName,
  type EventPayload,
  hasWildcard,
  type LiveDevice,
  type LiveOverview,
  type LiveSamplesUpdate,
  type MeterTopics,
  meterTopics,
  type PowerTrace,
  type Settings,
  topicMatches,
} from '../../../src-shared';
import type { Clock, Logger } from '../ports';
import {
  BrokerConnection,
  type BrokerConnectionOptions,
  PRODUCTION_BROKER_TIMING,
} from './broker-connection';
import { MeterState, type TopicRole } from './meter-state';

export interface LiveTiming {
  /** Changes reach the renderer at most this often. */
  coalesceMs: number;
  /** How often rows are re-judged without messages (live → silent, silences growing). */
  sweepMs: number;
  backoffMs: readonly number[];
  connectTimeoutMs: number;
}

export const PRODUCTION_LIVE_TIMING: LiveTiming = {
  coalesceMs: 250,
  sweepMs: 2000,
  ...PRODUCTION_BROKER_TIMING,
};

export interface LiveServiceOptions {
  clock: Clock;
  logger: Logger;
  timing: LiveTiming;
  /** The active devices now. */
  devices(): readonly Device[];
  settings(): Settings;
  emit<E extends EventName>(event: E, payload: EventPayload<E>): void;
  connect?: BrokerConnectionOptions['connect'];
}

type Route = { meter: MeterState; role: TopicRole };

export class LiveService {
  private readonly connection: BrokerConnection;
  private meters = new Map<number, MeterState>();
  /** Exact topics → routes; wildcard filters are matched one by one. */
  private exact = new Map<string, Route[]>();
  private wildcard: Array<{ filter: string; route: Route }> = [];
  private dirty = new Set<number>();
  private removed = new Set<number>();
  private flushTimer: unknown = null;
  private sweepTimer: unknown = null;
  /** Each row's state and diagnostics as last sent, to send only what changed on a sweep. */
  private sentKeys = new Map<number, string>();
  private decoder = new TextDecoder();

  constructor(private readonly options: LiveServiceOptions) {
    this.connection = new BrokerConnection({
      clock: options.clock,
      logger: options.logger,
      backoffMs: options.timing.backoffMs,
      connectTimeoutMs: options.timing.connectTimeoutMs,
      ...(options.connect ? { connect: options.connect } : {}),
      onStatus: (status) => this.onBrokerStatus(status),
      onMessage: (topic, payload) => this.onMessage(topic, payload),
      onConnected: () => {
        const at = this.options.clock.now();
        for (const meter of this.meters.values()) meter.restartSilence(at);
      },
    });
  }

  start(): void {
    this.syncDevices();
    this.onSettingsChanged(this.options.settings());
    this.scheduleSweep();
  }

  onSettingsChanged(settings: Settings): void {
    this.connection.configure({
      url: settings.brokerUrl,
      username: settings.brokerUsername,
      password: settings.brokerPassword,
    });
  }

  /** Follows the active devices: new ones are listened to at once, gone ones dropped, changed ones restarted. */
  syncDevices(): void {
    const next = new Map<number, MeterState>();
    for (const device of this.options.devices()) {
      const topics = meterTopics(device);
      const old = this.meters.get(device.id);
      const identity = {
        id: device.id,
        deviceId: device.deviceId,
        topics,
        strategyConfig: device.strategyConfig,
      };
      if (old && sameTopics(old.identity.topics, topics)) {
        // Same topics: the buffer stays; a new name or thresholds only change the judgement.
        old.identity = identity;
        next.set(device.id, old);
      } else {
        next.set(device.id, new MeterState(identity));
      }
      this.dirty.add(device.id);
    }
    for (const id of this.meters.keys()) {
      if (!next.has(id)) {
        this.removed.add(id);
        this.sentKeys.delete(id);
      }
    }
    this.meters = next;
    this.exact.clear();
    this.wildcard = [];
    const filters = new Set<string>();
    for (const meter of next.values()) {
      const { bridge, online, events } = meter.identity.topics;
      const roles: Array<[string | null, TopicRole]> = [
        [bridge, 'bridge'],
        [online, 'online'],
        [events, 'events'],
      ];
      for (const [filter, role] of roles) {
        if (!filter) continue;
        filters.add(filter);
        const route = { meter, role };
        if (hasWildcard(filter)) this.wildcard.push({ filter, route });
        else this.exact.set(filter, [...(this.exact.get(filter) ?? []), route]);
      }
    }
    this.connection.setTopics(filters);
    this.scheduleFlush();
  }

  brokerStatus(): BrokerStatus {
    return this.connection.status();
  }

  overview(): LiveOverview {
    const now = this.options.clock.now();
    const broker = this.connection.status();
    const connectedAt = broker.state === 'connected' ? broker.connectedAt : null;
    return { at: now, broker, devices: [...this.meters.values()].map((m) => m.row(now, connectedAt)) };
  }

  history(id: number): PowerTrace {
    const meter = this.meters.get(id);
    if (!meter) {
      throw new AppFailure(
        'not_found',
        `device ${id} is not listened to (it does not exist or is not active)`,
      );
    }
    return meter.trace();
  }

  close(): void {
    for (const timer of [this.flushTimer, this.sweepTimer]) {
      if (timer !== null) this.options.clock.clearTimeout(timer);
    }
    this.flushTimer = null;
    this.sweepTimer = null;
    this.connection.close();
  }

  private onBrokerStatus(status: BrokerStatus): void {
    this.options.emit('broker.status', status);
    for (const id of this.meters.keys()) this.dirty.add(id);
    this.scheduleFlush();
  }

  private onMessage(topic: string, payload: Buffer): void {
    const at = this.options.clock.now();
    const text = this.decoder.decode(payload);
    const routes = this.exact.get(topic) ?? [];
    for (const route of routes) this.deliver(route, topic, text, at);
    for (const { filter, route } of this.wildcard) {
      if (topicMatches(filter, topic)) this.deliver(route, topic, text, at);
    }
  }

  private deliver({ meter, role }: Route, topic: string, text: string, at: number): void {
    meter.ingest(role, topic, text, at);
    this.dirty.add(meter.identity.id);
    this.scheduleFlush();
  }

  private scheduleFlush(): void {
    if (this.flushTimer !== null) return;
    this.flushTimer = this.options.clock.setTimeout(() => {
      this.flushTimer = null;
      this.flush();
    }, this.options.timing.coalesceMs);
  }

  private flush(): void {
    if (this.dirty.size === 0 && this.removed.size === 0) return;
    const now = this.options.clock.now();
    const connectedAt = this.connectedAt();
    const rows: LiveDevice[] = [];
    const samples: LiveSamplesUpdate['devices'] = [];
    for (const id of this.dirty) {
      const meter = this.meters.get(id);
      if (!meter) continue;
      const row = meter.row(now, connectedAt);
      rows.push(row);
      this.sentKeys.set(id, rowKey(row));
      const fresh = meter.takeNew();
      if (fresh) samples.push({ id, ...fresh });
    }
    const removed = [...this.removed];
    this.dirty.clear();
    this.removed.clear();
    if (rows.length > 0 || removed.length > 0)
      this.options.emit('live.overview', { at: now, devices: rows, removed });
    if (samples.length > 0) this.options.emit('live.samples', { at: now, devices: samples });
  }

  /** Re-judges every row on the clock: a silence grows and a row turns silent without any message. */
  private scheduleSweep(): void {
    this.sweepTimer = this.options.clock.setTimeout(() => {
      // With no broker nothing changes on the clock (rows say nothing while not connected).
      if (this.connection.status().state === 'off') {
        this.scheduleSweep();
        return;
      }
      const now = this.options.clock.now();
      const connectedAt = this.connectedAt();
      for (const [id, meter] of this.meters) {
        if (this.sentKeys.get(id) !== rowKey(meter.row(now, connectedAt))) this.dirty.add(id);
      }
      if (this.dirty.size > 0) this.scheduleFlush();
      this.scheduleSweep();
    }, this.options.timing.sweepMs);
  }

  private connectedAt(): number | null {
    const status = this.connection.status();
    return status.state === 'connected' ? status.connectedAt : null;
  }
}

const sameTopics = (a: MeterTopics, b: MeterTopics) =>
  a.bridge === b.bridge && a.online === b.online && a.events === b.events && a.reader === b.reader;

/** What makes a row worth sending again without a message: its state and its sentences. */
const rowKey = (row: LiveDevice) => `${row.state}|${row.diagnostics.map((d) => d.sentence).join('|')}`;
