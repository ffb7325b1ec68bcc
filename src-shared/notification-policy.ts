import type { NotificationLevel } from './settings';
import type { PushNotice } from './sync';

/**
 * The Notifications preference, the one rule for every place that tells a person about a push (the in-window
 * toasts, the desktop's native notifications, the browser's system notifications):
 * all → every notice; errors → failures and recoveries (it broke, and it is fixed again); off → none.
 * Where and when a notice is shown (only while the window is in the background, for instance) is each place's own.
 */
export function noticeWanted(kind: PushNotice['kind'], level: NotificationLevel): boolean {
  switch (level) {
    case 'all':
      return true;
    case 'errors':
      return kind === 'failure' || kind === 'recovered';
    case 'off':
      return false;
    default: {
      const unknownLevel: never = level;
      throw new Error(`unknown notifications level ${String(unknownLevel)}`);
    }
  }
}
