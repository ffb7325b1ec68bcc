import { useSettings } from '../stores/stores-context';

/**
 * **Discover meters**, beside Add device. Without a broker it says so on the button itself; the panel it opens
 * then explains and points to Preferences.
 */
export function DiscoverButton({ onDiscover }: { onDiscover(): void }) {
  const noBroker = useSettings((s) => s.settings !== null && !s.settings.brokerUrl.trim());
  return (
    <button
      type="button"
      className="button"
      onClick={onDiscover}
      title={
        noBroker
          ? 'No broker is set: enter the Broker URL in Preferences to discover meters.'
          : 'Listen on the MQTT broker for Shelly meters and add them'
      }
    >
      Discover meters{noBroker ? ' ' : ''}
      {noBroker ? <span className="button-note">· no broker set</span> : null}
    </button>
  );
}
