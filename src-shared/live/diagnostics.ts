/**
 * Why the bridge may not hear a meter, or may make wrong sessions of what it hears, in sentences a workshop
 * person can act on. Pure: the core attaches them to each live row, the device list and the Live dialog show them.
 */
import type { PowerThresholdConfig } from '../device';
import { formatSpan } from '../session-model/describe-session-time';
import type { LiveRowState } from './live-overview';
import type { MeterTopics } from './meter-topics';

export const DIAGNOSTIC_CODES = [
  'nothing_heard',
  'status_updates_off',
  'component_mismatch',
  'offline',
  'silence_exceeds_timeout',
  'threshold_above_readings',
  'unreadable_payloads',
] as const;
export type DiagnosticCode = (typeof DIAGNOSTIC_CODES)[number];

export interface Diagnostic {
  code: DiagnosticCode;
  /** `problem`: the bridge will not work as meant; `notice`: worth a look. */
  severity: 'problem' | 'notice';
  sentence: string;
}

/** What the diagnostics look at for one device. */
export interface DiagnosisInput {
  topics: MeterTopics;
  strategyConfig: PowerThresholdConfig;
  /** When the broker connection was made (ms), null while not connected: then nothing is judged. */
  connectedAt: number | null;
  now: number;
  lastHeardByBridgeAt: number | null;
  online: boolean | null;
  eventsSeen: boolean;
  components: string[];
  /** Longest silence that began while the machine was in use (at or above standby). */
  longestSilenceInUseMs: number;
  /** Highest reading buffered, and since when the buffer holds readings (ms). */
  maxWatts: number | null;
  bufferedSince: number | null;
  unreadable: number;
  lastUnreadable: { topic: string; why: string; example: string } | null;
}

/** How much buffered history the working-threshold diagnostic needs before it speaks. */
export const THRESHOLD_JUDGED_AFTER_MS = 10 * 60_000;

/** The row state for the device list: offline beats everything, then never heard, silent, live. */
export function liveRowState(
  lastHeardByBridgeAt: number | null,
  online: boolean | null,
  now: number,
  messageTimeoutS: number,
): LiveRowState {
  if (online === false) return 'offline';
  if (lastHeardByBridgeAt === null) return 'never';
  return now - lastHeardByBridgeAt > messageTimeoutS * 1000 ? 'silent' : 'live';
}

/** The diagnostics for one device, most important first. */
export function diagnoseMeter(d: DiagnosisInput): Diagnostic[] {
  const out: Diagnostic[] = [];
  if (d.connectedAt === null) return out;
  const { topics, strategyConfig: cfg } = d;
  const component = topics.component ?? 'pm1:0';
  const otherComponents = d.components.filter((c) => c !== topics.component);

  if (d.lastHeardByBridgeAt === null) {
    if (topics.component && otherComponents.length > 0) {
      const seen = otherComponents[0]!;
      out.push({
        code: 'component_mismatch',
        severity: 'problem',
        sentence: `The meter reports ${seen} but the topic points at ${topics.component}: set the topic to ${topics.bridge.replace(/[^/]+$/, seen)}.`,
      });
    } else if (topics.reader === 'shelly_status' && d.eventsSeen && d.online !== false) {
      out.push({
        code: 'status_updates_off',
        severity: 'problem',
        sentence: `The Shelly is online and sends events but no status/${component}: the bridge will hear nothing until "Generic status update over MQTT" is switched on in the device's MQTT settings.`,
      });
    } else if (d.online !== false) {
      out.push({
        code: 'nothing_heard',
        severity: 'problem',
        sentence: `Nothing heard on ${topics.bridge} since the broker connection (${ago(d.now - d.connectedAt)}): check the topic and the meter's MQTT prefix.`,
      });
    }
  }

  if (d.online === false) {
    out.push({
      code: 'offline',
      severity: 'problem',
      sentence:
        'The meter said it went offline (its last will): nothing will arrive until it is back on the network.',
    });
  }

  const timeoutMs = cfg.messageTimeoutS * 1000;
  if (d.lastHeardByBridgeAt !== null && d.longestSilenceInUseMs > timeoutMs) {
    out.push({
      code: 'silence_exceeds_timeout',
      severity: 'problem',
      sentence: `The longest silence seen while the machine was in use (${formatSpan(d.longestSilenceInUseMs)}) exceeds the message timeout (${formatSpan(timeoutMs)}): the bridge would end sessions while the machine runs. A meter on a steady load can stay silent for hours; raise Message timeout above the silence.`,
    });
  }

  // Judged only on a long enough stretch: a few idle minutes say nothing about the working threshold.
  const span = d.bufferedSince === null ? 0 : d.now - d.bufferedSince;
  if (d.maxWatts !== null && span >= THRESHOLD_JUDGED_AFTER_MS && d.maxWatts < cfg.workingThresholdW) {
    out.push({
      code: 'threshold_above_readings',
      severity: 'notice',
      sentence: `The working threshold (${formatWatts(cfg.workingThresholdW)}) is above every reading in the last ${formatSpan(Math.min(span, 12 * 3_600_000))} (highest ${formatWatts(d.maxWatts)}): the bridge would never see this machine working.`,
    });
  }

  if (d.unreadable > 0 && d.lastUnreadable) {
    const n = d.unreadable === 1 ? '1 message' : `${d.unreadable} messages`;
    out.push({
      code: 'unreadable_payloads',
      severity: 'notice',
      sentence: `${n} could not be read; the last one, on ${d.lastUnreadable.topic}, ${d.lastUnreadable.why}: ${d.lastUnreadable.example}`,
    });
  }
  return out;
}

/** `352.4 W`: one decimal below 1000 W, none above. */
export function formatWatts(value: number): string {
  const rounded = Math.abs(value) >= 1000 ? Math.round(value) : Math.round(value * 10) / 10;
  return `${rounded} W`;
}

const ago = (ms: number) => (ms < 1000 ? 'just now' : `${formatSpan(ms)} ago`);
