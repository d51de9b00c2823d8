import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PHONE, type TestServer, browserAvailable, launchBrowser, startTestServer } from './harness.ts';
import { fillBackground, next, openEcecRound, pageProblems } from './survey-flow.ts';

/**
 * Issue 13's done-when for the guardian survey: every offered language on a 320 px phone, for both
 * questionnaires (an ECEC round and a basic-education round): every step, the review, a page with a
 * validation error and the thank-you page pass axe and do not scroll sideways, with `<html lang dir>`
 * of the language; and a guardian switches from Somali to Arabic halfway and back, keeping the answers.
 */

const LANGS = ['fi', 'sv', 'en', 'uk', 'ru', 'ar', 'so', 'et'];
const NARROW = { ...PHONE, viewport: { width: 320, height: 640 } };

/** The survey's interface texts of a language (packages/messages/src/survey/<lang>.json). */
function messages(lang: string): Record<string, string> {
  const url = new URL(`../../packages/messages/src/survey/${lang}.json`, import.meta.url);
  return JSON.parse(readFileSync(url, 'utf8'));
}

let server: TestServer;
let browser: Browser;
let ececRound: string;

const htmlLangDir = (page: Page) =>
  page.evaluate(() => `${document.documentElement.lang} ${document.documentElement.dir}`);

/** Switches the language with the step's language button (which saves the page first). */
async function switchTo(page: Page, lang: string) {
  await Promise.all([page.waitForURL(/\/step\//), page.click(`button[value="lang:${lang}"]`)]);
  await page.waitForFunction((l) => document.documentElement.lang === l, lang);
}

/** Walks one language through a round, visiting each page once; returns what is wrong on them. */
async function walk(round: string, lang: string): Promise<string[]> {
  const context = await browser.newContext(NARROW);
  const page = await context.newPage();
  const problems: string[] = [];
  const check = async (label: string) =>
    problems.push(...(await pageProblems(page, `${round} ${lang} ${label}`, lang)));
  await page.goto(`${server.url}/s/${round}/lahti?lang=${lang}`);
  const offered = await page.locator('.langs [lang]').evaluateAll((els) => els.map((e) => e.getAttribute('lang')));
  expect(offered.sort(), `${round}: offered languages`).toEqual([...LANGS].sort());
  await check('intro');
  await Promise.all([page.waitForURL(/\/step\/background/), page.click('button[value=start]')]);
  await check('background');
  // Nothing chosen: the script's instant messages, or the server's 422 page without it.
  await page.click('button[data-main]');
  await page.locator('.error-summary').waitFor();
  expect(await page.textContent('.error-summary'), `${round} ${lang} error summary`).toContain(
    messages(lang)['issue.requiredUnit'],
  );
  await check('background with errors');
  await fillBackground(page);
  while (!page.url().includes('/step/review')) {
    const step = new URL(page.url()).pathname.split('/').pop();
    await check(`step ${step}`);
    await next(page, /\/step\//);
  }
  await check('review');
  await next(page, /\/thanks/);
  await check('thanks');
  await context.close();
  return problems;
}

describe.skipIf(!browserAvailable)('the guardian survey in every offered language in Chromium', () => {
  beforeAll(async () => {
    [server, browser] = await Promise.all([startTestServer(), launchBrowser()]);
    ececRound = await openEcecRound(server.db);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('a guardian answers in Somali on a phone, switches to Arabic halfway and back, and the answers stay', async () => {
    const so = messages('so');
    const ar = messages('ar');
    const inbox = () => server.db.selectFrom('response_inbox').select(['id', 'answers', 'language']).execute();
    const before = new Set((await inbox()).map((r) => r.id));
    const context = await browser.newContext(PHONE);
    const page = await context.newPage();
    await page.goto(`${server.url}/s/2026-basic/lahti?lang=so`);
    expect(await htmlLangDir(page)).toBe('so ltr');
    await Promise.all([page.waitForURL(/\/step\/background/), page.click('button[value=start]')]);
    await fillBackground(page);
    await page.waitForURL(/\/step\/interaction/);
    await page.check('#q_interaction_staff_friendly-4', { force: true });
    await next(page, /\/step\/safety/);
    await page.check('#q_safety_feels_safe-5', { force: true });

    // Halfway: Arabic, right to left, with this page's answer saved by the switch and the earlier one kept.
    await switchTo(page, 'ar');
    expect(page.url()).toMatch(/\/step\/safety/);
    expect(await htmlLangDir(page)).toBe('ar rtl');
    expect(await page.isChecked('#q_safety_feels_safe-5')).toBe(true);
    await page.goto(`${server.url}/s/2026-basic/step/interaction`);
    expect(await htmlLangDir(page)).toBe('ar rtl');
    expect(await page.isChecked('#q_interaction_staff_friendly-4')).toBe(true);
    expect(await page.textContent('label[for=q_interaction_staff_friendly-4]')).toBe(`4 ${ar['scale.4']}`);

    // An error in Arabic: the unit is unset again on the background page (the server's page, no script).
    await page.goto(`${server.url}/s/2026-basic/step/background`);
    await page.selectOption('#unit', '');
    await page.evaluate(() => document.querySelector<HTMLFormElement>('#step-form')?.requestSubmit());
    await page.locator('.error-summary').waitFor();
    expect(await htmlLangDir(page)).toBe('ar rtl');
    expect(await page.textContent('.error-summary')).toContain(ar['issue.requiredUnit']);
    expect(await page.textContent('#unit-error')).toContain(ar['issue.requiredUnit']);
    // Municipalities have Finnish names on an Arabic page, and say so.
    expect(await page.getAttribute('#municipality option[value=lahti]', 'lang')).toBe('fi');
    const errorProblems = await pageProblems(page, 'Arabic background with an error', 'ar');
    await page.selectOption('#unit', 'none');
    await next(page, /\/step\/interaction/);
    await next(page, /\/step\/safety/);
    await page.check('#q_safety_enjoys_school-0', { force: true });
    while (!page.url().includes('/step/review')) await next(page, /\/step\//);

    expect(await htmlLangDir(page)).toBe('ar rtl');
    const arReview = await page.textContent('main');
    expect(arReview).toContain(`4 ${ar['scale.4']}`);
    expect(arReview).toContain(`5 ${ar['scale.5']}`);
    expect(arReview).toContain(ar.cantSay);
    expect(await page.getAttribute('dd:text-is("Lahti")', 'lang')).toBe('fi');
    const reviewProblems = await pageProblems(page, 'Arabic review', 'ar');

    // Back to Somali on the review page: left to right, the same answers in Somali.
    await switchTo(page, 'so');
    expect(page.url()).toMatch(/\/step\/review/);
    expect(await htmlLangDir(page)).toBe('so ltr');
    const soReview = await page.textContent('main');
    expect(soReview).toContain(`4 ${so['scale.4']}`);
    expect(soReview).toContain(`5 ${so['scale.5']}`);
    expect(soReview).toContain(so.cantSay);
    await next(page, /\/thanks/);
    expect(await htmlLangDir(page)).toBe('so ltr');
    expect(await page.textContent('h1')).toBe(so.thanksHeading);

    // The response is stored with the language it was finished in (the draft's last language).
    const mine = (await inbox()).filter((r) => !before.has(r.id));
    expect(mine.map((r) => r.language)).toEqual(['so']);
    expect(mine[0]?.answers).toEqual(
      expect.arrayContaining([
        { k: 'interaction_staff_friendly', v: 4 },
        { k: 'safety_feels_safe', v: 5 },
        { k: 'safety_enjoys_school', v: 0 },
      ]),
    );
    expect([...errorProblems, ...reviewProblems]).toEqual([]);
    await context.close();
  });

  for (const round of ['ecec', 'basic']) {
    it(`every page of the ${round} survey passes axe and fits 320 px in every offered language`, async () => {
      const slug = round === 'ecec' ? ececRound : '2026-basic';
      // Two languages at a time: the server and the browser each have a core while the other waits.
      const lanes = [LANGS.slice(0, 4), LANGS.slice(4)];
      const problems = await Promise.all(
        lanes.map(async (langs) => {
          const found: string[] = [];
          for (const lang of langs) found.push(...(await walk(slug, lang)));
          return found;
        }),
      );
      expect(problems.flat()).toEqual([]);
    }, 300_000);
  }
});
