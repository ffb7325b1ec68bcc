import {
  type Device,
  type DiagnosticCode,
  formatWatts,
  type LiveRowState,
  liveRowState,
} from '../../../src-shared';
import { useLive } from '../stores/stores-context';

const STATE_WORDS: Record<LiveRowState, string> = {
  live: 'live',
  silent: 'silent',
  offline: 'offline',
  never: 'never heard',
};
/**
 * The meter talks (Last seen has a time) but nothing on the bridge's topic: "never heard" would contradict the time.
 * One short word, so the hint beside it still fits the cell's two lines; the hint's sentence says why.
 */
const UNHEARD = 'unheard';

/** A few words per diagnostic for the narrow cell; the whole sentence is its tooltip and accessible text. */
const SHORT: Record<DiagnosticCode, string> = {
  nothing_heard: 'check topic',
  status_updates_off: 'status off',
  component_mismatch: 'wrong component',
  offline: 'last will',
  silence_exceeds_timeout: 'silences > timeout',
  threshold_above_readings: 'threshold too high',
  unreadable_payloads: 'unreadable messages',
};

/** `2 s ago`, `5 min ago`, `3 h ago`, `never`. */
export function formatAgo(at: number | null, now: number): string {
  if (at === null) return 'never';
  const s = Math.max(0, Math.floor((now - at) / 1000));
  if (s < 60) return `${s} s ago`;
  if (s < 3600) return `${Math.floor(s / 60)} min ago`;
  if (s < 86_400) return `${Math.floor(s / 3600)} h ago`;
  return `${Math.floor(s / 86_400)} d ago`;
}

/**
 * The device list's **Power** and **Last seen** cells: the meter's latest reading, how long ago any of its topics
 * carried a message (README "The live view"), the row state, which is about the bridge's topic only (live / silent /
 * offline / never heard), and the diagnostics as a hint.
 */
export function LiveCells({ device }: { device: Device }) {
  const row = useLive((s) => s.rows.get(device.id));
  const now = useLive((s) => s.now);
  const brokerOn = useLive((s) => s.broker !== null && s.broker.state !== 'off');
  if (!row || !device.active || !brokerOn) {
    return (
      <>
        <td className="cell-number cell-power hide-md">—</td>
        <td className="cell-seen hide-xs muted">{device.active && brokerOn ? 'never' : '—'}</td>
      </>
    );
  }
  const state = liveRowState(row.lastHeardByBridgeAt, row.online, now, device.strategyConfig.messageTimeoutS);
  const problems = row.diagnostics.filter((d) => d.severity === 'problem');
  const hint = row.diagnostics.map((d) => d.sentence).join('\n');
  return (
    <>
      <td className="cell-number cell-power hide-md" title={row.source ? `from ${row.source}` : undefined}>
        {row.watts === null ? '—' : formatWatts(row.watts)}
      </td>
      <td className={`cell-seen hide-xs live-${state}`} title={hint || undefined}>
        <span className="seen-ago">{formatAgo(row.lastSeenAt, now)}</span>
        <span className="seen-state">
          <span className="live-dot" aria-hidden="true" />
          {state === 'never' && row.lastSeenAt !== null ? UNHEARD : STATE_WORDS[state]}
          {row.diagnostics.length > 0 ? (
            <span className={`live-hint ${problems.length > 0 ? 'hint-problem' : 'hint-notice'}`}>
              {' · '}
              <span aria-hidden="true">
                {SHORT[row.diagnostics[0]!.code]}
                {row.diagnostics.length > 1 ? ` +${row.diagnostics.length - 1}` : ''}
              </span>
              <span className="visually-hidden">{hint}</span>
            </span>
          ) : null}
        </span>
      </td>
    </>
  );
}
