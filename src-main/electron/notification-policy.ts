import type { NotificationLevel, PushNotice } from '../../src-shared';

/**
 * Whether a push notice becomes a native notification. In-window toasts are the renderer's and always shown;
 * a native one is for when the user is looking elsewhere, so never while the window has focus.
 * all → every notice; errors → failures and recoveries (the user wants to know it broke and that it is fixed);
 * off → none.
 */
export function shouldShowNativeNotice(
  notice: Pick<PushNotice, 'kind'>,
  level: NotificationLevel,
  windowFocused: boolean,
): boolean {
  if (windowFocused) return false;
  switch (level) {
    case 'all':
      return true;
    case 'errors':
      return notice.kind === 'failure' || notice.kind === 'recovered';
    case 'off':
      return false;
    default: {
      const unknownLevel: never = level;
      throw new Error(`unknown notifications level ${String(unknownLevel)}`);
    }
  }
}
