/**
 * The pure part of dragging a threshold line on the power chart (src-renderer/src/lib/threshold-drag.ts): which
 * line a pointer takes hold of, and the value a drag sets. The drag itself runs in Chromium
 * (tests/e2e/live-dialog.e2e.test.ts).
 */
import { describe, expect, it } from 'vitest';
import { draggedWatts, GRAB_PX, lineNear } from '../../src-renderer/src/lib/threshold-drag';

// 0 W at y = 260, 1 px per 2 W upwards.
const toY = (watts: number) => 260 - watts / 2;
const lines = { standbyW: 20, workingW: 100 };

describe('taking hold of a threshold line', () => {
  it('takes the line within a few pixels, the nearer one, and nothing farther away', () => {
    expect(lineNear(toY(100), lines, toY)).toBe('working');
    expect(lineNear(toY(20) + GRAB_PX, lines, toY)).toBe('standby');
    expect(lineNear(toY(20) + GRAB_PX + 1, lines, toY)).toBeNull();
    expect(lineNear(toY(60), lines, toY)).toBeNull();
    // Lines 4 px apart: the pointer gets the nearer one.
    const close = { standbyW: 96, workingW: 104 };
    expect(lineNear(toY(97), close, toY)).toBe('standby');
    expect(lineNear(toY(103), close, toY)).toBe('working');
  });
});

describe('the value a drag sets', () => {
  it('is whole watts, tenths below 10 W', () => {
    expect(draggedWatts('working', 412.6, lines)).toBe(413);
    expect(draggedWatts('standby', 7.34, lines)).toBe(7.3);
  });

  it('keeps standby below working and both within 0 … 100,000 W', () => {
    expect(draggedWatts('standby', 250, lines)).toBe(99);
    expect(draggedWatts('standby', -40, lines)).toBe(0);
    expect(draggedWatts('working', 3, lines)).toBe(21);
    expect(draggedWatts('working', 250_000, lines)).toBe(100_000);
  });
});
