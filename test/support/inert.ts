import type { Frame, Page } from 'playwright-core';
import { expect } from 'vitest';

/**
 * Hostile values to plant in user-controlled fields. Each sets `window.__pwned` if it is ever parsed
 * as markup or script (or evaluated as a template), requests `x` or evil.example if an element is
 * made of it, and is recognisable when shown as text.
 */
export const HOSTILE = {
  img: '<img src=x onerror=window.__pwned=1>',
  script: '"><script>window.__pwned=1</script>',
  svg: "<svg onload=window.__pwned=1 xmlns='http://evil.example/'>",
  template: '{{7*7}}${7*7}',
  textarea: '</textarea><script>window.__pwned=1</script>',
  jsUrl: 'javascript:window.__pwned=1',
} as const;

/** What a page did that planted text must never make it do. */
export interface Watch {
  problems: string[];
}

/**
 * Note every dialog, every request that leaves for somewhere other than `origins` (or that fetches
 * the `x` of a planted `<img src=x>`), every CSP complaint (planted code parsed as code and refused)
 * and every uncaught error, on this page and its frames.
 */
export function watch(page: Page, origins: string[]): Watch {
  const problems: string[] = [];
  page.on('dialog', (dialog) => {
    problems.push(`dialog: ${dialog.message()}`);
    void dialog.dismiss().catch(() => undefined);
  });
  page.on('request', (request) => {
    const url = request.url();
    if (/^(data|blob|about):/.test(url)) return;
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      problems.push(`request to ${url}`);
      return;
    }
    if (!origins.includes(parsed.origin) || /\/x$/.test(parsed.pathname) || /evil\.example|pwned/i.test(url)) problems.push(`request to ${url}`);
  });
  page.on('console', (message) => {
    if (/Content Security Policy|Refused to (execute|load|apply|evaluate)/i.test(message.text())) problems.push(`CSP: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  return { problems };
}

/** In this frame: whether a planted value set `__pwned`, or became an element with a handler or a script. */
async function frameFindings(frame: Frame): Promise<string[]> {
  return frame
    .evaluate(() => {
      const found: string[] = [];
      if ((window as unknown as { __pwned?: unknown }).__pwned !== undefined) found.push('window.__pwned was set');
      for (const el of Array.from(document.querySelectorAll('*'))) {
        for (const attr of Array.from(el.attributes)) {
          if (/^on/i.test(attr.name) && /__pwned/.test(attr.value)) found.push(`<${el.tagName.toLowerCase()} ${attr.name}> made of planted text`);
          if (/^(href|src|action|formaction)$/i.test(attr.name) && /^\s*javascript:.*__pwned/i.test(attr.value)) found.push(`<${el.tagName.toLowerCase()} ${attr.name}="${attr.value}">`);
        }
      }
      // A JSON data block (type application/json) is never run; what it carries is data.
      for (const script of Array.from(document.scripts)) if (script.type !== 'application/json' && /__pwned/.test(script.text)) found.push('a <script> made of planted text');
      return found;
    })
    .catch((error: Error) => (/detached|destroyed|navigat/i.test(error.message) ? [] : [`frame ${frame.url()}: ${error.message}`]));
}

/**
 * The page, in every frame, after planted handlers had a moment to fire: no `__pwned`, no element or
 * script made of planted text, nothing noted by `watch`; and each of `shown` appears literally in the
 * text of some frame (textContent, so that text in a closed <details> counts).
 */
export async function expectInert(page: Page, watched: Watch, where: string, shown: string[] = []): Promise<void> {
  await page.waitForTimeout(300);
  const findings: string[] = [];
  const texts: string[] = [];
  for (const frame of page.frames()) {
    findings.push(...(await frameFindings(frame)));
    texts.push(await frame.evaluate(() => `${document.title}\n${document.body?.innerText ?? ''}\n${document.body?.textContent ?? ''}`).catch(() => ''));
  }
  expect([...findings, ...watched.problems], where).toEqual([]);
  const text = texts.join('\n');
  const missing = shown.filter((s) => !text.includes(s));
  expect(missing, `${where}: planted text not shown literally`).toEqual([]);
}
