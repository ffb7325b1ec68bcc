import {
  METER_COMPONENT,
  readGenericPower,
  readOnline,
  readShellyEvent,
  readShellyStatus,
} from '../live/meter-payloads';

/**
 * Reads one MQTT message heard during discovery: which meter (topic prefix) it came from and what it says.
 * Pure; never throws on bad payloads (they are simply not readings). The payloads are read with the live view's
 * readers (src-shared/live/meter-payloads.ts); what is discovery's own is telling meters apart by topic.
 *
 * Gen2/Gen3: `<prefix>/online`, `<prefix>/events/rpc` (NotifyStatus, NotifyFullStatus; `src` is the device id),
 * `<prefix>/status/<component>`; prefixes of one to three levels. Gen1: `shellies/<id>/relay/<n>/power`,
 * `shellies/<id>/emeter/<n>/power`, `shellies/<id>/online`, and the `shellies/announce` answers.
 */

/** The filters a discovery subscribes to (prefixes of 1–3 levels; `+` never matches `$SYS/…`). */
export const DISCOVERY_FILTERS: readonly string[] = [
  '+/online',
  '+/+/online',
  '+/+/+/online',
  '+/events/rpc',
  '+/+/events/rpc',
  '+/+/+/events/rpc',
  '+/status/+',
  '+/+/status/+',
  '+/+/+/status/+',
  'shellies/+/relay/+/power',
  'shellies/+/emeter/+/power',
  'shellies/announce',
];

/** Payloads larger than this are not parsed (a NotifyFullStatus is a few KB). */
export const MAX_PAYLOAD_CHARS = 65_536;

export interface ComponentReading {
  component: string;
  watts: number | null;
}

export interface DeviceInfo {
  shellyId: string | null;
  model: string | null;
  generation: number | null;
  firmware: string | null;
}

export type MeterMessage =
  | { kind: 'online'; prefix: string; online: boolean }
  | { kind: 'status'; prefix: string; reading: ComponentReading | null }
  | { kind: 'events'; prefix: string; src: string | null; readings: ComponentReading[] }
  | { kind: 'gen1-power'; prefix: string; shellyId: string; component: string; watts: number }
  | { kind: 'gen1-announce'; prefix: string; info: DeviceInfo }
  | { kind: 'rpc-answer'; requestId: number; src: string | null; info: DeviceInfo };

/**
 * Classifies a message, or returns null when it is none of the above. `answerTopic` is `<src>/rpc` of the app's
 * identify requests: answers to `Shelly.GetDeviceInfo` arrive there.
 */
export function classifyMessage(topic: string, payload: string, answerTopic?: string): MeterMessage | null {
  if (payload.length > MAX_PAYLOAD_CHARS) return null;
  if (answerTopic !== undefined && topic === answerTopic) return readRpcAnswer(payload);
  const levels = topic.split('/');
  const n = levels.length;
  if (levels.some((level) => level === '')) return null;

  if (levels[0] === 'shellies') {
    if (n === 2 && levels[1] === 'announce') return readGen1Announce(payload);
    if (n === 5 && (levels[2] === 'relay' || levels[2] === 'emeter') && levels[4] === 'power') {
      const reading = readGenericPower(payload);
      if (!reading.ok || !/^\d+$/.test(levels[3]!)) return null;
      const watts = reading.watts;
      const shellyId = levels[1]!;
      const component = `${levels[2]}:${levels[3]}`;
      return { kind: 'gen1-power', prefix: `shellies/${shellyId}`, shellyId, component, watts };
    }
  }
  if (n >= 2 && n <= 4 && levels[n - 1] === 'online') {
    const read = readOnline(payload);
    return read.ok ? { kind: 'online', prefix: levels.slice(0, -1).join('/'), online: read.online } : null;
  }
  if (n >= 3 && n <= 5 && levels[n - 2] === 'events' && levels[n - 1] === 'rpc') {
    return readEvents(levels.slice(0, -2).join('/'), payload);
  }
  if (n >= 3 && n <= 5 && levels[n - 2] === 'status') {
    const component = levels[n - 1]!;
    const prefix = levels.slice(0, -2).join('/');
    if (!METER_COMPONENT.test(component)) return { kind: 'status', prefix, reading: null };
    const read = readShellyStatus(component, payload);
    return { kind: 'status', prefix, reading: { component, watts: read.ok ? read.watts : null } };
  }
  return null;
}

function readEvents(prefix: string, payload: string): MeterMessage | null {
  const event = readShellyEvent(payload, {});
  if (!event.ok) return null;
  const readings: ComponentReading[] =
    event.method === 'other'
      ? []
      : event.changed.map((component) => {
          const apower = event.statuses[component]?.apower;
          return { component, watts: typeof apower === 'number' && Number.isFinite(apower) ? apower : null };
        });
  return { kind: 'events', prefix, src: event.src || null, readings };
}

function readGen1Announce(payload: string): MeterMessage | null {
  const body = parseJson(payload);
  if (!isObject(body) || typeof body.id !== 'string' || !body.id || body.id.includes('/')) return null;
  return {
    kind: 'gen1-announce',
    prefix: `shellies/${body.id}`,
    info: {
      shellyId: body.id,
      model: typeof body.model === 'string' ? body.model : null,
      generation: 1,
      firmware: typeof body.fw_ver === 'string' ? body.fw_ver : null,
    },
  };
}

function readRpcAnswer(payload: string): MeterMessage | null {
  const body = parseJson(payload);
  if (!isObject(body) || typeof body.id !== 'number' || !isObject(body.result)) return null;
  const result = body.result;
  const model =
    typeof result.app === 'string' ? result.app : typeof result.model === 'string' ? result.model : null;
  return {
    kind: 'rpc-answer',
    requestId: body.id,
    src: typeof body.src === 'string' ? body.src : typeof result.id === 'string' ? result.id : null,
    info: {
      shellyId: typeof result.id === 'string' ? result.id : null,
      model,
      generation: typeof result.gen === 'number' ? result.gen : null,
      firmware: typeof result.ver === 'string' ? result.ver : null,
    },
  };
}

function parseJson(payload: string): unknown {
  try {
    return JSON.parse(payload);
  } catch {
    return null;
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
