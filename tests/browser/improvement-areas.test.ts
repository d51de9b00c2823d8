import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_USERS } from '@gs/db/demo';
import type { ImprovementProgress } from '@gs/schema';
import { type TestServer, axeViolations, browserAvailable, launchBrowser, startTestServer } from './harness.ts';

let server: TestServer;
let browser: Browser;
const steering = DEMO_USERS.find((u) => u.role === 'steering_group')!;
const NOTES = {
  safety_feels_safe: 'Turvallisuuden tunne: yksiköiden turvallisuuskävelyt keväällä 2023.',
  cooperation_daily_info: 'Päivittäinen tiedonkulku: sovellus kaikkiin päiväkoteihin.',
};
const HEADINGS = { fi: 'Kehittämiskohteet', sv: 'Utvecklingsområden', en: 'Improvement areas' } as const;

async function ready(page: Page, selector: string) {
  await page.locator(selector).first().waitFor();
  await page.waitForLoadState('networkidle');
}

async function expectAccessible(page: Page, label: string) {
  expect(await axeViolations(page), label).toEqual([]);
}

/** Marks one statement of the open report as a development target, as a steering member would. */
async function markTarget(page: Page, key: keyof typeof NOTES) {
  await page.getByLabel('Väittämä tai teema').selectOption(`item:${key}`);
  await page.getByLabel('Kirjaus (enintään 500 merkkiä)').fill(NOTES[key]);
  await page.getByRole('button', { name: 'Lisää kehittämiskohde', exact: true }).click();
  await page.getByRole('status').getByText('Kehittämiskohde lisätty.').waitFor();
  await page.locator('.improvement-target', { hasText: NOTES[key] }).waitFor();
}

describe.skipIf(!browserAvailable)(
  'the steering group picks development targets and follows them up in Chromium',
  () => {
    beforeAll(async () => {
      [server, browser] = await Promise.all([startTestServer(), launchBrowser()]);
      // The calendar turned back to spring 2023: 2023 is published and 2025 has not opened yet.
      await server.db.updateTable('round').set({ status: 'draft' }).where('slug', '=', '2025-ecec').execute();
    });
    afterAll(async () => {
      await browser?.close();
      await server?.close();
    });

    it('marks two statements of 2023 with a note, and the 2025 report opens with how they moved', async () => {
      const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 } });
      await ctx.addInitScript(() => localStorage.setItem('lang', 'fi'));
      const page = await ctx.newPage();

      // Sign in as a new user would; a steering member lands on the overview.
      await page.goto(`${server.url}/console`);
      await page.getByLabel('Sähköposti').fill(steering.email);
      await page.getByLabel('Salasana').fill(steering.password);
      await page.getByRole('button', { name: 'Kirjaudu', exact: true }).click();
      await page.waitForURL('**/reports/overview');

      // The 2023 results, from the list of rounds.
      await page.goto(`${server.url}/reports`);
      await page.getByRole('link', { name: /^2023 / }).click();
      await page.waitForURL('**/reports/2023-ecec');
      await ready(page, '#improvement-set-title');
      const section = page.locator('section', { has: page.locator('#improvement-set-title') });
      expect(await section.locator('h2').textContent()).toBe('Tämän kyselyn kehittämiskohteet');

      // The form opens from the keyboard.
      await section.locator('summary', { hasText: 'Lisää kehittämiskohde' }).focus();
      await page.keyboard.press('Enter');
      await page.getByLabel('Väittämä tai teema').waitFor();
      expect(await section.getByText('Koskee: Koko alue').count()).toBe(1);
      await markTarget(page, 'safety_feels_safe');
      await markTarget(page, 'cooperation_daily_info');
      expect(await section.locator('.improvement-target').count()).toBeGreaterThanOrEqual(2);
      await expectAccessible(page, '2023 with the form open');

      // A steering member's slip: a note that is empty is refused with a message next to the field.
      await page.getByLabel('Väittämä tai teema').selectOption('item:safety_daily_rhythm');
      await page.getByRole('button', { name: 'Lisää kehittämiskohde', exact: true }).click();
      await section.getByRole('alert').getByText('Kirjoita lyhyt kirjaus (enintään 500 merkkiä).').waitFor();
      expect(await page.getByLabel('Kirjaus (enintään 500 merkkiä)').getAttribute('aria-invalid')).toBe('true');
      // Written after all, then thought better of: edited, and removed again.
      await page.getByLabel('Kirjaus (enintään 500 merkkiä)').fill('Päivärytmi');
      await page.getByRole('button', { name: 'Lisää kehittämiskohde', exact: true }).click();
      const third = section.locator('.improvement-target', { hasText: 'Päivärytmi' });
      await third.waitFor();
      await third.getByRole('button', { name: /^Muokkaa kirjausta: / }).click();
      // While edited, the note is the form's value, not the item's text: the one form among the targets.
      const editing = section.locator('.improvement-target', { has: page.locator('form') });
      expect(await editing.getByRole('textbox').inputValue()).toBe('Päivärytmi');
      await editing.getByRole('textbox').fill('Päivärytmi ja siirtymät');
      await editing.getByRole('button', { name: 'Tallenna' }).click();
      await page.getByRole('status').getByText('Kirjaus tallennettu.').waitFor();
      await section
        .locator('.improvement-target', { hasText: 'Päivärytmi ja siirtymät' })
        .getByRole('button', { name: /^Poista kehittämiskohde: / })
        .click();
      await page.getByRole('status').getByText('Kehittämiskohde poistettu.').waitFor();
      // The list may re-render a moment after the announcement.
      await section.locator('.improvement-target', { hasText: 'Päivärytmi' }).first().waitFor({ state: 'detached' });
      expect(await section.locator('.improvement-target', { hasText: 'Päivärytmi' }).count()).toBe(0);

      // Two years later the 2025 round opens (and is published): the targets are frozen.
      await server.db.updateTable('round').set({ status: 'published' }).where('slug', '=', '2025-ecec').execute();
      await page.reload();
      await ready(page, '#improvement-set-title');
      await section.getByText('Kohteet on lukittu, koska seuraava kysely (2025) on alkanut.').waitFor();
      expect(await section.getByRole('button', { name: /Poista kehittämiskohde/ }).count()).toBe(0);

      // The 2025 report opens with how they moved, first on the page.
      await page
        .getByRole('navigation', { name: 'Sijaintisi' })
        .getByRole('link', { name: 'Tulokset', exact: true })
        .click();
      await page.getByRole('link', { name: /^2025 / }).click();
      await page.waitForURL('**/reports/2025-ecec');
      await ready(page, '#improvement-title');
      expect(await page.locator('article h2').first().textContent()).toBe('Kehittämiskohteet');
      const progress = (await (
        await page.request.get(`${server.url}/api/reports/rounds/2025-ecec/improvement-progress`)
      ).json()) as ImprovementProgress;
      for (const key of Object.keys(NOTES) as (keyof typeof NOTES)[]) {
        const target = progress.targets.find((t) => t.area.key === key)!;
        const item = target.items[0]!;
        expect(item.status).toBe('compared');
        const card = page.locator('#improvement-title ~ ul > .improvement-target', { hasText: NOTES[key] });
        expect(await card.locator('h3').textContent()).toBe(target.area.label.fi);
        const text = (await card.textContent()) ?? '';
        expect(text).toContain('2023');
        expect(text).toContain('2025');
        // The page says what Welch's test says.
        const d = item.change!;
        if (d.significant) expect(text).toMatch(d.diff > 0 ? /Noussut .* vuodesta 2023/ : /Laskenut .* vuodesta 2023/);
        else expect(text).toContain('Ei selvää muutosta vuodesta 2023');
        expect(text).toContain(`Ohjausryhmän kirjaus: ${NOTES[key]}`);
      }
      await expectAccessible(page, '2025 with improvement areas');
      await ctx.close();
    });

    it('shows the public the same section at 320 px in Finnish, Swedish and English, accessible and without sideways scrolling', async () => {
      for (const lang of ['fi', 'sv', 'en'] as const) {
        const ctx = await browser.newContext({ viewport: { width: 320, height: 640 } });
        await ctx.addInitScript((l) => localStorage.setItem('lang', l), lang);
        const page = await ctx.newPage();
        await page.goto(`${server.url}/reports/2025-ecec`);
        await ready(page, '#improvement-title');
        expect(await page.locator('#improvement-title').textContent()).toBe(HEADINGS[lang]);
        expect(await page.locator('.improvement-target', { hasText: NOTES.safety_feels_safe }).count()).toBe(1);
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
        expect(overflow, lang).toBeLessThanOrEqual(0);
        await expectAccessible(page, `2025 at 320 px (${lang})`);
        await ctx.close();
      }
    });
  },
);
