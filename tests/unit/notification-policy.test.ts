import { describe, expect, it } from 'vitest';
import { type NotificationLevel, noticeWanted } from '../../src-shared';

describe('noticeWanted (the Notifications preference, for toasts, native and browser notifications)', () => {
  it.each([
    ['all', 'success', true],
    ['all', 'failure', true],
    ['all', 'recovered', true],
    ['errors', 'success', false],
    ['errors', 'failure', true],
    ['errors', 'recovered', true],
    ['off', 'success', false],
    ['off', 'failure', false],
    ['off', 'recovered', false],
  ] as const)('with "%s", a %s notice is wanted: %s', (level, kind, expected) => {
    expect(noticeWanted(kind, level)).toBe(expected);
  });

  it('refuses a level it does not know instead of guessing', () => {
    expect(() => noticeWanted('failure', 'loud' as NotificationLevel)).toThrow(/unknown notifications level/);
  });
});
