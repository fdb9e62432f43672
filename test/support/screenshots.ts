import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Page } from 'playwright-core';

/** Where every e2e run leaves its screenshots (git-ignored via test-results/), so anyone can look at the main screens. */
export const SCREENS_DIR = resolve(process.env.SCREENS_DIR ?? join(process.cwd(), 'test-results', 'screens'));

/** Viewports the journeys run at (the phone and desktop sizes). */
export const PHONE = { width: 390, height: 844 } as const;
export const DESKTOP = { width: 1280, height: 800 } as const;

/** 'phone' at or under 600 px wide, else 'desktop': the suffix comes from the page's own viewport, so callers name only the screen. */
export function sizeOf(page: Page): 'phone' | 'desktop' {
  const width = page.viewportSize()?.width ?? DESKTOP.width;
  return width <= 600 ? 'phone' : 'desktop';
}

const SAFE_NAME = /^[a-z0-9][a-z0-9-]{0,80}$/;

/**
 * Saves the page as test-results/screens/<name>-<phone|desktop>.png (full page) and returns the path.
 * name: kebab-case, e.g. 'catalog-list' or 'queue-after-bulk-confirm'. A later call with the same name overwrites.
 */
export async function screenshot(page: Page, name: string): Promise<string> {
  if (!SAFE_NAME.test(name)) throw new Error(`screenshot name must be kebab-case (a-z, 0-9, -), at most 81 characters: ${JSON.stringify(name)}`);
  await mkdir(SCREENS_DIR, { recursive: true });
  const path = join(SCREENS_DIR, `${name}-${sizeOf(page)}.png`);
  await page.screenshot({ path, fullPage: true, animations: 'disabled' });
  return path;
}
