/**
 * In the browser host, the system notifications that Electron's host shows natively: the browser's Notification
 * API, once the person allowed it, for push news that arrives while the tab is in the background.
 */

export interface BrowserNotices {
  /** 'unsupported' when the browser has no Notification API. */
  permission(): NotificationPermission | 'unsupported';
  /** Asks the browser (must run inside a click). */
  request(): Promise<NotificationPermission>;
  /** Whether the person is looking elsewhere: only then is a system notification worth it. */
  inBackground(): boolean;
  show(title: string, body: string): void;
}

/** Over the window's own Notification API; null in Electron (main shows native notices) or without the API. */
export function browserNotices(win: Window): BrowserNotices | null {
  if (win.workshop) return null;
  const api = (win as Window & { Notification?: typeof Notification }).Notification;
  return {
    permission: () => (api ? api.permission : 'unsupported'),
    request: async () => (api ? api.requestPermission() : 'denied'),
    inBackground: () => win.document.visibilityState === 'hidden' || !win.document.hasFocus(),
    show(title, body) {
      if (api?.permission !== 'granted') return;
      // One tag: a newer notice replaces the older one instead of piling up.
      new api(title, { body, tag: 'workshop-manager-push' });
    },
  };
}
