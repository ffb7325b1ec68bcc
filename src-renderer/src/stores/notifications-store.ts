/**
 * Turns push outcomes into toasts. Manual pushes always answer the person who pressed the button; automatic
 * outcomes (push.notice) follow the Notifications preference. How a toast looks is the presenter's business.
 *
 * One toast per concern: every piece of push news uses one toast id, so newer news (revision 8's failure, the
 * recovery) replaces older news in place, and a failure toast closes by itself once the status shows the
 * problem is gone (in sync again, or another bridge URL).
 */
import { createStore } from 'zustand/vanilla';
import {
  type NotificationLevel,
  noticeWanted,
  type PushNotice,
  type PushOutcome,
  pushFailureTitle,
  type Result,
  type SyncStatus,
} from '../../../src-shared';
import { formatDuration } from '../lib/format-time';

export type NoticeTone = 'success' | 'error';

export interface ShownNotice {
  id: string;
  tone: NoticeTone;
  title: string;
  message: string;
}

export interface ToastPresenter {
  /** Errors stay until dismissed; successes fade. */
  show(notice: ShownNotice): void;
  dismiss(id: string): void;
}

export interface NotificationsState {
  /** Newest first, at most 50: what the person was told this session. */
  recent: ShownNotice[];
  show(notice: Omit<ShownNotice, 'id'> & { id?: string }): void;
  manualPushResult(result: Result<PushOutcome>): void;
  pushNotice(notice: PushNotice, level: NotificationLevel): void;
  /** Every sync.status: closes a push failure toast whose problem is gone. */
  syncStatus(status: SyncStatus): void;
}

export type NotificationsStore = ReturnType<typeof createNotificationsStore>;

/** The one toast id of push news (manual answers and automatic notices alike). */
export const PUSH_NEWS_ID = 'push-news';

function attempts(n: number) {
  return `${n} attempt${n === 1 ? '' : 's'}`;
}

export function describeOutcome(outcome: PushOutcome): Omit<ShownNotice, 'id'> {
  if (outcome.ok) {
    return {
      tone: 'success',
      title: 'Config pushed',
      message: `Revision ${outcome.revision} reached the bridge (HTTP ${outcome.status}, ${attempts(outcome.attempts)}, ${formatDuration(outcome.durationMs)}).`,
    };
  }
  const status = outcome.status ? `HTTP ${outcome.status}, ` : '';
  return {
    tone: 'error',
    title: pushFailureTitle(outcome),
    message: `${outcome.message} (revision ${outcome.revision}, ${status}${attempts(outcome.attempts)})`,
  };
}

export function createNotificationsStore(presenter: ToastPresenter) {
  let counter = 0;
  /** The bridge URL of the latest status, and the one a shown failure toast is about. */
  let currentUrl: string | null = null;
  let failureShownFor: string | null = null;
  return createStore<NotificationsState>()((set, get) => {
    const pushNews = (notice: Omit<ShownNotice, 'id'>) => {
      failureShownFor = notice.tone === 'error' ? (currentUrl ?? '') : null;
      get().show({ ...notice, id: PUSH_NEWS_ID });
    };
    return {
      recent: [],
      show(notice) {
        counter += 1;
        const shown: ShownNotice = { ...notice, id: notice.id ?? `notice-${counter}` };
        set(({ recent }) => ({ recent: [shown, ...recent].slice(0, 50) }));
        presenter.show(shown);
      },
      manualPushResult(result) {
        if (result.ok) pushNews(describeOutcome(result.value));
        else pushNews({ tone: 'error', title: 'Push failed', message: result.error.message });
      },
      pushNotice(notice, level) {
        // The button's own answer already told the person about a manual push; a notice would say it twice.
        if (notice.trigger === 'manual') return;
        const failure = notice.kind === 'failure';
        if (noticeWanted(notice.kind, level)) {
          pushNews({ tone: failure ? 'error' : 'success', title: notice.title, message: notice.message });
        } else if (!failure && failureShownFor !== null) {
          // Good news nobody asked to hear still ends the bad news on screen.
          presenter.dismiss(PUSH_NEWS_ID);
          failureShownFor = null;
        }
      },
      syncStatus(status) {
        currentUrl = status.bridgeUrl;
        if (failureShownFor === null) return;
        const solved =
          (status.state === 'in_sync' && status.lastOutcome?.ok === true) ||
          (failureShownFor !== '' && failureShownFor !== status.bridgeUrl);
        if (!solved) return;
        presenter.dismiss(PUSH_NEWS_ID);
        failureShownFor = null;
      },
    };
  });
}
