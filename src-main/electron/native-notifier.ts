import type { NotificationLevel, PushNotice } from '../../src-shared';
import type { Notifier } from '../core/ports';
import { shouldShowNativeNotice } from './notification-policy';

/** The Notifier port over a native notification API, following the `notifications` preference. */
export function createNativeNotifier(deps: {
  level(): NotificationLevel;
  windowFocused(): boolean;
  /** Shows one native notification; false when the platform has none. */
  show(title: string, body: string): boolean;
  log: { warn(message: string): void };
}): Notifier {
  return {
    notify(notice: PushNotice) {
      if (!shouldShowNativeNotice(notice, deps.level(), deps.windowFocused())) return;
      try {
        if (!deps.show(notice.title, notice.message)) {
          deps.log.warn(`native notifications unsupported here; "${notice.title}" shown in the window only`);
        }
      } catch (error) {
        // A notification daemon that fails must never fail a push.
        deps.log.warn(`native notification "${notice.title}" failed: ${String(error)}`);
      }
    },
  };
}
