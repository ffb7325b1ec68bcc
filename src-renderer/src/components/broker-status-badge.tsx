import { BROKER_STATE_LABELS, type BrokerState } from '../../../src-shared';
import { useLive } from '../stores/stores-context';

const TONES: Record<BrokerState, string> = {
  off: 'idle',
  connecting: 'pending',
  connected: 'ok',
  unreachable: 'error',
  refused: 'error',
};

/** The live view's MQTT connection in a few words, live from main's broker.status events. */
export function BrokerStatusBadge() {
  const broker = useLive((s) => s.broker);
  const state = broker?.state ?? 'off';
  const label = broker ? BROKER_STATE_LABELS[state] : 'Broker status loading…';
  const title = [broker?.url, broker?.detail].filter(Boolean).join(' — ') || label;
  return (
    <div
      className={`broker-status tone-${TONES[state]}`}
      role="status"
      aria-label="Broker status"
      title={title}
    >
      <span className="sync-dot" aria-hidden="true" />
      <span className="broker-label">{label}</span>
    </div>
  );
}
