/**
 * Turns push outcomes into toasts. Manual pushes always answer the person who pressed the button; automatic
 * outcomes (push.notice) follow the Notifications preference. How a toast looks is the presenter's business.
 */
import { createStore } from 'zustand/vanilla';
import {
  type NotificationLevel,
  noticeWanted,
  type PushNotice,
  type PushOutcome,
  pushFailureTitle,
  type Result,
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
}

export type NotificationsStore = ReturnType<typeof createNotificationsStore>;

/** One id for automatic failures: a streak of failed retries updates one toast instead of stacking many. */
export const AUTO_FAILURE_ID = 'auto-push-failure';

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
  return createStore<NotificationsState>()((set, get) => ({
    recent: [],
    show(notice) {
      counter += 1;
      const shown: ShownNotice = { ...notice, id: notice.id ?? `notice-${counter}` };
      set(({ recent }) => ({ recent: [shown, ...recent].slice(0, 50) }));
      presenter.show(shown);
    },
    manualPushResult(result) {
      if (result.ok) get().show(describeOutcome(result.value));
      else get().show({ tone: 'error', title: 'Push failed', message: result.error.message });
    },
    pushNotice(notice, level) {
      // The button's own answer already told the person about a manual push; a notice would say it twice.
      if (notice.trigger === 'manual') return;
      const failure = notice.kind === 'failure';
      if (!noticeWanted(notice.kind, level)) return;
      if (!failure) presenter.dismiss(AUTO_FAILURE_ID);
      get().show({
        tone: failure ? 'error' : 'success',
        title: notice.title,
        message: notice.message,
        ...(failure ? { id: AUTO_FAILURE_ID } : {}),
      });
    },
  }));
}
