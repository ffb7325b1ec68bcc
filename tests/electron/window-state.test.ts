import { describe, expect, it } from 'vitest';
import { DEFAULT_WINDOW_SIZE, restoreWindowBounds } from '../../src-main/electron/window-state';

const laptop = { x: 0, y: 0, width: 1920, height: 1040 };

describe('restoreWindowBounds', () => {
  it('reopens where the window was when that is on a screen', () => {
    const saved = { x: 100, y: 50, width: 1000, height: 700, maximized: true };
    expect(restoreWindowBounds(saved, [laptop])).toEqual({
      bounds: { x: 100, y: 50, width: 1000, height: 700 },
      maximized: true,
    });
  });

  it('keeps the size but not the position when the monitor it was on is gone', () => {
    const saved = { x: 2500, y: 100, width: 1400, height: 900, maximized: false };
    expect(restoreWindowBounds(saved, [laptop])).toEqual({
      bounds: { width: 1400, height: 900 },
      maximized: false,
    });
  });

  it('shrinks a window larger than every remaining screen', () => {
    const saved = { x: 5000, y: 0, width: 3800, height: 2100, maximized: false };
    expect(restoreWindowBounds(saved, [laptop]).bounds).toEqual({ width: 1920, height: 1040 });
  });

  it('counts a window with only a sliver on screen as off-screen', () => {
    const saved = { x: 1900, y: 100, width: 1000, height: 700, maximized: false };
    expect(restoreWindowBounds(saved, [laptop]).bounds).not.toHaveProperty('x');
  });

  it.each([
    undefined,
    {},
    { x: 'a', y: 0, width: 1000, height: 700, maximized: false },
    { x: 0, y: 0, width: 1, height: 1, maximized: false },
  ])('opens at the default size for a missing or damaged record %j', (saved) => {
    expect(restoreWindowBounds(saved, [laptop])).toEqual({
      bounds: { ...DEFAULT_WINDOW_SIZE },
      maximized: false,
    });
  });
});
