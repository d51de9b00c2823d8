import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_HISTORY, DEMO_USERS, demoHistoryDir } from '@gs/db/demo';
import type { Trend } from '@gs/schema';
import { type TestServer, axeViolations, browserAvailable, launchBrowser, startTestServer } from './harness.ts';

let server: TestServer;
let browser: Browser;
const coordinator = DEMO_USERS.find((u) => u.role === 'coordinator')!;
const ecec2021 = DEMO_HISTORY.find((h) => h.file === 'ecec-2021.csv')!;
const FILE = join(demoHistoryDir(), ecec2021.file);
const SOURCE = 'Webropol 2021 (tuotu uudelleen)';

const T = {
  fi: {
    nav: 'Aiemmat kyselyt',
    check: 'Tarkista tiedosto',
    mapping: 'Kysymysten yhdistäminen',
    item: 'Lomakkeen väittämä kysymykselle: ',
  },
  sv: {
    nav: 'Tidigare enkäter',
    check: 'Granska filen',
    mapping: 'Koppla frågorna',
    item: 'Formulärets påstående för frågan: ',
  },
  en: {
    nav: 'Earlier surveys',
    check: 'Check the file',
    mapping: 'Map the questions',
    item: 'Questionnaire statement for: ',
  },
} as const;

async function signIn(ctx: BrowserContext) {
  const res = await ctx.request.post(`${server.url}/api/auth/sign-in`, {
    data: { email: coordinator.email, password: coordinator.password },
    headers: { origin: server.url },
  });
  expect(res.status()).toBe(200);
}

/** Opens the import page from the console's navigation and checks the sample file, up to the mapping screen. */
async function openMapping(page: Page, lang: keyof typeof T) {
  await page.goto(`${server.url}/console`);
  await page.getByRole('link', { name: T[lang].nav, exact: true }).click();
  await page.waitForURL('**/console/history');
  await page.locator('input[type=number]').fill('2021');
  await page.locator('input[maxlength="500"]').fill(SOURCE);
  await page.locator('input[type=file]').setInputFiles(FILE);
  await page.getByRole('button', { name: T[lang].check, exact: true }).click();
  await page
    .getByRole('heading', { name: T[lang].mapping })
    .waitFor({ timeout: 10_000 })
    .catch(async (e) => {
      await page.screenshot({ path: `/tmp/h9-debug-${lang}.png`, fullPage: true });
      throw e;
    });
}

describe.skipIf(!browserAvailable)(
  'a coordinator imports earlier rounds through the mapping screen in Chromium',
  () => {
    beforeAll(async () => {
      [server, browser] = await Promise.all([startTestServer(), launchBrowser()]);
    });
    afterAll(async () => {
      await browser?.close();
      await server?.close();
    });

    it('deletes the demo’s ECEC 2021 import, imports the sample file from scratch, and sees it in the trends beside 2023 and 2025, marked as imported', async () => {
      const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 } });
      await ctx.addInitScript(() => localStorage.setItem('lang', 'fi'));
      const page = await ctx.newPage();
      page.on('dialog', (d) => void d.accept());

      // Signing in as a new user would.
      await page.goto(`${server.url}/console`);
      await page.getByLabel('Sähköposti').fill(coordinator.email);
      await page.getByLabel('Salasana').fill(coordinator.password);
      await page.getByRole('button', { name: 'Kirjaudu', exact: true }).click();
      await page.getByRole('link', { name: 'Aiemmat kyselyt', exact: true }).click();
      await page.waitForURL('**/console/history');

      // The demo's copy goes first.
      await page.getByRole('button', { name: 'Poista tuotu kierros 2021-ecec' }).click();
      await page.getByRole('status').getByText('Tuotu kierros 2021-ecec poistettu.').first().waitFor();
      await page.getByRole('button', { name: 'Poista tuotu kierros 2021-ecec' }).waitFor({ state: 'detached' });
      expect(await server.db.selectFrom('round').select('id').where('slug', '=', '2021-ecec').execute()).toEqual([]);

      // The form: family, year, source note and the sample file.
      await page.getByLabel('Kysely', { exact: true }).selectOption('ecec');
      await page.getByLabel('Vuosi', { exact: true }).fill('2021');
      await page.getByLabel('Lähde', { exact: true }).fill(SOURCE);
      await page.locator('input[type=file]').setInputFiles(FILE);
      await page.getByRole('button', { name: 'Tarkista tiedosto', exact: true }).click();
      await page.getByRole('heading', { name: 'Kysymysten yhdistäminen' }).waitFor();

      // Each question: the suggestions come first with their scores; the coordinator confirms each.
      const questions = Object.entries(ecec2021.mapping);
      expect(await page.locator('.history-question').count()).toBe(questions.length);
      for (const [question, key] of questions) {
        const select = page.getByLabel(`${T.fi.item}${question}`, { exact: true });
        const options = await select.locator('optgroup').first().locator('option').allTextContents();
        expect(options.length, question).toBeGreaterThan(0);
        for (const o of options) expect(o).toMatch(/^\d+\u00a0% – /);
        if (key === null) await select.selectOption('__unmapped');
        else if ((await select.locator('optgroup').first().locator('option').first().getAttribute('value')) === key) {
          // The best suggestion is right: taken with its button.
          await page
            .locator('.history-question', { has: select })
            .getByRole('button', { name: /^Käytä ehdotusta/ })
            .click();
        } else await select.selectOption(key);
        expect(await select.inputValue()).toBe(key ?? '__unmapped');
      }
      expect(await axeViolations(page), 'mapping screen').toEqual([]);

      // The preview shows what will be stored.
      await page.getByRole('button', { name: 'Esikatsele', exact: true }).click();
      await page.getByRole('heading', { name: 'Esikatselu: tallennettavat luvut' }).waitFor();
      await page
        .locator('.console-import-report p', { hasText: '80 riviä, 10 kuntaa, 8 väittämää; 10 riviä jää tuomatta.' })
        .waitFor();
      expect(await page.locator('.console-import-report tbody tr').count()).toBe(80);
      await page.getByRole('button', { name: 'Tuo 80 riviä', exact: true }).click();
      await page.getByRole('status').getByText('Tuotu kierrokseksi 2021-ecec.').first().waitFor();
      await page.getByRole('button', { name: 'Poista tuotu kierros 2021-ecec' }).waitFor();

      // The trends: 2021 beside 2023 and 2025, marked as imported with its source.
      await page.goto(`${server.url}/reports/trends/ecec`);
      await page.locator('#trend-title').waitFor();
      await page.waitForLoadState('networkidle');
      const note = page.locator('.report-imported');
      await note.waitFor();
      expect(await note.textContent()).toContain(`2021 (lähde: ${SOURCE})`);
      const years = await page.locator('.trend-tables tbody th[scope=row]').allTextContents();
      for (const y of ['2021', '2023', '2025']) expect(years).toContain(y);
      const row2021 = page
        .locator('.trend-tables tbody tr', { has: page.locator('th', { hasText: /^2021$/ }) })
        .first();
      expect(await row2021.locator('.trend-status').textContent()).toContain('(tuotu)');
      const row2023 = page
        .locator('.trend-tables tbody tr', { has: page.locator('th', { hasText: /^2023$/ }) })
        .first();
      expect(await row2023.locator('.trend-status').textContent()).not.toContain('(tuotu)');
      const trend = (await (await page.request.get(`${server.url}/api/reports/trends/ecec`)).json()) as Trend;
      const slugs = trend.rounds.map((r) => [r.slug, r.imported?.source ?? null]);
      expect(slugs).toEqual(
        expect.arrayContaining([
          ['2021-ecec', SOURCE],
          ['2023-ecec', null],
          ['2025-ecec', null],
        ]),
      );
      // The imported year has figures (not only a label): its safety point is a mean.
      const safety = trend.sections.flatMap((s) => s.items).find((i) => i.key === 'safety_feels_safe')!;
      const i2021 = trend.rounds.findIndex((r) => r.slug === '2021-ecec');
      expect(safety.points[i2021]).toMatchObject({ suppressed: false });
      expect(await axeViolations(page), 'trends with an imported round').toEqual([]);
      await ctx.close();
    });

    it('shows the mapping screen at 320 px in Finnish, Swedish and English, accessible and without sideways scrolling', async () => {
      for (const lang of ['fi', 'sv', 'en'] as const) {
        const ctx = await browser.newContext({ viewport: { width: 320, height: 640 } });
        await ctx.addInitScript((l) => localStorage.setItem('lang', l), lang);
        await signIn(ctx);
        const page = await ctx.newPage();
        await openMapping(page, lang);
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
        expect(overflow, lang).toBeLessThanOrEqual(0);
        expect(await axeViolations(page), `mapping at 320 px (${lang})`).toEqual([]);
        await ctx.close();
      }
    });

    it('shows a means-only import to the public as means with their n, no distributions, and says why', async () => {
      const ctx = await browser.newContext();
      const res = await ctx.request.post(`${server.url}/api/auth/sign-in`, {
        data: { email: coordinator.email, password: coordinator.password },
        headers: { origin: server.url },
      });
      const { csrfToken } = (await res.json()) as { csrfToken: string };
      const question = 'Lapsi viihtyy päiväkodissa';
      const csv = [
        'municipality;question;mean;n;sd',
        `Lahti;${question};4,31;412;0,82`,
        `Hollola;${question};4,05;96;0,9`,
        `Heinola;${question};4,12;80;0,85`,
        `Hartola;${question};3,5;4;1,0`,
      ].join('\r\n');
      const imported = await ctx.request.post(`${server.url}/api/console/history/import`, {
        headers: { origin: server.url, 'x-csrf-token': csrfToken },
        data: {
          family: 'ecec',
          year: 2017,
          source: 'Webropol 2017, keskiarvoraportti',
          file: { name: 'ecec-2017.csv', data: Buffer.from(csv).toString('base64') },
          mapping: { [question]: 'safety_enjoys_attending' },
        },
      });
      expect(imported.status()).toBe(201);
      await ctx.close();

      const reader = await browser.newContext({ viewport: { width: 320, height: 640 } });
      await reader.addInitScript(() => localStorage.setItem('lang', 'fi'));
      const page = await reader.newPage();
      await page.goto(`${server.url}/reports/2017-ecec/398`);
      const item = page.locator('.report-item').filter({ hasText: 'viihtyy' });
      await expect.poll(() => item.count(), { timeout: 10_000 }).toBe(1);
      await expect.poll(() => item.textContent()).toContain('4,31');
      expect(await item.locator('canvas').count()).toBe(0);
      // The only statement the file has; the others are not listed as "fewer than 5 answers".
      expect(await page.locator('.report-item').count()).toBe(1);
      expect(await page.locator('main').textContent()).toContain('vain keskiarvot ja vastaajamäärät');
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow).toBeLessThanOrEqual(0);
      expect(await axeViolations(page), 'a means-only round at 320 px').toEqual([]);
      // Hartola's 4 answers stay hidden on its own page.
      await page.goto(`${server.url}/reports/2017-ecec/081`);
      const hartola = page.locator('.report-item').filter({ hasText: 'viihtyy' });
      await expect.poll(() => hartola.count(), { timeout: 10_000 }).toBe(1);
      await expect.poll(() => hartola.textContent()).toContain('alle 5 vastausta');
      await reader.close();
    });
  },
);
