/**
 * The meters a discovery has heard, keyed by topic prefix, bounded: at most `limit` meters with at most a few
 * components each, so a broker carrying thousands of topics cannot grow memory. Pure apart from its own state.
 */
import type { DeviceInfo, MeterMessage } from './classify-message';
import { type FoundMeter, MAX_FOUND_METERS, type MeterFamily } from './discovery-types';
import { modelFromShellyId, modelLabel } from './meter-models';

const MAX_COMPONENTS = 8;

export class FoundMeters {
  private readonly meters = new Map<string, FoundMeter>();
  /** Messages from meters beyond the limit, left out. */
  leftOut = 0;

  constructor(private readonly limit = MAX_FOUND_METERS) {}

  get capped(): boolean {
    return this.leftOut > 0;
  }

  get size(): number {
    return this.meters.size;
  }

  get(key: string): FoundMeter | undefined {
    return this.meters.get(key);
  }

  /** The meters in the order they were first heard. */
  list(): FoundMeter[] {
    return [...this.meters.values()];
  }

  /** Takes one classified message heard at `at` (ms); returns whether anything changed. */
  observe(message: MeterMessage, at: number): boolean {
    if (message.kind === 'rpc-answer') return false; // matched to its request by the session, see identified()
    const family: MeterFamily =
      message.kind === 'gen1-power' || message.kind === 'gen1-announce'
        ? 'gen1'
        : message.kind === 'online' && isGen1Prefix(message.prefix)
          ? 'gen1'
          : 'gen2';
    const meter = this.meterFor(message.prefix, family, at);
    if (!meter) return false;
    meter.lastSeenAt = at;
    meter.messages++;
    switch (message.kind) {
      case 'online':
        meter.online = message.online;
        break;
      case 'status':
        this.becomeGen2(meter);
        meter.statusUpdates = 'on';
        if (message.reading) this.read(meter, message.reading.component, message.reading.watts);
        break;
      case 'events':
        this.becomeGen2(meter);
        meter.eventsSeen = true;
        if (meter.statusUpdates === 'unknown') meter.statusUpdates = 'off';
        if (message.src) this.setShellyId(meter, message.src);
        for (const reading of message.readings) this.read(meter, reading.component, reading.watts);
        break;
      case 'gen1-power':
        this.setShellyId(meter, message.shellyId);
        this.read(meter, message.component, message.watts);
        break;
      case 'gen1-announce':
        this.identified(meter.key, message.info);
        break;
    }
    return true;
  }

  /** Lays an identify answer over the meter with that key; returns whether the meter exists. */
  identified(key: string, info: DeviceInfo): boolean {
    const meter = this.meters.get(key);
    if (!meter) return false;
    if (info.shellyId) this.setShellyId(meter, info.shellyId);
    if (info.model) {
      meter.model = modelLabel(info.model);
      meter.modelFrom = 'answer';
    }
    if (info.generation !== null) meter.generation = info.generation;
    if (info.firmware) meter.firmware = info.firmware;
    return true;
  }

  private meterFor(prefix: string, family: MeterFamily, at: number): FoundMeter | null {
    const known = this.meters.get(prefix);
    if (known) return known;
    if (this.meters.size >= this.limit) {
      this.leftOut++;
      return null;
    }
    const meter: FoundMeter = {
      key: prefix,
      family,
      prefix,
      shellyId: family === 'gen1' ? prefix.slice('shellies/'.length) : null,
      components: [],
      watts: null,
      wattsFrom: null,
      statusUpdates: family === 'gen1' ? null : 'unknown',
      eventsSeen: false,
      online: null,
      firstSeenAt: at,
      lastSeenAt: at,
      messages: 0,
      model: null,
      modelFrom: null,
      generation: family === 'gen1' ? 1 : null,
      firmware: null,
    };
    this.guessModel(meter);
    this.meters.set(prefix, meter);
    return meter;
  }

  /** A prefix first heard through `shellies/<id>/online` turns out to be a Gen2/Gen3 meter under that prefix. */
  private becomeGen2(meter: FoundMeter): void {
    if (meter.family === 'gen2') return;
    meter.family = 'gen2';
    meter.statusUpdates = 'unknown';
    meter.shellyId = null;
    if (meter.generation === 1) meter.generation = null;
    if (meter.modelFrom === 'id') {
      meter.model = null;
      meter.modelFrom = null;
    }
  }

  private read(meter: FoundMeter, component: string, watts: number | null): void {
    if (!meter.components.includes(component) && meter.components.length < MAX_COMPONENTS) {
      meter.components.push(component);
    }
    if (watts !== null) {
      meter.watts = watts;
      meter.wattsFrom = component;
    }
  }

  private setShellyId(meter: FoundMeter, shellyId: string): void {
    if (meter.shellyId === shellyId) return;
    meter.shellyId = shellyId.slice(0, 128);
    this.guessModel(meter);
  }

  private guessModel(meter: FoundMeter): void {
    if (meter.modelFrom === 'answer' || !meter.shellyId) return;
    const model = modelFromShellyId(meter.shellyId);
    meter.model = model;
    meter.modelFrom = model ? 'id' : null;
  }
}

const isGen1Prefix = (prefix: string) => prefix.startsWith('shellies/') && prefix.split('/').length === 2;
