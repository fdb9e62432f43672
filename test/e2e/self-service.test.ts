import type { BrowserContext, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { e2eStack } from '../support/browser';
import { addTestStaff, eventually, mailsIn, registerTestRequest } from '../support/ops';
import { daysAhead } from '../support/punchout';
import { DESKTOP, PHONE, screenshot } from '../support/screenshots';

const e2e = e2eStack({ mailWorker: true });

/** The status link of the requester's "request received" e-mail, as they would click it. */
async function linkFromMailbox(requestId: string, email: string): Promise<string> {
  const [mail] = await eventually('the request-received e-mail', () => mailsIn((m) => m.subject.startsWith('Request received') && m.subject.includes(requestId) && m.destination.to.join().includes(email)), (m) => m.length > 0);
  const link = /https?:\/\/\S+\/r\/[A-Za-z0-9._-]+/.exec(mail.body.text!)![0];
  expect(link.startsWith(`${e2e.server.base}/r/`)).toBe(true);
  return link;
}

async function signIn(context: BrowserContext, email: string): Promise<Page> {
  const page = await context.newPage();
  const toStaff = (m: { destination: { to: string[] } }) => m.destination.to.join().includes(email);
  const before = (await mailsIn(toStaff)).length;
  await page.goto(`${e2e.server.base}/ops`);
  await page.fill('input[name=email]', email);
  await page.click('button[type=submit]');
  await page.waitForSelector('#link-sent');
  // A sign-in link works once: take the newest.
  const mails = await eventually('the sign-in e-mail', () => mailsIn(toStaff), (m) => m.length > before);
  const mail = mails.sort((a, b) => b.at - a.at)[0];
  await page.goto(/https?:\/\/\S+\/ops\/welcome#token=[A-Za-z0-9_-]+/.exec(mail.body.text!)![0]);
  await page.click('#sign-in');
  await page.waitForURL(`${e2e.server.base}/ops`);
  return page;
}

describe('self-service from the e-mail link', () => {
  for (const [size, viewport] of [['phone', PHONE], ['desktop', DESKTOP]] as const) {
    it(`opens the link from the mailbox on a ${size}, cancels with a reason, and the console shows the requester cancelled`, { timeout: 90_000 }, async () => {
      const request = await registerTestRequest(e2e.deps, { period: { pickup: daysAhead(size === 'phone' ? 60 : 62, 9), return: daysAhead(size === 'phone' ? 61 : 63, 17) } });
      const link = await linkFromMailbox(request.id, request.requester.email);
      const context = await e2e.browser.newContext({ viewport, javaScriptEnabled: false });
      const page = await context.newPage();
      await page.goto(link);
      await expect.poll(() => page.textContent('h1')).toContain(request.id);
      expect(await page.textContent('.state')).toContain('waiting for confirmation');
      await screenshot(page, 'requester-status');
      await page.click('button[type=submit]');
      // The browser's own check: a reason is required.
      expect(await page.$eval('#reason', (el) => (el as HTMLTextAreaElement).validity.valueMissing)).toBe(true);
      await page.fill('#reason', 'The customer visit was moved');
      await page.click('button[type=submit]');
      await page.waitForURL(/\?cancelled=1$/);
      expect(await page.textContent('[role=status]')).toContain('Your request is cancelled');
      expect(await page.textContent('.state')).toContain('You cancelled it with this link');
      expect(await page.$('form')).toBeNull();
      await screenshot(page, 'requester-cancelled');
      await context.close();

      const staff = await e2e.browser.newContext({ viewport: DESKTOP });
      // Its own operator per size: a member gets one sign-in link at a time.
      const ops = await signIn(staff, await addTestStaff(e2e.deps, 'operator'));
      await ops.goto(`${e2e.server.base}/ops#/requests/${request.id}`);
      await expect.poll(() => ops.textContent('body'), { timeout: 10_000 }).toMatch(/cancelled\s+by Jane Doe/);
      expect(await ops.textContent('body')).toContain('The customer visit was moved');
      // Said to be the requester, not a colleague of the same name.
      expect(await ops.locator('.history li[data-action=cancelled]').textContent()).toMatch(/by Jane Doe <[^>]+> \(the requester\)/);
      await staff.close();
    });
  }
});
