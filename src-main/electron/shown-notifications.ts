/**
 * Electron keeps a shown Notification only weakly: once garbage-collected, its click handler never runs
 * (electron/electron#16922). Each shown one is held here until it is clicked, closed or failed; the oldest
 * is let go past a bound so notifications the platform never reports on cannot pile up.
 */

/** The parts of Electron's Notification used here. */
export interface ShowableNotification {
  on(event: 'click' | 'close' | 'failed', listener: () => void): unknown;
  show(): void;
}

export const MAX_HELD_NOTIFICATIONS = 20;

export function createNotificationHolder<N extends ShowableNotification>(options: {
  create(title: string, body: string): N;
  onClick(): void;
}) {
  const held = new Set<N>();
  return {
    /** Shows one notification and holds it until the user or the platform is done with it. */
    show(title: string, body: string): void {
      const notification = options.create(title, body);
      const release = () => {
        held.delete(notification);
      };
      notification.on('click', () => {
        release();
        options.onClick();
      });
      notification.on('close', release);
      notification.on('failed', release);
      held.add(notification);
      if (held.size > MAX_HELD_NOTIFICATIONS) {
        const oldest = held.values().next().value;
        if (oldest) held.delete(oldest);
      }
      notification.show();
    },
    /** How many are held now (for tests and diagnostics). */
    heldCount: () => held.size,
  };
}
