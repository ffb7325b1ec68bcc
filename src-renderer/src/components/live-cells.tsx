import { type Device, formatWatts, type LiveRowState, liveRowState } from '../../../src-shared';
import { useLive } from '../stores/stores-context';

const STATE_WORDS: Record<LiveRowState, string> = {
  live: 'live',
  silent: 'silent',
  offline: 'offline',
  never: 'never heard',
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
 * The device list's **Power** and **Last seen** cells: the meter's latest reading, how long ago the bridge's topic
 * last carried a message, the row state (live / silent / offline / never heard), and the diagnostics as a hint.
 */
export function LiveCells({ device }: { device: Device }) {
  const row = useLive((s) => s.rows.get(device.id));
  const now = useLive((s) => s.now);
  const brokerOn = useLive((s) => s.broker !== null && s.broker.state !== 'off');
  if (!row || !device.active || !brokerOn) {
    return (
      <>
        <td className="cell-number cell-power">—</td>
        <td className="cell-seen muted">{device.active && brokerOn ? 'never' : '—'}</td>
      </>
    );
  }
  const state = liveRowState(row.lastHeardByBridgeAt, row.online, now, device.strategyConfig.messageTimeoutS);
  const problems = row.diagnostics.filter((d) => d.severity === 'problem');
  const hint = row.diagnostics.map((d) => d.sentence).join('\n');
  return (
    <>
      <td className="cell-number cell-power" title={row.source ? `from ${row.source}` : undefined}>
        {row.watts === null ? '—' : formatWatts(row.watts)}
      </td>
      <td className={`cell-seen live-${state}`} title={hint || undefined}>
        <span className="seen-ago">{formatAgo(row.lastSeenAt, now)}</span>
        <span className="seen-state">
          <span className="live-dot" aria-hidden="true" />
          {STATE_WORDS[state]}
          {row.diagnostics.length > 0 ? (
            <span className={`live-hint ${problems.length > 0 ? 'hint-problem' : 'hint-notice'}`}>
              {' · '}
              {row.diagnostics[0]!.sentence}
            </span>
          ) : null}
        </span>
      </td>
    </>
  );
}
