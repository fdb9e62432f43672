/**
 * page-usable: time from navigation until the catalog is usable in Chromium (the first vehicle
 * card's request button enabled, offers shown: body[data-ready=true]) vs a static page with one
 * enabled button served by the same server (same process, same port). Each load in a fresh
 * browser context (empty cache, as a buyer's first punch-out); sides alternate; times are the
 * page's own clock (performance.now() from navigation start) at the first frame after the selector
 * matched, recorded inside the page: an outside poll (waitForFunction) added its own 30–50 ms lag
 * to both sides.
 */
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import type { Browser } from 'playwright-core';
import { DEMO_CONNECTION } from '../../functions/local/demo-connections';
import { createLocalApp } from '../../functions/local/server';
import { launchBrowser } from '../support/browser';
import { type Bench, interleaved, median, ms, percentile } from './bench-kit';

const STATIC_PAGE = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Static</title></head>
<body><main><article class="vehicle"><h2>Estate</h2><button type="button" data-action="request">Request</button></article></main></body></html>`;
const CATALOG_USABLE = 'body[data-ready=true] article.vehicle button[data-action=request]:not([disabled])';
const STATIC_USABLE = 'article.vehicle button[data-action=request]:not([disabled])';

export const bench: Bench = {
  name: 'page-usable',
  async run(ctx) {
    const deps = await ctx.seededDeps('page');
    let app: ReturnType<typeof createLocalApp> | undefined;
    const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
      const s = serve(
        {
          fetch: (request, env) =>
            new URL(request.url).pathname === '/bench-static'
              ? new Response(STATIC_PAGE, { headers: { 'content-type': 'text/html; charset=utf-8' } })
              : app!.fetch(request, env),
          port: 0,
          hostname: '127.0.0.1',
        },
        () => resolve(s),
      );
    });
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    deps.config.publicBaseUrl = base;
    app = createLocalApp(deps);
    let browser: Browser | undefined;
    try {
      browser = await launchBrowser();
      const callUp = async () => {
        const form = new URLSearchParams({
          USERNAME: DEMO_CONNECTION.username,
          PASSWORD: DEMO_CONNECTION.password,
          HOOK_URL: `${base}/buyer/hook?sap-client=100`,
          oci_usermail: 'jane.doe@acme.example',
          oci_userfullname: 'Jane Doe',
          '~OkCode': 'ADDI',
          '~TARGET': '_top',
        });
        const response = await fetch(`${base}/punchout/oci`, { method: 'POST', body: form, redirect: 'manual' });
        if (response.status !== 303) throw new Error(`call-up answered ${response.status}`);
        return new URL(response.headers.get('location')!, base).href;
      };
      const load = (url: () => Promise<string>, selector: string) => async () => {
        const target = await url(); // the call-up itself is not timed: the page is
        const context = await browser!.newContext({ locale: 'en-US' });
        try {
          // The page's own clock at the moment the selector first matches (a MutationObserver from before its first
          // byte), then the next frame: when the card is on screen. Not when a poll from outside happens to look.
          // (A string, not a function: tsx would wrap a function's inner names in a helper the page lacks.)
          await context.addInitScript(`window.__usable = new Promise((resolve) => {
            const check = () => document.querySelector(${JSON.stringify(selector)}) && (requestAnimationFrame(() => resolve(performance.now())), true);
            if (check()) return;
            const seen = new MutationObserver(() => check() && seen.disconnect());
            seen.observe(document, { subtree: true, childList: true, attributes: true });
          });`);
          const page = await context.newPage();
          await page.goto(target, { waitUntil: 'commit' });
          return await page.evaluate(
            () => Promise.race([(window as unknown as { __usable: Promise<number> }).__usable, new Promise<never>((_, fail) => setTimeout(() => fail(new Error('not usable within 30 s')), 30_000))]),
          );
        } finally {
          await context.close();
        }
      };
      const catalog = load(callUp, CATALOG_USABLE);
      const plain = load(async () => `${base}/bench-static`, STATIC_USABLE);
      await interleaved(2, catalog, plain); // warm-up: server JIT, Chromium's caches of its own
      const n = Math.round(15 * ctx.scale);
      const { a, b } = await interleaved(n, catalog, plain);
      ctx.log(`catalog usable: p50 ${ms(median(a))}, p90 ${ms(percentile(a, 90))}; static page: p50 ${ms(median(b))}, p90 ${ms(percentile(b, 90))}`);
      return { ratio: median(a) / median(b), detail: `catalog usable p50 ${ms(median(a))}, static page p50 ${ms(median(b))}, n=${n} each, fresh browser context per load` };
    } finally {
      await browser?.close();
      await new Promise<void>((done) => {
        server.close(() => done());
        if ('closeAllConnections' in server) server.closeAllConnections();
      });
    }
  },
};
