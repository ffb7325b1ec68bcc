import { describe, expect, it, vi } from 'vitest';
import { createNativeNotifier } from '../../src-main/electron/native-notifier';
import { shouldShowNativeNotice } from '../../src-main/electron/notification-policy';
import { type NotificationLevel, noticeWanted, type PushNotice } from '../../src-shared';

const kinds = ['success', 'failure', 'recovered'] as const;

describe('shouldShowNativeNotice', () => {
  it('follows the Notifications preference while the window is in the background', () => {
    for (const level of ['all', 'errors', 'off'] as const) {
      for (const kind of kinds)
        expect(shouldShowNativeNotice({ kind }, level, false)).toBe(noticeWanted(kind, level));
    }
    expect(shouldShowNativeNotice({ kind: 'failure' }, 'errors', false)).toBe(true);
  });

  it('never shows a native notification while the window has focus (the toast is enough)', () => {
    for (const level of ['all', 'errors', 'off'] as const) {
      for (const kind of kinds) expect(shouldShowNativeNotice({ kind }, level, true)).toBe(false);
    }
  });
});

const notice = (kind: PushNotice['kind']): PushNotice => ({
  kind,
  trigger: 'retry',
  title: kind === 'failure' ? 'Bridge unreachable' : 'Bridge in sync',
  message: 'push: revision 12 attempt 4/4 failed: ECONNREFUSED (http://iot-bridge:8080)',
  outcome: {
    ok: false,
    kind: 'unreachable',
    message: 'ECONNREFUSED',
    attempts: 4,
    durationMs: 7000,
    revision: 12,
    configHash: 'abc',
  },
});

describe('createNativeNotifier', () => {
  const setup = (level: NotificationLevel, focused: boolean, show = vi.fn(() => true)) => {
    const warn = vi.fn();
    const notifier = createNativeNotifier({
      level: () => level,
      windowFocused: () => focused,
      show,
      log: { warn },
    });
    return { notifier, show, warn };
  };

  it('shows the notice title and message when the policy says so', () => {
    const { notifier, show } = setup('errors', false);
    notifier.notify(notice('failure'));
    expect(show).toHaveBeenCalledWith('Bridge unreachable', notice('failure').message);
  });

  it('reads the preference at each notice, so a change applies at once', () => {
    let level: NotificationLevel = 'off';
    const show = vi.fn(() => true);
    const notifier = createNativeNotifier({
      level: () => level,
      windowFocused: () => false,
      show,
      log: { warn() {} },
    });
    notifier.notify(notice('failure'));
    level = 'all';
    notifier.notify(notice('failure'));
    expect(show).toHaveBeenCalledTimes(1);
  });

  it('stays silent while focused', () => {
    const { notifier, show } = setup('all', true);
    notifier.notify(notice('failure'));
    expect(show).not.toHaveBeenCalled();
  });

  it('logs, never throws, when the platform fails to show one', () => {
    const { notifier, warn } = setup(
      'all',
      false,
      vi.fn(() => {
        throw new Error('no D-Bus');
      }),
    );
    expect(() => notifier.notify(notice('failure'))).not.toThrow();
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('no D-Bus'));
  });
});
