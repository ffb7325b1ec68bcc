/**
 * The main window's size and position, remembered between runs. Pure, so placement rules are tested without
 * a screen: a saved position on a monitor that is no longer attached must not open the window off-screen.
 */
import { z } from 'zod';

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export const DEFAULT_WINDOW_SIZE = { width: 1200, height: 800 } as const;
const MIN_VISIBLE = 100;

export const windowStateSchema = z.object({
  x: z.number().int(),
  y: z.number().int(),
  width: z.number().int().min(400).max(20_000),
  height: z.number().int().min(300).max(20_000),
  maximized: z.boolean(),
});
export type WindowState = z.infer<typeof windowStateSchema>;

/** The bounds to open with: the saved ones when enough of them is on an attached display, else the default size. */
export function restoreWindowBounds(
  saved: unknown,
  workAreas: readonly Rect[],
): { bounds: Partial<Rect> & { width: number; height: number }; maximized: boolean } {
  const parsed = windowStateSchema.safeParse(saved);
  if (!parsed.success) return { bounds: { ...DEFAULT_WINDOW_SIZE }, maximized: false };
  const { x, y, width, height, maximized } = parsed.data;
  const visible = workAreas.some((area) => {
    const overlapX = Math.min(x + width, area.x + area.width) - Math.max(x, area.x);
    const overlapY = Math.min(y + height, area.y + area.height) - Math.max(y, area.y);
    return overlapX >= MIN_VISIBLE && overlapY >= MIN_VISIBLE;
  });
  // Off every screen: keep the size (within the largest screen), let the OS place it.
  if (!visible) {
    const widest = workAreas.reduce((max, a) => Math.max(max, a.width), 0) || width;
    const tallest = workAreas.reduce((max, a) => Math.max(max, a.height), 0) || height;
    return { bounds: { width: Math.min(width, widest), height: Math.min(height, tallest) }, maximized };
  }
  return { bounds: { x, y, width, height }, maximized };
}
