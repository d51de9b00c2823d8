import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_USERS } from '@gs/db/demo';
import type { ScopeReport, StatementFigures } from '@gs/schema';
import { PHONE, type TestServer, axeViolations, browserAvailable, launchBrowser, startTestServer } from './harness.ts';

let server: TestServer;
let browser: Browser;

async function context(opts: { lang?: 'fi' | 'sv' | 'en'; phone?: boolean; signIn?: 'coordinator' } = {}) {
  const ctx = await browser.newContext(opts.phone ? PHONE : { viewport: { width: 1280, height: 900 } });
  await ctx.addInitScript((lang) => localStorage.setItem('lang', lang), opts.lang ?? 'fi');
  if (opts.signIn) {
    const u = DEMO_USERS.find((x) => x.role === opts.signIn)!;
    const res = await ctx.request.post(`${server.url}/api/auth/sign-in`, {
      data: { email: u.email, password: u.password },
      headers: { origin: server.url },
    });
    expect(res.status()).toBe(200);
  }
  return ctx;
}

async function open(ctx: BrowserContext, path: string): Promise<Page> {
  const page = await ctx.newPage();
  await page.goto(`${server.url}${path}`);
  await page.locator('.report-section').first().waitFor();
  await page.waitForLoadState('networkidle');
  return page;
}

async function apiReport(path: string): Promise<ScopeReport> {
  return (await fetch(`${server.url}/api/reports/rounds/2025-ecec${path}`)).json() as Promise<ScopeReport>;
}

async function expectAccessible(page: Page, label: string) {
  for (const d of await page.locator('details').all()) await d.evaluate((el) => el.setAttribute('open', ''));
  expect(await axeViolations(page), label).toEqual([]);
}

describe.skipIf(!browserAvailable)('published reports in Chromium', () => {
  beforeAll(async () => {
    [server, browser] = await Promise.all([startTestServer(), launchBrowser()]);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  for (const [code, name] of [
    ['081', 'Hartola'],
    ['398', 'Lahti'],
  ] as const) {
    it(`the public 2025 report for ${name}: distributions, means, the region and change since 2023`, async () => {
      const ctx = await context();
      const page = await open(ctx, `/reports/2025-ecec/${code}`);
      const report = await apiReport(`/municipalities/${code}`);
      expect(report.source.kind).toBe('published');
      await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe(name);

      const first = report.sections[0]!.items[0]!;
      const figures = first.figures as StatementFigures;
      const region = first.region as StatementFigures;
      const item = page.locator('.report-item').first();
      await expect(item.locator('h4').textContent()).resolves.toBe(first.text.fi);
      // The chart is an image described in words: the municipality's and the region's means.
      const label = (await item.locator('canvas').getAttribute('aria-label')) ?? '';
      const fi = (x: number) => x.toFixed(2).replace('.', ',');
      expect(label).toContain(`${name}: Keskiarvo ${fi(figures.mean)}`);
      expect(label).toContain(`Koko alue: Keskiarvo ${fi(region.mean)}`);
      // Charts are drawn after the text and tables, near the screen first and the rest when the browser is idle.
      await expect.poll(() => page.locator('.report-item canvas').count()).toBeGreaterThan(25);
      // The change says whether it is larger than chance, in the words of the test the API ran.
      expect(first.change).not.toBeNull();
      const test = first.changeTest!;
      const change = item.locator('.report-change');
      if (test.significant) {
        await expect(change.locator('strong').textContent()).resolves.toMatch(
          /^(Noussut|Laskenut) \d,\d\d vuodesta 2023, enemmän kuin sattuma selittää \(p [=<] \d,\d{3}\)$/,
        );
      } else {
        await expect(change.textContent()).resolves.toMatch(
          /^Ei selvää muutosta vuodesta 2023 \([+−±]\d,\d\d, 95 %:n luottamusväli −?\d,\d\d…−?\d,\d\d\)/,
        );
      }

      // The distribution as a real table: percentages of every option and the mean.
      const table = page.locator('.report-section').first().locator('details table');
      await page.locator('.report-section').first().locator('details summary').click();
      const row = table.locator('tbody tr').first();
      const cells = await row.locator('td').allTextContents();
      const pct = (c: number) => `${Math.round((100 * c) / figures.answers)}\u00a0%`;
      expect(cells.slice(1, 6)).toEqual(figures.distribution!.map(pct));
      expect(cells[7]).toBe(fi(figures.mean));
      expect(cells[10]).toBe(fi(region.mean));

      // The public sees no unit.
      expect(await page.getByText('Yksiköiden tulokset näkyvät kirjautuneille').isVisible()).toBe(true);
      expect(await page.locator('.report-children').count()).toBe(0);
      await expectAccessible(page, `${name} (public)`);
      await ctx.close();
    });
  }

  it('signed in, Lahti’s units are listed with the small ones hidden as "alle 5 vastausta"', async () => {
    const ctx = await context({ signIn: 'coordinator' });
    const page = await open(ctx, '/reports/2025-ecec/398');
    const rows = page.locator('.report-children tbody tr');
    expect(await rows.count()).toBeGreaterThan(10);
    const responses = await rows.locator('td:nth-child(2)').allTextContents();
    expect(responses.filter((r) => r === 'alle 5 vastausta').length).toBeGreaterThan(0);
    for (const r of responses) {
      if (r !== 'alle 5 vastausta') expect(Number(r.replace(/\s/g, ''))).toBeGreaterThanOrEqual(5);
    }
    await expectAccessible(page, 'Lahti with units');
    await rows.locator('a').first().click();
    await page.locator('.report-breadcrumb').getByText('Lahti').waitFor();
    await page.locator('.report-section').first().waitFor();
    await expectAccessible(page, 'a unit');
    await ctx.close();
  });

  it('the region report, in Swedish on a phone, with municipalities, groups and a group filter', async () => {
    const ctx = await context({ lang: 'sv', phone: true });
    const page = await open(ctx, '/reports/2025-ecec');
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Hela regionen');
    expect(await page.locator('.report-children tbody tr').count()).toBe(10);
    await expectAccessible(page, 'region (sv, phone)');
    await page.getByLabel('Visa grupp').selectOption('pre_primary');
    await page.getByRole('heading', { level: 1, name: 'I förskoleundervisning' }).waitFor();
    expect(new URL(page.url()).search).toBe('?group=pre_primary');
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(width).toBeLessThanOrEqual(375);
    await ctx.close();
  });

  it('prints as a clean A4 report: no controls, every chart inside the page', async () => {
    const ctx = await context({ lang: 'en' });
    const page = await open(ctx, '/reports/2025-ecec/081');
    const pdf = await page.pdf({ format: 'A4', printBackground: true });
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    await page.emulateMedia({ media: 'print' });
    await expect(page.locator('.report-controls').isVisible()).resolves.toBe(false);
    await expect(page.locator('.site-header').isVisible()).resolves.toBe(false);
    // Charts are redrawn for the page: A4 less 10 mm margins is 718 CSS px wide.
    const widths = await page
      .locator('.report-chart canvas')
      .evaluateAll((cs) => cs.map((c) => c.getBoundingClientRect().width));
    expect(widths.length).toBeGreaterThan(25);
    expect(Math.max(...widths)).toBeLessThanOrEqual(718);
    await ctx.close();
  });

  it('the guardian survey never downloads the charts', async () => {
    const ctx = await context();
    const page = await ctx.newPage();
    const scripts: string[] = [];
    page.on('request', (r) => {
      if (r.resourceType() === 'script') scripts.push(r.url());
    });
    await page.goto(`${server.url}/s/2026-basic/lahti`);
    await page.waitForLoadState('networkidle');
    expect(scripts.some((s) => s.includes('reports-page'))).toBe(false);
    await ctx.close();
  });
});
