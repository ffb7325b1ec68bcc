import { EventEmitter } from 'node:events';
import { describe, expect, it, vi } from 'vitest';
import {
  createNotificationHolder,
  MAX_HELD_NOTIFICATIONS,
} from '../../src-main/electron/shown-notifications';

class FakeNotification extends EventEmitter {
  readonly show = vi.fn();
}

describe('createNotificationHolder', () => {
  const setup = () => {
    const made: FakeNotification[] = [];
    const onClick = vi.fn();
    const holder = createNotificationHolder({
      create: () => {
        const n = new FakeNotification();
        made.push(n);
        return n;
      },
      onClick,
    });
    return { made, onClick, holder };
  };

  it('holds a shown notification (Electron would let it be collected) until it is clicked', () => {
    const { made, onClick, holder } = setup();
    holder.show('Push failed', 'Bridge unreachable');
    expect(made[0]?.show).toHaveBeenCalled();
    expect(holder.heldCount()).toBe(1);
    made[0]?.emit('click');
    expect(onClick).toHaveBeenCalledTimes(1);
    expect(holder.heldCount()).toBe(0);
  });

  it.each(['close', 'failed'])('lets go of one that is %s', (event) => {
    const { made, holder } = setup();
    holder.show('a', 'b');
    made[0]?.emit(event);
    expect(holder.heldCount()).toBe(0);
  });

  it('holds at most a bounded number, dropping the oldest', () => {
    const { holder } = setup();
    for (let i = 0; i < MAX_HELD_NOTIFICATIONS + 5; i++) holder.show(`n${i}`, '');
    expect(holder.heldCount()).toBe(MAX_HELD_NOTIFICATIONS);
  });
});
