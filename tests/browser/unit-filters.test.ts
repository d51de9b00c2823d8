import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_USERS } from '@gs/db/demo';
import type { Compare } from '@gs/schema';
import { PHONE, type TestServer, axeViolations, browserAvailable, launchBrowser, startTestServer } from './harness.ts';

let server: TestServer;
let browser: Browser;
const steering = DEMO_USERS.find((u) => u.role === 'steering_group')!;

async function signedIn(ctx: BrowserContext) {
  const res = await ctx.request.post(`${server.url}/api/auth/sign-in`, {
    data: { email: steering.email, password: steering.password },
    headers: { origin: server.url },
  });
  expect(res.status()).toBe(200);
}

async function ready(page: Page, selector: string) {
  await page.locator(selector).first().waitFor();
  await page.waitForLoadState('networkidle');
}

/** The hidden cells of a side-by-side table as the API gives them. */
async function hiddenCells(page: Page, query: string) {
  const api = (await (
    await page.request.get(`${server.url}/api/reports/rounds/2025-ecec/compare?${query}`)
  ).json()) as Compare;
  return { api, hidden: api.sections.flatMap((s) => s.items).flatMap((i) => i.cells.filter((c) => c.suppressed)) };
}

describe.skipIf(!browserAvailable)(
  'the side-by-side table filtered by unit kind, answer language and group in Chromium',
  () => {
    beforeAll(async () => {
      [server, browser] = await Promise.all([startTestServer(), launchBrowser()]);
    });
    afterAll(async () => {
      await browser?.close();
      await server?.close();
    });

    it('filters the municipalities to pre-primary units, says where it cannot, and keeps the filter in the URL', async () => {
      const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 } });
      await ctx.addInitScript(() => localStorage.setItem('lang', 'fi'));
      await signedIn(ctx);
      const page = await ctx.newPage();
      await page.goto(`${server.url}/reports/2025-ecec/compare`);
      await ready(page, 'table.compare-table');
      await page.getByRole('combobox', { name: 'Yksikön tyyppi', exact: true }).selectOption('pre_primary');
      await page.waitForURL(/kind=pre_primary/);
      // The page keeps the unfiltered table on screen until the filtered one arrives.
      await expect
        .poll(() => page.locator('.report-group-line').allTextContents(), { timeout: 15_000 })
        .toContain('Vain yksiköt: Esiopetus');
      await ready(page, 'table.compare-table');
      const api = (await (
        await page.request.get(`${server.url}/api/reports/rounds/2025-ecec/compare?kind=pre_primary`)
      ).json()) as Compare;
      expect(api.filter).toEqual({ kind: 'pre_primary', provider: null });
      const hidden = api.sections.flatMap((s) => s.items).flatMap((i) => i.cells.filter((c) => c.suppressed));
      expect(await page.locator('table.compare-table td.compare-hidden').count()).toBe(hidden.length);
      // Scopes the filter cannot be shown for are named above the table.
      if ((api.filterWithheld ?? []).length > 0) {
        await expect(page.getByRole('status').filter({ hasText: 'Rajausta ei voi näyttää' }).count()).resolves.toBe(1);
      }
      expect(await axeViolations(page)).toEqual([]);
      // The URL opened in another tab gives the same view.
      const before = await page.locator('table.compare-table').innerText();
      const pasted = await ctx.newPage();
      await pasted.goto(page.url());
      await ready(pasted, 'table.compare-table');
      expect(await pasted.locator('table.compare-table').innerText()).toBe(before);
      await ctx.close();
    });

    for (const lang of ['fi', 'sv', 'en'] as const) {
      it(`the tables, trends and report filtered by unit kind, language and group fit a 320 px phone in ${lang}`, async () => {
        const ctx = await browser.newContext({ ...PHONE, viewport: { width: 320, height: 640 } });
        await ctx.addInitScript((l) => localStorage.setItem('lang', l), lang);
        await signedIn(ctx);
        const page = await ctx.newPage();
        for (const [path, selector] of [
          ['/reports/2025-ecec/compare?kind=pre_primary', 'table.compare-table'],
          ['/reports/2025-ecec/compare?level=units&municipality=398&kind=ecec&provider=private', 'table.compare-table'],
          ['/reports/trends/ecec?scope=municipality:398&kind=ecec&view=item', 'table.trend-table'],
          ['/reports/2025-ecec/compare?language=sv', 'table.compare-table'],
          ['/reports/2025-ecec/compare?group=age_3_5&kind=ecec&language=fi', '.report-status'],
          ['/reports/trends/ecec?scope=municipality:398&language=fi&view=item', 'table.trend-table'],
          ['/reports/2025-ecec/398?language=fi', '.report-section'],
        ] as const) {
          await page.goto(`${server.url}${path}`);
          await ready(page, selector);
          const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
          expect(overflow, path).toBeLessThanOrEqual(0);
          expect(await axeViolations(page), `${path} ${lang} 320 px`).toEqual([]);
        }
        await ctx.close();
      });
    }

    it('filters the municipalities by answer language, then by group with unit kind, hidden cells reading as hidden', async () => {
      const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 } });
      await ctx.addInitScript(() => localStorage.setItem('lang', 'fi'));
      await signedIn(ctx);
      const page = await ctx.newPage();
      await page.goto(`${server.url}/reports/2025-ecec/compare`);
      await ready(page, 'table.compare-table');
      await page.getByRole('combobox', { name: 'Vastauskieli', exact: true }).selectOption('sv');
      await page.waitForURL(/language=sv/);
      // The page keeps the unfiltered table on screen until the filtered one arrives.
      await expect
        .poll(() => page.locator('.report-group-line').allTextContents(), { timeout: 15_000 })
        .toContain('Vastauskieli: ruotsi');
      await ready(page, 'table.compare-table');
      const sv = await hiddenCells(page, 'language=sv');
      expect(sv.api.language).toBe('sv');
      expect(await page.locator('table.compare-table td.compare-hidden').count()).toBe(sv.hidden.length);
      // Swedish answers are few outside a couple of municipalities: some columns cannot be shown, and the page says which.
      expect((sv.api.filterWithheld ?? []).length).toBeGreaterThan(0);
      await expect(page.getByRole('status').filter({ hasText: 'Rajausta ei voi näyttää' }).count()).resolves.toBe(1);
      expect(await axeViolations(page)).toEqual([]);

      // Group with unit kind (before: refused), the language cleared.
      await page.getByRole('combobox', { name: 'Vastauskieli', exact: true }).selectOption('');
      await page.getByRole('combobox', { name: 'Näytä ryhmä', exact: true }).selectOption('age_3_5');
      await page.waitForURL(/group=age_3_5/);
      await page.getByRole('combobox', { name: 'Yksikön tyyppi', exact: true }).selectOption('ecec');
      await page.waitForURL(/group=age_3_5.*kind=ecec/);
      expect(page.url()).not.toContain('language=');
      await expect
        .poll(() => page.locator('.report-group-line').allTextContents(), { timeout: 15_000 })
        .toContain('Vain yksiköt: Varhaiskasvatus');
      await page.waitForLoadState('networkidle');
      const grouped = await hiddenCells(page, 'group=age_3_5&kind=ecec');
      expect(grouped.api.group?.key).toBe('age_3_5');
      expect(grouped.api.filter).toEqual({ kind: 'ecec', provider: null });
      const shown = grouped.api.sections.flatMap((s) => s.items).flatMap((i) => i.cells.filter((c) => !c.suppressed));
      const view = shown.length === 0 ? '.report-status' : 'table.compare-table';
      if (shown.length === 0) {
        // Nothing of it can be protected (on the demo data the group with a kind is withheld in every
        // column, as the language filter is in all but Lahti): the page says so instead of a table of dashes.
        await expect
          .poll(() => page.locator('.report-status').allTextContents(), { timeout: 15_000 })
          .toContain(
            'Tällä rajauksella ei voi näyttää lukuja: vastauksia on alle kynnyksen, tai jokin pieni vastaajaryhmä paljastuisi, kun luvut vähennetään toisistaan. Valitse toinen rajaus.',
          );
        expect(await page.locator('table.compare-table').count()).toBe(0);
      } else {
        await ready(page, 'table.compare-table');
        expect(await page.locator('table.compare-table td.compare-hidden').count()).toBe(grouped.hidden.length);
      }
      expect(await axeViolations(page)).toEqual([]);
      // The URL opened in another tab gives the same view.
      const before = await page.locator(view).textContent();
      const pasted = await ctx.newPage();
      await pasted.goto(page.url());
      await ready(pasted, view);
      expect(await pasted.locator(view).textContent()).toBe(before);
      await ctx.close();
    });
  },
);
