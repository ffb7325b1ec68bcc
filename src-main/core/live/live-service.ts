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
  type LiveDevice,
  type LiveOverview,
  type LiveSamplesUpdate,
  type MeterTopics,
  meterTopics,
  type PowerTrace,
  type Settings,
  topicMatches,
} from '../../../src-shared';
import { nextTurn } from '../in-slices';
import type { Clock, Logger } from '../ports';
import { BrokerConnection, type BrokerConnectionOptions } from './broker-connection';
import type { LiveTiming } from './live-timing';
import { type MeterRoutes, noRoutes, type Route, routesOf } from './meter-routes';
import { MeterState } from './meter-state';

export { type LiveTiming, PRODUCTION_LIVE_TIMING } from './live-timing';

type ActiveDevices = readonly Device[] | Promise<readonly Device[]>;

export interface LiveServiceOptions {
  clock: Clock;
  logger: Logger;
  timing: LiveTiming;
  /** The active devices now; a large store reads them in slices (DeviceStore.listActiveInSlices). */
  devices(): ActiveDevices;
  settings(): Settings;
  emit<E extends EventName>(event: E, payload: EventPayload<E>): void;
  connect?: BrokerConnectionOptions['connect'];
}

/** Devices gone through between two turns of the event loop when the live view follows the device list. */
const SYNC_SLICE = 2000;

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
  /** Counts syncDevices calls, so a sliced one that a newer call overtook stops. */
  private syncRun = 0;
  private devicesStale = false;
  private closed = false;

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

  /**
   * Follows the active devices: new ones are listened to at once, gone ones dropped, changed ones restarted. A
   * large store is gone through in slices (issue 9 §6), the old meters serving until the new set takes their
   * place in one step; a newer call supersedes a running one.
   */
  syncDevices(): void {
    if (this.devicesStale) return;
    this.devicesStale = true;
    setImmediate(() => this.followDevices());
  }

  /** What syncDevices asked for, once per burst of commits (a save stays cheap), or now when a read needs it. */
  private followDevices(): void {
    if (!this.devicesStale || this.closed) return;
    this.devicesStale = false;
    const run = ++this.syncRun;
    const devices = this.options.devices();
    if (!(devices instanceof Promise) && devices.length <= SYNC_SLICE)
      this.takeMeters(routesOf(this.metersOf(devices, 0, devices.length)));
    else
      this.syncInSlices(devices, run).catch((error: Error) =>
        this.options.logger.error(`live: could not follow the devices: ${error.message}`),
      );
  }

  private async syncInSlices(read: ActiveDevices, run: number): Promise<void> {
    const devices = await read;
    if (run !== this.syncRun) return;
    const next = noRoutes();
    for (let from = 0; from < devices.length; from += SYNC_SLICE) {
      routesOf(this.metersOf(devices, from, from + SYNC_SLICE), next);
      await nextTurn();
      if (run !== this.syncRun) return;
    }
    this.takeMeters(next);
  }

  /** The meters for devices[from, to): the current one where its topics stayed, else a new one. */
  private metersOf(devices: readonly Device[], from: number, to: number): Map<number, MeterState> {
    const out = new Map<number, MeterState>();
    for (const device of devices.slice(from, to)) {
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
        out.set(device.id, old);
      } else {
        out.set(device.id, new MeterState(identity));
      }
    }
    return out;
  }

  private takeMeters(next: MeterRoutes): void {
    for (const id of this.meters.keys()) {
      if (!next.meters.has(id)) {
        this.removed.add(id);
        this.sentKeys.delete(id);
      }
    }
    for (const id of next.meters.keys()) this.dirty.add(id);
    this.meters = next.meters;
    this.exact = next.exact;
    this.wildcard = next.wildcard;
    this.connection.setTopics(next.filters);
    this.scheduleFlush();
  }

  brokerStatus(): BrokerStatus {
    return this.connection.status();
  }

  overview(): LiveOverview {
    this.followDevices();
    const now = this.options.clock.now();
    const broker = this.connection.status();
    const connectedAt = broker.state === 'connected' ? broker.connectedAt : null;
    return { at: now, broker, devices: [...this.meters.values()].map((m) => m.row(now, connectedAt)) };
  }

  history(id: number): PowerTrace {
    this.followDevices();
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
    this.closed = true;
    this.syncRun++;
    for (const timer of [this.flushTimer, this.sweepTimer])
      if (timer !== null) this.options.clock.clearTimeout(timer);
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

  /** Sends the changed rows; more than SYNC_SLICE of them go in several events, a turn of the event loop apart. */
  private flush(): void {
    if (this.dirty.size === 0 && this.removed.size === 0) return;
    void this.sendRows([...this.dirty], [...this.removed]);
    this.dirty.clear();
    this.removed.clear();
  }

  private async sendRows(ids: readonly number[], removed: number[]): Promise<void> {
    for (let from = 0; from === 0 || from < ids.length; from += SYNC_SLICE) {
      if (from > 0) await nextTurn();
      if (this.closed) return;
      const now = this.options.clock.now();
      const connectedAt = this.connectedAt();
      const rows: LiveDevice[] = [];
      const samples: LiveSamplesUpdate['devices'] = [];
      for (const id of ids.slice(from, from + SYNC_SLICE)) {
        const meter = this.meters.get(id);
        if (!meter) continue;
        const row = meter.row(now, connectedAt);
        rows.push(row);
        this.sentKeys.set(id, rowKey(row));
        const fresh = meter.takeNew();
        if (fresh) samples.push({ id, ...fresh });
      }
      const gone = from === 0 ? removed : [];
      if (rows.length > 0 || gone.length > 0)
        this.options.emit('live.overview', { at: now, devices: rows, removed: gone });
      if (samples.length > 0) this.options.emit('live.samples', { at: now, devices: samples });
    }
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
