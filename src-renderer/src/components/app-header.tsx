import { BrokerStatusBadge } from './broker-status-badge';
import { PushButton } from './push-button';
import { SyncStatusBadge } from './sync-status';

export type HeaderDialog = 'preferences' | 'history' | 'preview';

export function AppHeader({ onOpen }: { onOpen(dialog: HeaderDialog): void }) {
  return (
    <header className="app-header">
      <div className="brand">
        <span className="brand-mark" aria-hidden="true" />
        <h1>Workshop Manager</h1>
      </div>
      <SyncStatusBadge />
      <BrokerStatusBadge />
      <nav className="header-actions" aria-label="Sync and preferences">
        <button type="button" className="button button-ghost" onClick={() => onOpen('preview')}>
          Preview config
        </button>
        <button type="button" className="button button-ghost" onClick={() => onOpen('history')}>
          Push history
        </button>
        <button type="button" className="button button-ghost" onClick={() => onOpen('preferences')}>
          Preferences
        </button>
        <PushButton />
      </nav>
    </header>
  );
}
