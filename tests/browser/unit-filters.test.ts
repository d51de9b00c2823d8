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

describe.skipIf(!browserAvailable)('the side-by-side table filtered by unit kind in Chromium', () => {
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
    it(`the filtered table and trend fit a 320 px phone in ${lang}`, async () => {
      const ctx = await browser.newContext({ ...PHONE, viewport: { width: 320, height: 640 } });
      await ctx.addInitScript((l) => localStorage.setItem('lang', l), lang);
      await signedIn(ctx);
      const page = await ctx.newPage();
      for (const [path, selector] of [
        ['/reports/2025-ecec/compare?kind=pre_primary', 'table.compare-table'],
        ['/reports/2025-ecec/compare?level=units&municipality=398&kind=ecec&provider=private', 'table.compare-table'],
        ['/reports/trends/ecec?scope=municipality:398&kind=ecec&view=item', 'table.trend-table'],
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
});
