import { type NotificationLevel, noticeWanted, type PushNotice } from '../../src-shared';

/**
 * Whether a push notice becomes a native notification: as the Notifications preference says
 * (src-shared/notification-policy.ts), and never while the window has focus — in-window toasts are the
 * renderer's; a native one is for when the user is looking elsewhere.
 */
export function shouldShowNativeNotice(
  notice: Pick<PushNotice, 'kind'>,
  level: NotificationLevel,
  windowFocused: boolean,
): boolean {
  return !windowFocused && noticeWanted(notice.kind, level);
}
