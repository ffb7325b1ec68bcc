/**
 * Benchmarks of the live view (issue 12): 500 meters publishing 2 messages a second each through a loopback broker
 * into the core's LiveService (publish → the coalesced live.overview event carrying that reading, and the CPU it
 * takes), and the memory one device's 12 h of samples holds.
 */
import { performance } from 'node:perf_hooks';
import mqtt from 'mqtt';
import { LiveService, PRODUCTION_LIVE_TIMING } from '../src-main/core/live/live-service';
import { MeterState } from '../src-main/core/live/meter-state';
import { silentLogger, systemClock } from '../src-main/core/ports';
import {
  DEFAULT_SETTINGS,
  DEFAULT_STRATEGY_CONFIG,
  type Device,
  type LiveOverviewUpdate,
  meterTopics,
} from '../src-shared';
import { startEmbeddedBroker } from '../tests/support/embedded-broker';
import { fullStatus } from '../tests/support/fake-shelly';
import { n } from './options';
import { addRow, rows } from './report';
import { type Summary, summarise } from './stats';

export interface IngestFigures {
  latency: Summary;
  messages: number;
  events: number;
  /** CPU of this whole process (broker, publisher and live view together) as % of one core. */
  cpuPercent: number;
}

const meterDevice = (i: number): Device => ({
  id: i + 1,
  deviceId: `meter-${i}`,
  name: `Meter ${i}`,
  topicPattern: `shellypmminig3-m${i}/#`,
  parserType: 'shelly_pm',
  strategy: 'power_threshold',
  strategyConfig: { ...DEFAULT_STRATEGY_CONFIG },
  active: true,
  notes: '',
  createdAt: '2026-12-02T08:00:00.000Z',
  updatedAt: '2026-12-02T08:00:00.000Z',
});

/** `meters` meters at `rate` messages/s each for `seconds`, through aedes on 127.0.0.1. */
export async function benchLiveIngest(meters: number, rate: number, seconds: number): Promise<IngestFigures> {
  const broker = await startEmbeddedBroker();
  const devices = Array.from({ length: meters }, (_, i) => meterDevice(i));
  // The watts of each message are unique, so the event that first carries them dates its arrival.
  const sentAt = new Map<string, number>();
  const latencies: number[] = [];
  let events = 0;
  const live = new LiveService({
    clock: systemClock,
    logger: silentLogger,
    timing: PRODUCTION_LIVE_TIMING,
    devices: () => devices,
    settings: () => ({ ...DEFAULT_SETTINGS, brokerUrl: broker.url }),
    emit: (event, payload) => {
      if (event !== 'live.overview') return;
      events++;
      const now = performance.now();
      // As a host does: the update goes over the wire as JSON.
      const update = JSON.parse(JSON.stringify(payload)) as LiveOverviewUpdate;
      for (const row of update.devices) {
        const key = `${row.id}:${row.watts}`;
        const at = sentAt.get(key);
        if (at !== undefined) {
          latencies.push(now - at);
          sentAt.delete(key);
        }
      }
    },
  });
  live.start();
  await broker.waitForSubscription(`shellypmminig3-m${meters - 1}/status/pm1:0`);
  const publisher = await mqtt.connectAsync(broker.url, { clientId: 'bench-meters', protocolVersion: 4 });

  const total = meters * rate * seconds;
  const perTick = Math.max(1, Math.round((meters * rate) / 100)); // 100 ticks a second
  let sent = 0;
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  await new Promise<void>((resolve) => {
    const timer = setInterval(() => {
      const due = Math.min(total, Math.round(((performance.now() - t0) / 1000) * meters * rate));
      for (let k = 0; sent < due && k < perTick * 4; k++, sent++) {
        const i = sent % meters;
        const watts = 100 + sent / 1000; // unique per message
        sentAt.set(`${i + 1}:${watts}`, performance.now());
        publisher.publish(
          `shellypmminig3-m${i}/status/pm1:0`,
          JSON.stringify(fullStatus('pm1:0', watts, Date.now() / 1000)),
        );
      }
      if (sent >= total) {
        clearInterval(timer);
        resolve();
      }
    }, 10);
  });
  // Let the last window close.
  await new Promise((r) => setTimeout(r, PRODUCTION_LIVE_TIMING.coalesceMs * 3));
  const elapsed = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  await publisher.endAsync();
  live.close();
  await broker.close();
  // A reading overwritten inside the same window by a newer one of the same meter never shows: not counted.
  return {
    latency: summarise(latencies),
    messages: sent,
    events,
    cpuPercent: ((cpu.user + cpu.system) / 1000 / elapsed) * 100,
  };
}

/** Bytes one device's live state holds after 12 h of a Shelly reporting every second (43,200 samples). */
export function benchLiveMemoryPerDevice(): { ringBytes: number; heapBytes: number } {
  const topics = meterTopics({ topicPattern: 'shellypmminig3-x/#', parserType: 'shelly_pm' });
  const make = () =>
    new MeterState({ id: 1, deviceId: 'x', topics, strategyConfig: { ...DEFAULT_STRATEGY_CONFIG } });
  const start = Date.parse('2026-12-02T00:00:00Z');
  const fill = (meter: MeterState) => {
    for (let s = 0; s < 43_200; s++) {
      meter.ingest(
        'bridge',
        topics.bridge,
        JSON.stringify(fullStatus('pm1:0', 100 + (s % 900), start / 1000 + s)),
        start + s * 1000,
      );
    }
    meter.takeNew();
  };
  const single = make();
  fill(single);
  // npm run bench passes --expose-gc, so garbage of the growing rings is not counted as held memory.
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) return { ringBytes: single.ring.bytes, heapBytes: Number.NaN };
  gc();
  const before = process.memoryUsage();
  const many = Array.from({ length: 20 }, make);
  for (const m of many) fill(m);
  gc();
  const after = process.memoryUsage();
  const heapBytes =
    (after.heapUsed + after.arrayBuffers - before.heapUsed - before.arrayBuffers) / many.length;
  return { ringBytes: single.ring.bytes, heapBytes };
}

/** The live view: 500 meters × 2 messages/s through a loopback broker; memory per device for 12 h. */
export async function benchLive(): Promise<void> {
  const seconds = n(30, 8);
  const ingest = await benchLiveIngest(500, 2, seconds);
  addRow(
    {
      id: 'live.ingest.latency',
      label: `publish → live.overview event, 500 meters × 2 msg/s, ${seconds} s`,
      unit: 'ms',
      aim: 'p99 ≤ 600 ms (window 250 ms)',
      note: `${ingest.messages} messages, ${ingest.events} events`,
    },
    ingest.latency,
    true,
  ).met = ingest.latency.p99 <= 600;
  rows.push({
    id: 'live.ingest.cpu',
    label: 'CPU meanwhile (broker + publisher + live view, one process)',
    unit: '%',
    n: 1,
    median: ingest.cpuPercent,
    p95: ingest.cpuPercent,
    note: '% of one core',
  });
  const memory = benchLiveMemoryPerDevice();
  rows.push({
    id: 'live.memory.device12h',
    label: 'memory per device, 12 h at 1 msg/s: samples (median) / whole state (p95)',
    unit: 'KiB',
    n: 20,
    median: memory.ringBytes / 1024,
    p95: memory.heapBytes / 1024,
    aim: 'bounded: ≤ 768 KiB ring',
    met: memory.ringBytes <= 768 * 1024,
  });
}
