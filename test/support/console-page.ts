import type { Browser, BrowserContext, Page } from 'playwright-core';
import { expect } from 'vitest';

export interface ConsolePage {
  context: BrowserContext;
  page: Page;
  /** Uncaught page errors, and with `consoleMessages` the console's errors and warnings. */
  problems: string[];
}

/**
 * A fresh browser context signed in to the console: `cookie` is a `signedIn()` cookie header
 * (`__Host-ff_ops=…`). The caller closes the context.
 */
export async function signedInConsole(
  browser: Browser,
  cookie: string,
  viewport: { width: number; height: number },
  options: { consoleMessages?: boolean } = {},
): Promise<ConsolePage> {
  const context = await browser.newContext({ viewport });
  await context.addCookies([{ name: '__Host-ff_ops', value: cookie.split('=')[1], domain: '127.0.0.1', path: '/', secure: true, httpOnly: true, sameSite: 'Strict' }]);
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(e.message));
  if (options.consoleMessages) {
    page.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warning') problems.push(m.text());
    });
  }
  return { context, page, problems };
}

/** The page does not scroll sideways (tables scroll inside their own box); names what sticks out when it does. */
export async function fitsTheWidth(page: Page): Promise<void> {
  const measured = await page.evaluate(() => ({
    scrollWidth: document.documentElement.scrollWidth,
    innerWidth: window.innerWidth,
    wide: [...document.querySelectorAll('body *')]
      .filter((el) => el.getBoundingClientRect().right > window.innerWidth + 1 && !el.closest('.table-scroll'))
      .slice(0, 3)
      .map((el) => `${el.tagName.toLowerCase()}.${el.className} ${Math.round(el.getBoundingClientRect().right)}`),
  }));
  expect(measured.scrollWidth, measured.wide.join('; ')).toBeLessThanOrEqual(measured.innerWidth);
}
