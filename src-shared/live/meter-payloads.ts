/**
 * Pure readers for what meters publish (the live issue quotes real payloads): a Shelly Gen2/Gen3 component status
 * on `<prefix>/status/pm1:0` or `switch:0`, its `<prefix>/events/rpc` notifications (NotifyStatus is partial and
 * is laid over the last known status; NotifyFullStatus replaces it), `<prefix>/online`, and generic payloads
 * (a plain number of watts, as Gen1's `relay/0/power`, or JSON with a numeric apower, power or value).
 * None of them throws: a payload that cannot be read comes back as `{ ok: false, why }`.
 */

export type Unreadable = { ok: false; why: string };

/** A reading and the field it came from, e.g. `apower` or `plain number`. */
export type PowerReading = { ok: true; watts: number; source: string };

/** Component statuses by key (`pm1:0`, `switch:0`), each the component's last known fields. */
export type ComponentStatuses = Record<string, Record<string, unknown>>;

/** The power-metering components the bridge's Shelly parser reads. */
export const METER_COMPONENT = /^(pm1|switch):\d+$/;

const unreadable = (why: string): Unreadable => ({ ok: false, why });

function parseJson(payload: string): { ok: true; value: unknown } | Unreadable {
  try {
    return { ok: true, value: JSON.parse(payload) };
  } catch {
    return unreadable('is not JSON');
  }
}

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

const finite = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/** `true`/`false` of `<prefix>/online` (Gen1 sends the same words). */
export function readOnline(payload: string): { ok: true; online: boolean } | Unreadable {
  const text = payload.trim();
  if (text === 'true') return { ok: true, online: true };
  if (text === 'false') return { ok: true, online: false };
  return unreadable('is neither true nor false');
}

/** The watts of a Shelly component status: its numeric `apower`. */
export function componentWatts(status: Record<string, unknown>): number | null {
  return finite(status.apower) ? status.apower : null;
}

/** A full component status as published on `<prefix>/status/<component>`. */
export function readShellyStatus(
  component: string,
  payload: string,
): { ok: true; status: Record<string, unknown>; watts: number | null; source: string } | Unreadable {
  const json = parseJson(payload);
  if (!json.ok) return json;
  if (!isRecord(json.value)) return unreadable(`is not a ${component} status object`);
  const watts = componentWatts(json.value);
  if (watts === null && METER_COMPONENT.test(component)) {
    return unreadable(`has no numeric apower (a ${component} status carries one)`);
  }
  return { ok: true, status: json.value, watts, source: `apower of ${component}` };
}

/** What an `<prefix>/events/rpc` message changed, with the statuses after it. */
export type ShellyEvent =
  | {
      ok: true;
      method: 'NotifyStatus' | 'NotifyFullStatus';
      /** The Shelly's device id (`src`), even under a custom prefix. */
      src: string | null;
      /** Every component status after the event (partial updates laid over `known`). */
      statuses: ComponentStatuses;
      /** Meter components the event named. */
      changed: string[];
    }
  | { ok: true; method: 'other'; name: string; src: string | null }
  | Unreadable;

/**
 * Reads one `events/rpc` notification. NotifyStatus carries only changed fields: they are merged over `known`
 * (one level deep, as Shelly sends them); NotifyFullStatus replaces every component it names. Other methods
 * (NotifyEvent: button presses, …) change no status.
 */
export function readShellyEvent(payload: string, known: ComponentStatuses): ShellyEvent {
  const json = parseJson(payload);
  if (!json.ok) return json;
  const message = json.value;
  if (!isRecord(message)) return unreadable('is not an RPC notification object');
  if (typeof message.method !== 'string') return unreadable('has no method');
  const src = typeof message.src === 'string' ? message.src : null;
  if (message.method !== 'NotifyStatus' && message.method !== 'NotifyFullStatus') {
    return { ok: true, method: 'other', name: message.method, src };
  }
  if (!isRecord(message.params)) return unreadable(`${message.method} has no params object`);
  const statuses: ComponentStatuses = { ...known };
  const changed: string[] = [];
  for (const [key, value] of Object.entries(message.params)) {
    if (!METER_COMPONENT.test(key)) continue;
    if (!isRecord(value)) return unreadable(`${message.method} ${key} is not an object`);
    statuses[key] = message.method === 'NotifyStatus' ? { ...(known[key] ?? {}), ...value } : { ...value };
    changed.push(key);
  }
  return { ok: true, method: message.method, src, statuses, changed };
}

const GENERIC_FIELDS = ['apower', 'power', 'value'] as const;

/**
 * A generic payload: a plain number of watts (Gen1 `relay/0/power`, many Tasmota rules), or a JSON object with a
 * numeric `apower`, `power` or `value` (first found, in that order).
 */
export function readGenericPower(payload: string): PowerReading | Unreadable {
  const text = payload.trim();
  if (text === '') return unreadable('is empty');
  if (/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(text)) {
    const watts = Number(text);
    return Number.isFinite(watts) ? { ok: true, watts, source: 'plain number' } : unreadable('is not finite');
  }
  const json = parseJson(text);
  if (!json.ok) return unreadable('is neither a number nor JSON');
  if (!isRecord(json.value)) return unreadable('is JSON but not an object with apower, power or value');
  for (const field of GENERIC_FIELDS) {
    const v = json.value[field];
    if (finite(v)) return { ok: true, watts: v, source: field };
  }
  return unreadable('has no numeric apower, power or value');
}

/** A short, printable excerpt of a payload for "the last unreadable one" (at most `max` characters). */
export function payloadExample(payload: string, max = 160): string {
  const printable = [...payload]
    .map((ch) => {
      const code = ch.codePointAt(0)!;
      return code < 0x20 || code === 0x7f ? '·' : ch;
    })
    .join('');
  return printable.length > max ? `${printable.slice(0, max)}…` : printable;
}
