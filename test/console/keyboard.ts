/**
 * Keyboard use of a screen, as someone without a mouse does it: Tab until the control, see that it
 * shows it has the focus, press Enter.
 */
import type { Page } from 'playwright-core';

export interface Focused {
  tag: string;
  role: string | null;
  /** What a screen reader would call it, roughly: aria-label, else its text or value. */
  name: string;
  /**
   * Drawn with a focus ring while it matches :focus-visible: an outline, a box shadow, or for an
   * SVG group a stroke of 3 px or more on its shape.
   */
  visibleFocus: boolean;
}

/**
 * What has the focus, read in the page. A script, not a function: this project's TypeScript has
 * no DOM library (the code runs in Chromium, not in Node).
 */
const FOCUSED = `(() => {
  const element = document.activeElement;
  if (!element || element === document.body) return null;
  const style = getComputedStyle(element);
  const outline = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0;
  const shadow = style.boxShadow !== 'none' && style.boxShadow !== '';
  // An SVG group (a map region) cannot draw an outline: its shape draws a thick stroke instead.
  const ring =
    element instanceof SVGElement &&
    [...element.querySelectorAll('rect, circle, path')].some((shape) => {
      const s = getComputedStyle(shape);
      return s.stroke !== 'none' && parseFloat(s.strokeWidth) >= 3;
    });
  const labelledBy = element.getAttribute('aria-labelledby');
  const labelled = labelledBy
    ? labelledBy.split(/\\s+/).map((id) => document.getElementById(id)?.textContent ?? '').join(' ')
    : '';
  const label =
    element.getAttribute('aria-label') ??
    (labelled || element.labels?.[0]?.textContent || element.innerText || element.value || '');
  return {
    tag: element.tagName.toLowerCase(),
    role: element.getAttribute('role'),
    name: label.replace(/\\s+/g, ' ').trim(),
    visibleFocus: element.matches(':focus-visible') && (outline || shadow || ring),
  };
})()`;

export async function focused(page: Page): Promise<Focused | null> {
  return page.evaluate<Focused | null>(FOCUSED);
}

/**
 * Presses Tab (from where the focus is) until the focused element's name matches; fails with the
 * names it passed. Answers the element reached, which keeps the focus.
 */
export async function tabTo(page: Page, name: RegExp, maxPresses = 80): Promise<Focused> {
  const passed: string[] = [];
  for (let press = 0; press < maxPresses; press++) {
    await page.keyboard.press('Tab');
    const now = await focused(page);
    if (now && name.test(now.name)) return now;
    passed.push(now ? `${now.tag}${now.role ? `[${now.role}]` : ''} "${now.name}"` : '(body)');
  }
  throw new Error(
    `Tab never reached ${String(name)} in ${maxPresses} presses; it went through:\n  ${passed.join('\n  ')}`,
  );
}
