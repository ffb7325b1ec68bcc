/**
 * Layout checks for tests/e2e/fit-screens.e2e.test.ts, measured in the page by Chromium's own layout: is any
 * text cut (ellipsis, clipped by an ancestor, outside the window), does a box scroll sideways, can a control be
 * clicked where it shows. Each answer is a list of problems in words, empty when all is well, so a failure says
 * what is wrong and where.
 */
import type { Locator, Page } from 'playwright-core';

// The functions given to evaluate() run in Chromium. This file compiles against Node's types (tsconfig.node.json),
// so the few page globals and element members they use are declared here, for this module only.
interface Box {
  left: number;
  top: number;
  right: number;
  bottom: number;
  width: number;
  height: number;
}
interface PageStyle {
  overflowX: string;
  overflowY: string;
  textOverflow: string;
  borderRightWidth: string;
  paddingRight: string;
  color: string;
  backgroundColor: string;
  boxShadow: string;
  getPropertyValue(name: string): string;
}
interface PageElement {
  tagName: string;
  className: string;
  textContent: string | null;
  parentElement: PageElement | null;
  scrollWidth: number;
  clientWidth: number;
  scrollHeight: number;
  clientHeight: number;
  getBoundingClientRect(): Box;
  getAttribute(name: string): string | null;
  closest(selector: string): PageElement | null;
  contains(other: PageElement): boolean;
  querySelectorAll(selector: string): Iterable<PageElement>;
  matches(selector: string): boolean;
  style: { color: string };
  append(child: PageElement): void;
  remove(): void;
}
interface PageTextNode {
  textContent: string | null;
  parentElement: PageElement | null;
}
declare const window: { innerWidth: number; innerHeight: number };
declare const document: {
  documentElement: PageElement;
  body: PageElement;
  activeElement: PageElement | null;
  createElement(tag: string): PageElement;
  createTreeWalker(root: PageElement, show: number): { nextNode(): PageTextNode | null };
  createRange(): { selectNodeContents(node: PageTextNode): void; getClientRects(): Iterable<Box> };
  elementFromPoint(x: number, y: number): PageElement | null;
};
declare const NodeFilter: { SHOW_TEXT: number };
declare function getComputedStyle(element: PageElement): PageStyle;

/**
 * Problems with the visible text inside `root`: cut by an ellipsis or an ancestor's clip, or off the window.
 * `sideways` looks at left and right only (for a box that may scroll up and down).
 */
export function textCutProblems(root: Locator, only: 'all' | 'sideways' = 'all'): Promise<string[]> {
  return root.evaluate((node, sidewaysOnly) => {
    const element = node as unknown as PageElement;
    const problems: string[] = [];
    const slack = 1;
    const viewport = {
      left: 0,
      top: 0,
      right: window.innerWidth,
      bottom: window.innerHeight,
      width: 0,
      height: 0,
    };
    const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const text = node.textContent?.trim() ?? '';
      const parent = node.parentElement;
      // Text kept for screen readers only is clipped on purpose.
      if (!text || !parent || parent.closest('.visually-hidden')) continue;
      const range = document.createRange();
      range.selectNodeContents(node);
      const boxes = [...range.getClientRects()].filter((r) => r.width > 0 && r.height > 0);
      const outside = (r: Box, box: Box) =>
        r.left < box.left - slack ||
        r.right > box.right + slack ||
        (!sidewaysOnly && (r.top < box.top - slack || r.bottom > box.bottom + slack));
      for (const r of boxes) {
        if (outside(r, viewport)) {
          problems.push(
            `“${text}” reaches outside the window (${Math.round(r.left)}–${Math.round(r.right)})`,
          );
          break;
        }
        let cutBy: PageElement | null = null;
        for (let a: PageElement | null = parent; a && a !== document.documentElement; a = a.parentElement) {
          const style = getComputedStyle(a);
          if (style.overflowX === 'visible' && style.overflowY === 'visible') continue;
          if (outside(r, a.getBoundingClientRect())) {
            cutBy = a;
            break;
          }
        }
        if (cutBy) {
          problems.push(`“${text}” is cut by <${cutBy.tagName.toLowerCase()} class="${cutBy.className}">`);
          break;
        }
      }
      const style = getComputedStyle(parent);
      if (style.textOverflow === 'ellipsis' && parent.scrollWidth > parent.clientWidth + slack) {
        problems.push(`“${text}” ends in an ellipsis (${parent.scrollWidth} px in ${parent.clientWidth} px)`);
      }
    }
    return problems;
  }, only === 'sideways');
}

/**
 * Boxes inside `root` (and root itself) that scroll now: `sideways` (a horizontal scrollbar) or `up and down`.
 */
export function scrollProblems(root: Locator, axis: 'sideways' | 'up and down'): Promise<string[]> {
  return root.evaluate((node, across) => {
    const element = node as unknown as PageElement;
    const problems: string[] = [];
    for (const el of [element, ...element.querySelectorAll('*')]) {
      const style = getComputedStyle(el);
      const [overflow, content, box] = across
        ? [style.overflowX, el.scrollWidth, el.clientWidth]
        : [style.overflowY, el.scrollHeight, el.clientHeight];
      if (['auto', 'scroll'].includes(overflow) && content > box + 1) {
        const what = across ? 'sideways' : 'up and down';
        problems.push(
          `<${el.tagName.toLowerCase()} class="${el.className}"> scrolls ${what} (${content} px in ${box} px)`,
        );
      }
    }
    return problems;
  }, axis === 'sideways');
}

/** Whether the page itself scrolls sideways. */
export function pageScrollsSideways(page: Page): Promise<string | null> {
  return page.evaluate(() => {
    const root = document.documentElement;
    return root.scrollWidth > root.clientWidth
      ? `the page is ${root.scrollWidth} px wide in a ${root.clientWidth} px window`
      : null;
  });
}

/**
 * Why a control cannot be clicked as it shows now: outside the window, cut by a scrolling ancestor, or covered
 * by something else at its centre. Null when a click at its centre reaches it.
 */
export function unreachableWhy(control: Locator): Promise<string | null> {
  return control.evaluate((node) => {
    const el = node as unknown as PageElement;
    const r = el.getBoundingClientRect();
    const name = el.getAttribute('aria-label') ?? el.textContent?.trim() ?? el.tagName;
    if (r.width === 0 || r.height === 0) return `${name} has no size`;
    if (r.left < 0 || r.top < 0 || r.right > window.innerWidth + 1 || r.bottom > window.innerHeight + 1) {
      return `${name} is outside the window (${Math.round(r.left)},${Math.round(r.top)}–${Math.round(r.right)},${Math.round(r.bottom)} in ${window.innerWidth}×${window.innerHeight})`;
    }
    for (let a = el.parentElement; a && a !== document.documentElement; a = a.parentElement) {
      const style = getComputedStyle(a);
      if (style.overflowX === 'visible' && style.overflowY === 'visible') continue;
      const box = a.getBoundingClientRect();
      // An ellipsis takes the place of whatever passes the content box, by a fraction of a pixel too.
      const contentRight = box.right - parseFloat(style.borderRightWidth) - parseFloat(style.paddingRight);
      if (style.textOverflow === 'ellipsis' && r.right > contentRight + 0.01) {
        return `${name} is hidden behind an ellipsis of <${a.tagName.toLowerCase()} class="${a.className}">`;
      }
      if (
        r.left < box.left - 1 ||
        r.right > box.right + 1 ||
        r.top < box.top - 1 ||
        r.bottom > box.bottom + 1
      ) {
        return `${name} is cut by <${a.tagName.toLowerCase()} class="${a.className}">`;
      }
    }
    const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
    if (!hit || !(hit === el || el.contains(hit))) {
      return `${name} is covered by <${hit?.tagName.toLowerCase()} class="${hit?.className}">`;
    }
    return null;
  });
}

/** The page's CSS variables as it resolves them (`rgb(…)`); a variable the page does not set is left out. */
export function cssColours(page: Page, names: readonly string[]): Promise<Record<string, string>> {
  return page.evaluate((list) => {
    const probe = document.createElement('div');
    document.body.append(probe);
    const out: Record<string, string> = {};
    for (const name of list) {
      if (!getComputedStyle(document.documentElement).getPropertyValue(name).trim()) continue;
      probe.style.color = '';
      probe.style.color = `var(${name})`;
      out[name] = getComputedStyle(probe).color;
    }
    probe.remove();
    return out;
  }, names);
}

/** One computed style of an element. */
export function styleOf(control: Locator, property: 'backgroundColor' | 'boxShadow'): Promise<string> {
  return control.evaluate((node, p) => getComputedStyle(node as unknown as PageElement)[p], property);
}

/** Whether the element has focus and shows it as keyboard focus (:focus-visible). */
export function showsKeyboardFocus(control: Locator): Promise<boolean> {
  return control.evaluate((node) => {
    const el = node as unknown as PageElement;
    return document.activeElement === el && el.matches(':focus-visible');
  });
}

/** `rgb(1, 2, 3)` or `#rrggbb` → [r, g, b] in 0–255. */
export function parseColour(colour: string): [number, number, number] {
  const hex = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(colour.trim());
  if (hex) return [parseInt(hex[1]!, 16), parseInt(hex[2]!, 16), parseInt(hex[3]!, 16)];
  const rgb = /rgba?\(\s*([\d.]+)[,\s]+([\d.]+)[,\s]+([\d.]+)/.exec(colour);
  if (!rgb) throw new Error(`not a colour: ${colour}`);
  return [Number(rgb[1]), Number(rgb[2]), Number(rgb[3])];
}

/** WCAG 2 contrast ratio of two opaque colours (1 to 21). */
export function contrastRatio(a: string, b: string): number {
  const luminance = (colour: string) => {
    const [r, g, b2] = parseColour(colour).map((c) => {
      const s = c / 255;
      return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
    }) as [number, number, number];
    return 0.2126 * r + 0.7152 * g + 0.0722 * b2;
  };
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}
