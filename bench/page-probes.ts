// In-page scripts as strings: the node tsconfig has no DOM types.
/** Resolves after the next frame has been produced (rAF, then a task: the paint has happened). */
export const NEXT_FRAME = 'new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)))';
/**
 * window.__benchRepaint resolves with ms from the next keydown in the search box to the frame after the first
 * DOM change it causes (React commits a discrete event's update in one synchronous batch).
 */
export const ARM_REPAINT_PROBE = `
  window.__benchRepaint = new Promise((resolve) => {
    setTimeout(() => resolve(-1), 5000);
    const input = document.getElementById('device-search');
    input.addEventListener('keydown', () => {
      const t0 = performance.now();
      const observer = new MutationObserver(() => {
        observer.disconnect();
        requestAnimationFrame(() => setTimeout(() => resolve(performance.now() - t0), 0));
      });
      observer.observe(document.querySelector('main') || document.body, { childList: true, subtree: true, characterData: true });
    }, { once: true, capture: true });
  });
  0; // the script's value: not the promise, or evaluate() would wait for the keystroke it precedes
`;

export async function measureKeystrokes(
  page: import('playwright-core').Page,
  count: number,
): Promise<number[]> {
  const search = page.getByRole('searchbox', { name: 'Search devices' });
  await search.click();
  const out: number[] = [];
  for (let i = 0; i < count + 2; i++) {
    const key = i % 2 === 0 ? '7' : 'Backspace';
    await page.evaluate(ARM_REPAINT_PROBE);
    await page.keyboard.press(key);
    const ms = (await page.evaluate('window.__benchRepaint')) as number;
    if (ms < 0) throw new Error(`bench: keystroke ${key} caused no repaint within 5 s`);
    if (i >= 2) out.push(ms); // the first two warm up
  }
  return out;
}
