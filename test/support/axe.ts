import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Frame, Page } from 'playwright-core';

/** axe-core's own build, read once: injected into each page as its source, nothing fetched. */
const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** The rules the issue asks for: WCAG 2.0 A/AA and 2.1 AA. */
export const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

export type Impact = 'minor' | 'moderate' | 'serious' | 'critical';

export interface AxeReport {
  page: string;
  counts: Record<Impact, number>;
  /** Serious and critical violations: rule, impact, help text and the elements, for the failure message. */
  blocking: string[];
  /** Every violation in one line each, to read in the test's output. */
  all: string[];
}

/**
 * Run axe-core in the page or frame as it is now. The source goes in as a script tag when the
 * page's CSP allows it (pages served without a nonce), else it is evaluated through the DevTools
 * protocol, which CSP does not govern: either way the page keeps its own policy, so what axe sees
 * is what users get. Counts are by violated rule (not by element), like axe's own summary.
 */
export async function runAxe(target: Page | Frame, name: string): Promise<AxeReport> {
  const present = () => target.evaluate(() => typeof (window as unknown as { axe?: unknown }).axe === 'object');
  if (!(await present())) {
    await target.addScriptTag({ content: AXE_SOURCE }).catch(() => undefined);
    if (!(await present())) await target.evaluate(AXE_SOURCE);
  }
  const violations = await target.evaluate(async (tags) => {
    const axe = (window as unknown as { axe: { run(context: unknown, options: unknown): Promise<{ violations: { id: string; impact: string; help: string; nodes: { target: string[] }[] }[] }> } }).axe;
    // Frames are checked on their own (each is a page of ours with its own CSP), not through the parent.
    const result = await axe.run({ exclude: [['iframe']] }, { runOnly: { type: 'tag', values: tags }, iframes: false, resultTypes: ['violations'] });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, targets: v.nodes.slice(0, 5).map((n) => n.target.join(' ')) }));
  }, AXE_TAGS);
  const counts: Record<Impact, number> = { minor: 0, moderate: 0, serious: 0, critical: 0 };
  for (const v of violations) counts[v.impact as Impact] += 1;
  const line = (v: (typeof violations)[number]) => `${name}: ${v.impact} ${v.id} (${v.help}) at ${v.targets.join(' | ')}`;
  return {
    page: name,
    counts,
    blocking: violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map(line),
    all: violations.map(line),
  };
}

export interface KeyboardWalk {
  /** Controls a user can operate (visible, enabled, focusable) that Tab never reached. */
  unreached: string[];
  /** Elements Tab reached that showed no focus indicator (outline or box-shadow). */
  noFocusStyle: string[];
  /** How many distinct elements Tab reached. */
  reached: number;
}

/**
 * Press Tab from the top of the page until focus comes round again (or `maxTabs`), noting every
 * element reached and whether it shows a focus indicator; then list the operable controls never reached.
 * Every element focused gets a `data-kb-reached` mark so that the two lists can be compared in the page.
 */
export async function keyboardWalk(page: Page, maxTabs = 150): Promise<KeyboardWalk> {
  await page.evaluate(() => {
    // Each walk stands alone: marks left by an earlier walk of this page (another viewport) are cleared.
    for (const e of document.querySelectorAll('[data-kb-reached]')) e.removeAttribute('data-kb-reached');
    (document.activeElement as HTMLElement | null)?.blur();
    window.scrollTo(0, 0);
  });
  const noFocusStyle = new Set<string>();
  let first: string | undefined;
  let reached = 0;
  for (let i = 0; i < maxTabs; i++) {
    await page.keyboard.press('Tab');
    const seen = await page.evaluate(async () => {
      // Let focus settle (a date field moves it between its inner segments) before reading it.
      await new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)));
      const el = document.activeElement as HTMLElement | null;
      if (!el || el === document.body || !el.matches(':focus')) return undefined;
      const describe = (e: Element) =>
        `${e.tagName.toLowerCase()}${e.id ? `#${e.id}` : ''}${e.getAttribute('name') ? `[name=${e.getAttribute('name')}]` : ''} “${(e.getAttribute('aria-label') ?? e.textContent ?? '').trim().slice(0, 40)}”`;
      const already = el.hasAttribute('data-kb-reached');
      el.setAttribute('data-kb-reached', '');
      const style = getComputedStyle(el);
      // An iframe holds focus for its document: its own elements are walked when that page is checked.
      const shows = el.tagName === 'IFRAME' || (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0) || style.boxShadow !== 'none';
      return { key: describe(el), already, shows };
    });
    if (!seen) continue;
    if (seen.already && seen.key === first) break;
    first ??= seen.key;
    if (!seen.already) reached++;
    if (!seen.shows) noFocusStyle.add(seen.key);
  }
  const unreached = await page.evaluate(() => {
    const operable = 'a[href], button:not([disabled]), input:not([disabled]):not([type=hidden]), select:not([disabled]), textarea:not([disabled]), summary, [tabindex]:not([tabindex="-1"])';
    const visible = (e: HTMLElement) => {
      const r = e.getBoundingClientRect();
      const s = getComputedStyle(e);
      // checkVisibility: false inside a closed <details> too (folded filters are reached by opening their summary).
      return r.width > 0 && r.height > 0 && s.visibility !== 'hidden' && !e.closest('[inert], [hidden]') && e.checkVisibility({ contentVisibilityAuto: true, visibilityProperty: true });
    };
    // Of a radio group only the checked (or first) one is in the tab order: the arrows reach the rest.
    const groupStand = (e: HTMLElement) =>
      !(e instanceof HTMLInputElement && e.type === 'radio') || e.checked || !document.querySelector(`input[type=radio][name="${CSS.escape(e.name)}"]:checked`);
    return [...document.querySelectorAll<HTMLElement>(operable)]
      .filter((e) => visible(e) && groupStand(e) && !e.hasAttribute('data-kb-reached') && !(e instanceof HTMLInputElement && e.type === 'radio' && document.querySelector(`input[type=radio][name="${CSS.escape(e.name)}"][data-kb-reached]`)))
      .map((e) => `${e.tagName.toLowerCase()}${e.id ? `#${e.id}` : ''} “${(e.getAttribute('aria-label') ?? e.textContent ?? '').trim().slice(0, 40)}”`);
  });
  return { unreached, noFocusStyle: [...noFocusStyle], reached };
}

/** One line per page for the test output: `page: critical 0, serious 0, moderate 1, minor 0`. */
export function countsLine(report: AxeReport): string {
  const c = report.counts;
  return `${report.page}: critical ${c.critical}, serious ${c.serious}, moderate ${c.moderate}, minor ${c.minor}`;
}
