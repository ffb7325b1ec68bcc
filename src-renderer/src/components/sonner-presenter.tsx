import { toast } from 'sonner';
import type { ToastPresenter } from '../stores/notifications-store';
import { ToastCard } from './toast-card';

const SUCCESS_MS = 5000;

/** Shows notices with sonner: errors stay until dismissed, successes fade. */
export const sonnerPresenter: ToastPresenter = {
  show(notice) {
    toast.custom((id) => <ToastCard notice={notice} onDismiss={() => toast.dismiss(id)} />, {
      id: notice.id,
      duration: notice.tone === 'error' ? Number.POSITIVE_INFINITY : SUCCESS_MS,
    });
  },
  dismiss: (id) => toast.dismiss(id),
};
