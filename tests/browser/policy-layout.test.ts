import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_USERS } from '@gs/db/demo';
import { type TestServer, browserAvailable, launchBrowser, startTestServer } from './harness.ts';

let server: TestServer;
let browser: Browser;

/** Every CSP violation a page reports: the DOM event, and Chromium's console error, recorded from the first script on. */
async function watchPolicy(ctx: BrowserContext): Promise<() => Promise<string[]>> {
  const consoleErrors: string[] = [];
  ctx.on('console', (m) => {
    if (m.type() === 'error' && /Content Security Policy/i.test(m.text())) consoleErrors.push(m.text());
  });
  await ctx.addInitScript(() => {
    const w = window as unknown as { __csp: string[] };
    w.__csp = [];
    document.addEventListener('securitypolicyviolation', (e) =>
      w.__csp.push(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber} ${e.sample}`),
    );
  });
  const pages: Page[] = [];
  ctx.on('page', (p) => pages.push(p));
  return async () => {
    const events: string[] = [];
    for (const p of pages) {
      if (!p.isClosed()) events.push(...(await p.evaluate(() => (window as unknown as { __csp: string[] }).__csp)));
    }
    return [...events, ...consoleErrors];
  };
}

async function signIn(page: Page) {
  const u = DEMO_USERS.find((x) => x.role === 'coordinator');
  if (!u) throw new Error('no demo coordinator');
  await page.goto(`${server.url}/console`);
  await page.getByLabel('E-mail').fill(u.email);
  await page.getByLabel('Password').fill(u.password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await page.locator('.console-nav').waitFor();
}

describe.skipIf(!browserAvailable)(
  'content security policy, narrow screens and the moderation pages in Chromium',
  () => {
    beforeAll(async () => {
      [server, browser] = await Promise.all([startTestServer(), launchBrowser()]);
    });
    afterAll(async () => {
      await browser?.close();
      await server?.close();
    });

    it('allows no inline styles and the home, survey, console and report pages break no rule of it', async () => {
      const ctx = await browser.newContext({ locale: 'en-GB', viewport: { width: 1280, height: 900 } });
      const violations = await watchPolicy(ctx);
      const page = await ctx.newPage();

      const home = await page.goto(`${server.url}/`);
      const csp = home?.headers()['content-security-policy'] ?? '';
      expect(csp).toContain("style-src 'self'");
      expect(csp).not.toContain('unsafe-inline');
      await page.locator('h1').waitFor();

      // The survey: intro, then a step with the progress bar, drawn at its share of the width.
      await page.goto(`${server.url}/s/2026-basic/lahti?lang=en`);
      await page.locator('button[value=start]').click();
      await page.waitForURL(/step\/background/);
      const bar = await page.locator('.progress-bar').boundingBox();
      const fill = await page.locator('.progress-fill').boundingBox();
      expect(fill!.width / bar!.width).toBeCloseTo(2 / 12, 1);

      // The console: the round page with its progress bars, and the moderation queue.
      await signIn(page);
      await page.getByRole('link', { name: '2026-basic', exact: true }).click();
      await page.getByRole('link', { name: 'Progress' }).click();
      await page.locator('.console-rate-fill').first().waitFor();
      // React sets style properties through the CSSOM, which the policy allows: the bar has its width.
      expect(
        await page
          .locator('.console-rate-fill')
          .first()
          .evaluate((e) => e.style.width),
      ).toMatch(/%$/);
      await page.goto(`${server.url}/console/moderation`);
      await page.locator('.console-answer').first().waitFor();

      // Reports: charts (chart.js sizes its canvas from script), the colour-coded comparison and trends.
      for (const path of ['/reports', '/reports/2025-ecec/398', '/reports/2025-ecec/compare']) {
        await page.goto(`${server.url}${path}`);
        await page.locator('main h1').first().waitFor();
        await page.waitForLoadState('networkidle');
      }
      expect(await page.locator('canvas, table').count()).toBeGreaterThan(0);
      expect(await violations()).toEqual([]);
      await ctx.close();
    });

    for (const lang of ['fi', 'sv', 'en'] as const) {
      it(`the home page fits 320 px in ${lang}, long words hyphenated in the page language`, async () => {
        const ctx = await browser.newContext({ viewport: { width: 320, height: 640 }, deviceScaleFactor: 1 });
        await ctx.addInitScript((l) => localStorage.setItem('lang', l), lang);
        const page = await ctx.newPage();
        await page.goto(`${server.url}/`);
        await page.locator('h1').waitFor();
        expect(await page.getAttribute('html', 'lang')).toBe(lang);
        const widths = await page.evaluate(() => ({
          page: document.scrollingElement!.scrollWidth,
          widest: Math.max(
            ...Array.from(document.querySelectorAll('h1, p, a')).map((e) => e.getBoundingClientRect().right),
          ),
        }));
        expect(widths.page).toBeLessThanOrEqual(320);
        expect(widths.widest).toBeLessThanOrEqual(320);
        await page.screenshot({ path: `/tmp/home-320-${lang}.png`, fullPage: true });
        await ctx.close();
      });
    }

    it('the moderation queue pages through more than 200 pending answers by keyboard, with the total shown', async () => {
      const ctx = await browser.newContext({ locale: 'en-GB', viewport: { width: 1280, height: 900 } });
      const page = await ctx.newPage();
      await signIn(page);
      await page.goto(`${server.url}/console/moderation`);
      const range = page.locator('.console-queue-range');
      await range.waitFor();
      const total = Number(/^Answers 1–50 of (\d+)$/.exec((await range.textContent()) ?? '')?.[1]);
      expect(total).toBeGreaterThan(200);
      expect(await page.locator('.console-answer').count()).toBe(50);
      expect(await page.getByRole('button', { name: 'Previous' }).isDisabled()).toBe(true);
      const next = page.getByRole('button', { name: 'Next' });
      await next.focus();
      await page.keyboard.press('Enter');
      await expect.poll(() => range.textContent()).toBe(`Answers 51–100 of ${total}`);
      await expect.poll(() => page.evaluate(() => document.activeElement?.className)).toBe('console-queue-range');
      expect(await page.locator('.console-answer').first().textContent()).toContain('Answer 51');
      expect(await page.getByText(`Page 2 of ${Math.ceil(total / 50)}`).count()).toBe(1);
      const last = Math.ceil(total / 50);
      for (let p = 3; p <= last; p++) {
        await next.focus();
        await page.keyboard.press('Space');
        await expect.poll(() => page.getByText(`Page ${p} of ${last}`).count()).toBe(1);
      }
      expect(await range.textContent()).toBe(`Answers ${(last - 1) * 50 + 1}–${total} of ${total}`);
      expect(await next.isDisabled()).toBe(true);
      await page.getByRole('button', { name: 'Previous' }).focus();
      await page.keyboard.press('Enter');
      await expect
        .poll(() => range.textContent())
        .toBe(`Answers ${(last - 2) * 50 + 1}–${(last - 1) * 50} of ${total}`);
      await ctx.close();
    });
  },
);
