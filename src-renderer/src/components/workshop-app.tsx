import { useEffect, useState } from 'react';
import { Toaster } from 'sonner';
import type { Device, DeviceFields, WorkshopApi } from '../../../src-shared';
import type { BrowserNotices } from '../lib/browser-notices';
import { type AppStores, connectStores, createAppStores } from '../stores/app-stores';
import type { ToastPresenter } from '../stores/notifications-store';
import { StoresContext } from '../stores/stores-context';
import { AppHeader } from './app-header';
import { BulkDeleteDialog } from './bulk-delete-dialog';
import { BulkSetDialog } from './bulk-set-dialog';
import { DeleteDialog } from './delete-dialog';
import { DeviceEditor } from './device-editor';
import { DeviceList } from './device-list';
import { DiscoverPanel } from './discover-panel';
import { ExportDialog } from './export-dialog';
import { HeldPushesBanner } from './held-pushes-banner';
import { HistoryDialog } from './history-dialog';
import { ImportDialog } from './import-dialog';
import { LiveDialog } from './live-dialog';
import { PreferencesDialog } from './preferences-dialog';
import { PreviewDialog } from './preview-dialog';
import { sonnerPresenter } from './sonner-presenter';

type OpenDialog =
  | { kind: 'editor'; device: Device | null; draft?: DeviceFields; fromDiscovery?: boolean }
  | { kind: 'discover'; resume: boolean }
  | { kind: 'delete'; device: Device }
  | { kind: 'live'; device: Device }
  | { kind: 'preferences' }
  | { kind: 'history' }
  | { kind: 'preview' }
  | { kind: 'import' }
  | { kind: 'export' }
  | { kind: 'bulk-set' }
  | { kind: 'bulk-delete' };

export interface WorkshopAppProps {
  api: WorkshopApi;
  presenter?: ToastPresenter;
  /** The browser's system notifications (web host only). */
  systemNotices?: BrowserNotices | null;
}

/** The whole window: header, device list, one dialog at a time, toasts. */
export function WorkshopApp({ api, presenter = sonnerPresenter, systemNotices = null }: WorkshopAppProps) {
  const [stores] = useState<AppStores>(() => createAppStores(api, presenter, systemNotices));
  const [dialog, setDialog] = useState<OpenDialog | null>(null);
  useEffect(() => connectStores(stores), [stores]);

  const close = () => setDialog(null);
  return (
    <StoresContext value={stores}>
      {/* While a dialog is open the rest of the window is inert: no focus, no clicks, hidden from AT. */}
      <div className="shell" inert={dialog !== null}>
        <AppHeader onOpen={(kind) => setDialog({ kind })} />
        <HeldPushesBanner onOpenPreferences={() => setDialog({ kind: 'preferences' })} />
        <DeviceList
          onAdd={() => setDialog({ kind: 'editor', device: null })}
          onDiscover={() => setDialog({ kind: 'discover', resume: false })}
          onEdit={(device) => setDialog({ kind: 'editor', device })}
          onDelete={(device) => setDialog({ kind: 'delete', device })}
          onLive={(device) => setDialog({ kind: 'live', device })}
          onImport={() => setDialog({ kind: 'import' })}
          onExport={() => setDialog({ kind: 'export' })}
          onBulkSet={() => setDialog({ kind: 'bulk-set' })}
          onBulkDelete={() => setDialog({ kind: 'bulk-delete' })}
        />
      </div>
      {dialog?.kind === 'editor' ? (
        <DeviceEditor
          device={dialog.device}
          draft={dialog.draft ?? null}
          onClose={dialog.fromDiscovery ? () => setDialog({ kind: 'discover', resume: true }) : close}
        />
      ) : null}
      {dialog?.kind === 'discover' ? (
        <DiscoverPanel
          resume={dialog.resume}
          onAdd={(meter) =>
            setDialog({ kind: 'editor', device: null, draft: meter.suggestion, fromDiscovery: true })
          }
          onOpen={(meter) => {
            const device = stores.devices.getState().devices.find((d) => d.id === meter.existing?.id);
            if (device) setDialog({ kind: 'editor', device, fromDiscovery: true });
          }}
          onPreferences={() => setDialog({ kind: 'preferences' })}
          onClose={close}
        />
      ) : null}
      {dialog?.kind === 'live' ? <LiveDialog device={dialog.device} onClose={close} /> : null}
      {dialog?.kind === 'delete' ? <DeleteDialog device={dialog.device} onClose={close} /> : null}
      {dialog?.kind === 'preferences' ? <PreferencesDialog onClose={close} /> : null}
      {dialog?.kind === 'history' ? <HistoryDialog onClose={close} /> : null}
      {dialog?.kind === 'preview' ? <PreviewDialog onClose={close} /> : null}
      {dialog?.kind === 'import' ? <ImportDialog onClose={close} /> : null}
      {dialog?.kind === 'export' ? <ExportDialog onClose={close} /> : null}
      {dialog?.kind === 'bulk-set' ? <BulkSetDialog onClose={close} /> : null}
      {dialog?.kind === 'bulk-delete' ? <BulkDeleteDialog onClose={close} /> : null}
      <Toaster position="bottom-right" visibleToasts={5} expand gap={10} toastOptions={{ unstyled: true }} />
    </StoresContext>
  );
}
