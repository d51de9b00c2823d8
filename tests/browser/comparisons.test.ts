import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_USERS } from '@gs/db/demo';
import type { Compare, Trend } from '@gs/schema';
import { PHONE, type TestServer, axeViolations, browserAvailable, launchBrowser, startTestServer } from './harness.ts';

let server: TestServer;
let browser: Browser;
const steering = DEMO_USERS.find((u) => u.role === 'steering_group')!;

async function ready(page: Page, selector: string) {
  await page.locator(selector).first().waitFor();
  await page.waitForLoadState('networkidle');
}

async function expectAccessible(page: Page, label: string) {
  expect(await axeViolations(page), label).toEqual([]);
}

/** What the API says about one item's trend, to check the page against. */
async function trendOf(page: Page, scope: string): Promise<Trend> {
  const res = await page.request.get(`${server.url}/api/reports/trends/ecec?scope=${scope}`);
  return (await res.json()) as Trend;
}

async function expectChangeRow(page: Page, trend: Trend) {
  const item = trend.sections.flatMap((s) => s.items).find((i) => i.key === 'safety_feels_safe')!;
  const i2025 = trend.rounds.findIndex((r) => r.year === 2025);
  const change = item.changes[i2025]!;
  expect(change).not.toBeNull();
  const table = page.locator('table.trend-table').first();
  const row = table.locator('tbody tr', { hasText: '2025' });
  const n = (item.points[i2025] as { n: number }).n;
  expect((await row.textContent())?.replace(/\s/g, '')).toContain(String(n));
  const cell = (await row.locator('td').last().textContent()) ?? '';
  // The page says what Welch's test says: a direction when it is larger than chance, otherwise "no clear change".
  if (change.significant) expect(cell).toMatch(change.diff > 0 ? /▲ nousu/ : /▼ lasku/);
  else expect(cell).toContain('ei selvää muutosta');
  return change;
}

describe.skipIf(!browserAvailable)('the steering group compares years and municipalities in Chromium', () => {
  beforeAll(async () => {
    [server, browser] = await Promise.all([startTestServer(), launchBrowser()]);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('signs in, follows "my child feels safe" 2023–2025, compares all municipalities, filters to age 3–5 and shares the URL', async () => {
    const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    await ctx.addInitScript(() => localStorage.setItem('lang', 'fi'));
    const page = await ctx.newPage();

    // Sign in as a new user would; a steering member lands on the overview.
    await page.goto(`${server.url}/console`);
    await page.getByLabel('Sähköposti').fill(steering.email);
    await page.getByLabel('Salasana').fill(steering.password);
    await page.getByRole('button', { name: 'Kirjaudu', exact: true }).click();
    await page.waitForURL('**/reports/overview');
    await ready(page, '.overview-card');
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Yleiskuva');
    await expectAccessible(page, 'overview');

    // The trend of the early childhood family, from the overview.
    const ecec = page.locator('.overview-card').first();
    await ecec.getByRole('link', { name: 'Kehitys vuodesta toiseen', exact: true }).click();
    await page.waitForURL('**/reports/trends/ecec**');
    await ready(page, 'table.trend-table');
    await page.getByRole('combobox', { name: 'Kysymys', exact: true }).selectOption('safety_feels_safe');
    await page.waitForURL(/item=safety_feels_safe/);
    await ready(page, 'table.trend-table');
    expect(await page.locator('h2.trend-heading').textContent()).toContain('Lapseni tuntee olonsa turvalliseksi');
    expect(await page.locator('canvas[role="img"]').count()).toBeGreaterThan(0);
    await expectChangeRow(page, await trendOf(page, 'region'));
    await expectAccessible(page, 'trend, region');

    // The same for Heinola.
    await page.getByRole('combobox', { name: 'Alue tai kunta', exact: true }).selectOption('municipality:111');
    await page.waitForURL(/scope=municipality%3A111|scope=municipality:111/);
    // The page keeps the region's trend on screen until Heinola's arrives: wait for the heading to change.
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent(), { timeout: 15_000 }).toBe('Heinola');
    await ready(page, 'table.trend-table');
    await expectChangeRow(page, await trendOf(page, 'municipality:111'));

    // All ten municipalities side by side for 2025, coloured, the region first.
    await page.goto(`${server.url}/reports/2025-ecec/compare`);
    await ready(page, 'table.compare-table');
    const heads = page.locator('table.compare-table thead th.compare-col');
    expect(await heads.count()).toBe(11);
    const all = (await (
      await page.request.get(`${server.url}/api/reports/rounds/2025-ecec/compare`)
    ).json()) as Compare;
    expect(all.columns).toHaveLength(11);
    const coloured = await page
      .locator('table.compare-table tbody td.compare-cell:not(.compare-ref):not(.compare-hidden)')
      .first()
      .evaluate((td) => getComputedStyle(td).backgroundColor);
    expect(coloured).not.toBe('rgba(0, 0, 0, 0)');
    await expectAccessible(page, 'compare');

    // Filtered to children aged 3–5: small groups are hidden, and hidden cells read as hidden.
    await page.getByRole('combobox', { name: 'Näytä ryhmä', exact: true }).selectOption('age_3_5');
    await page.waitForURL(/group=age_3_5/);
    await ready(page, 'table.compare-table');
    const filtered = (await (
      await page.request.get(`${server.url}/api/reports/rounds/2025-ecec/compare?group=age_3_5`)
    ).json()) as Compare;
    const hiddenInApi = filtered.sections.flatMap((s) => s.items).flatMap((i) => i.cells.filter((c) => c.suppressed));
    expect(hiddenInApi.length).toBeGreaterThan(0);
    const hiddenOnPage = page.locator('table.compare-table td.compare-hidden');
    await expect.poll(() => hiddenOnPage.count(), { timeout: 15_000 }).toBe(hiddenInApi.length);
    expect(await hiddenOnPage.first().textContent()).toContain('alle 5 vastausta');
    const url = page.url();
    const before = await page.locator('table.compare-table').innerText();

    // The URL pasted into a new browser (the reader signs in there too) gives the same view.
    const other = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    await other.addInitScript(() => localStorage.setItem('lang', 'fi'));
    const signIn = await other.request.post(`${server.url}/api/auth/sign-in`, {
      data: { email: steering.email, password: steering.password },
      headers: { origin: server.url },
    });
    expect(signIn.status()).toBe(200);
    const pasted = await other.newPage();
    await pasted.goto(url);
    await ready(pasted, 'table.compare-table td.compare-hidden');
    expect(await pasted.locator('table.compare-table').innerText()).toBe(before);
    await other.close();
    await ctx.close();
  });

  for (const lang of ['fi', 'sv', 'en'] as const) {
    it(`the trend and the table fit a 320 px phone in ${lang}`, async () => {
      const ctx = await browser.newContext({ ...PHONE, viewport: { width: 320, height: 640 } });
      await ctx.addInitScript((l) => localStorage.setItem('lang', l), lang);
      const res = await ctx.request.post(`${server.url}/api/auth/sign-in`, {
        data: { email: steering.email, password: steering.password },
        headers: { origin: server.url },
      });
      expect(res.status()).toBe(200);
      const page = await ctx.newPage();
      for (const [path, selector] of [
        ['/reports/trends/ecec?scope=municipality:111&view=theme&theme=safety', 'table.trend-table'],
        ['/reports/2025-ecec/compare?group=age_3_5', 'table.compare-table'],
        ['/reports/overview', '.overview-card'],
      ] as const) {
        await page.goto(`${server.url}${path}`);
        await ready(page, selector);
        // Wide tables scroll inside their own box; the page itself never scrolls sideways.
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
        expect(overflow, path).toBeLessThanOrEqual(0);
        await expectAccessible(page, `${path} ${lang} 320 px`);
      }
      await ctx.close();
    });
  }
});
