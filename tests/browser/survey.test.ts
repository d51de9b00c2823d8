import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '@gs/api/app';
import { loadConfig } from '@gs/api/config';
import { type Connection, connect, countResponses, migrateToLatest, surveyContext } from '@gs/db';
import { loadDemoData } from '@gs/db/demo';
import { PHONE, axeViolations, browserAvailable, launchBrowser } from './harness.ts';
import { sidewaysOverflow } from './survey-flow.ts';

const ROUND = '2026-basic';
const SECTIONS = [
  'interaction',
  'safety',
  'teaching',
  'support',
  'cooperation',
  'participation',
  'equality',
  'environment',
  'overall',
];

let connection: Connection;
let server: ReturnType<typeof serve>;
let base: string;
let browser: Awaited<ReturnType<typeof launchBrowser>>;
let lahti: { roundId: number; municipalityId: number };

/** The real app over in-memory PGlite with the demo data, keeping the database at hand to count responses. */
async function start() {
  const config = loadConfig({ ...process.env, DEMO_DATA: '0', NODE_ENV: 'test' });
  connection = await connect({ kind: 'pglite', dataDir: 'memory' });
  await migrateToLatest(connection.db);
  await loadDemoData(connection.db, { seed: config.DEMO_SEED });
  const app = createApp({ db: connection.db, config });
  server = await new Promise((ok) => {
    const s = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => ok(s));
  });
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const ctx = await surveyContext(connection.db, ROUND);
  lahti = { roundId: ctx!.round.id, municipalityId: ctx!.municipalities.find((m) => m.slug === 'lahti')!.id };
}

const lahtiCount = () => countResponses(connection.db, lahti.roundId, lahti.municipalityId);

/** Moves focus with Tab only until the focused element matches. */
async function tabTo(page: Page, selector: string, max = 80) {
  for (let i = 0; i < max; i++) {
    if (await page.evaluate((s) => document.activeElement?.matches(s) ?? false, selector)) return;
    await page.keyboard.press('Tab');
  }
  throw new Error(`Tab never reached ${selector} on ${page.url()}`);
}

async function pressAndWait(page: Page, key: string, url: RegExp) {
  await Promise.all([page.waitForURL(url), page.keyboard.press(key)]);
}

async function expectNoAxeViolations(page: Page, label: string) {
  const violations = await axeViolations(page);
  expect(violations, `${label} (${page.url()})`).toEqual([]);
}

describe.skipIf(!browserAvailable)('the guardian survey in Chromium', () => {
  beforeAll(async () => {
    await start();
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await new Promise<void>((ok) => (server ? server.close(() => ok()) : ok()));
    await connection?.close();
  });

  it('a guardian on a phone answers in Swedish, reloads halfway, switches to Finnish and finishes by keyboard alone', async () => {
    const before = await lahtiCount();
    const context = await browser.newContext(PHONE);
    const page = await context.newPage();
    const foreign: string[] = [];
    page.on('request', (r) => {
      if (!r.url().startsWith(base) && !r.url().startsWith('data:')) foreign.push(r.url());
    });

    await page.goto(`${base}/s/${ROUND}/lahti?lang=sv`);
    expect(await page.getAttribute('html', 'lang')).toBe('sv');
    await tabTo(page, 'button[value=start]');
    await pressAndWait(page, 'Enter', /step\/background/);
    expect(await page.textContent('.progress-text')).toContain('Steg 2 av 12');

    await tabTo(page, '#unit');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    expect(await page.inputValue('#unit')).toMatch(/^\d+$/);
    await tabTo(page, 'input[name=group]');
    await page.keyboard.press('Space');
    await page.keyboard.press('ArrowDown');
    expect(await page.isChecked('#group-grades_1_2')).toBe(true);
    await pressAndWait(page, 'Enter', /step\/interaction/);

    const answer = async (key: string, downs: number) => {
      await tabTo(page, `input[name=q_${key}]`);
      await page.keyboard.press('Space');
      for (let i = 0; i < downs; i++) await page.keyboard.press('ArrowDown');
    };
    await answer('interaction_staff_friendly', 3);
    await answer('interaction_child_heard', 4);
    await answer('interaction_guardian_respected', 5);
    expect(await page.isChecked('#q_interaction_staff_friendly-4')).toBe(true);
    expect(await page.isChecked('#q_interaction_guardian_respected-0')).toBe(true);
    await pressAndWait(page, 'Enter', /step\/safety/);

    // Halfway: one answer typed on this page, saved while answering, then the page is reloaded.
    await answer('safety_feels_safe', 4);
    await page.waitForFunction(() => document.querySelector('.save-status')?.textContent === 'Sparat');
    await page.reload();
    expect(await page.isChecked('#q_safety_feels_safe-5')).toBe(true);
    await page.goBack();
    await page.goForward();

    await tabTo(page, 'button[value="lang:fi"]');
    await pressAndWait(page, 'Enter', /step\/safety/);
    expect(await page.getAttribute('html', 'lang')).toBe('fi');
    expect(await page.textContent('.progress-text')).toContain('Vaihe 4/12');
    expect(await page.isChecked('#q_safety_feels_safe-5')).toBe(true);
    await answer('safety_enjoys_school', 3);

    for (const next of SECTIONS.slice(2)) {
      await tabTo(page, 'button[data-main]');
      await pressAndWait(page, 'Enter', new RegExp(`step/${next}`));
    }
    await tabTo(page, 'input[name=q_overall_grade]');
    await page.keyboard.press('Space');
    for (let i = 0; i < 5; i++) await page.keyboard.press('ArrowRight');
    expect(await page.isChecked('#q_overall_grade-9')).toBe(true);
    await tabTo(page, '#t_open_went_well');
    await page.keyboard.type('Opettajat ovat lämpimiä ja kannustavia.');
    expect(await page.textContent('#t_open_went_well-counter')).toBe('39/1000 merkkiä');
    await tabTo(page, 'button[data-main]');
    await pressAndWait(page, 'Enter', /step\/review/);
    expect(await page.textContent('main')).toContain('Opettajat ovat lämpimiä ja kannustavia.');
    expect(await page.textContent('main')).toContain('4 Jokseenkin samaa mieltä');

    await tabTo(page, 'button[value=submit]');
    await pressAndWait(page, 'Enter', /thanks/);
    expect(await page.textContent('h1')).toBe('Kiitos vastauksestasi!');
    expect(await lahtiCount()).toBe(before + 1);
    // The day's responses wait in the inbox (answers inside) until the day has passed (docs/privacy.md).
    const inbox = await connection.db
      .selectFrom('response_inbox')
      .select(['answers', 'open_answers', 'language'])
      .where('round_id', '=', lahti.roundId)
      .execute();
    const stored = inbox.find((r) => r.open_answers.some((o) => o.t === 'Opettajat ovat lämpimiä ja kannustavia.'));
    expect(stored?.language).toBe('fi');
    expect(stored?.answers).toEqual(
      expect.arrayContaining([
        { k: 'safety_feels_safe', v: 5 },
        { k: 'interaction_guardian_respected', v: 0 },
        { k: 'overall_grade', v: 9 },
      ]),
    );
    expect(foreign).toEqual([]);
    const cookies = await context.cookies();
    expect(cookies.map((c) => c.name)).toEqual([]);
    await context.close();
  });

  it('the whole survey works with JavaScript disabled, and a double submit and a retry store one response', async () => {
    const before = await lahtiCount();
    const context = await browser.newContext({ ...PHONE, javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(`${base}/s/${ROUND}/lahti?lang=en`);
    await page.click('button[value=start]');
    await page.click('button[data-main]');
    expect(await page.textContent('.error-summary')).toContain('Choose one option.');
    expect(await page.getAttribute('#group', 'aria-describedby')).toBe('group-error');
    await page.selectOption('#unit', 'none');
    await page.click('label[for=group-grades_7_9]');
    await page.click('button[data-main]');
    for (const section of SECTIONS) {
      await page.waitForURL(new RegExp(`step/${section}`));
      const first = page.locator('input[type=radio][value="4"]').first();
      if (await first.count()) await first.check({ force: true });
      await page.click('button[data-main]');
    }
    await page.waitForURL(/step\/review/);
    const form = await page.evaluate(() => {
      const f = document.querySelector<HTMLFormElement>('#step-form')!;
      return { action: f.action, fields: Object.fromEntries(new FormData(f) as unknown as [string, string][]) };
    });
    // The second click aborts the first submission's navigation; polling the URL (rather than waiting for one
    // navigation) does not fail on that abort, which a loaded machine makes likely.
    await page.dblclick('button[value=submit]');
    await expect.poll(() => page.url(), { timeout: 30_000 }).toMatch(/thanks/);
    await page.waitForLoadState();
    expect(await page.textContent('h1')).toBe('Thank you for your answers!');
    const retry = await context.request.post(form.action, { form: { ...form.fields, go: 'submit' } });
    expect(retry.url()).toMatch(/\/thanks\?/);
    expect(await lahtiCount()).toBe(before + 1);
    await context.close();
  });

  // Every step in every offered language, at 320 px: survey-languages.test.ts.
  for (const lang of ['fi', 'sv', 'en']) {
    it(`the privacy page and a refused code have zero axe violations in ${lang}`, async () => {
      const context = await browser.newContext(PHONE);
      const page = await context.newPage();
      await page.goto(`${base}/s/privacy?lang=${lang}`);
      await expectNoAxeViolations(page, 'privacy');
      await page.goto(`${base}/s/code?lang=${lang}`);
      await page.fill('#code', 'NOPE-NOPE');
      await page.click('button.primary');
      await expectNoAxeViolations(page, 'code with error');
      await context.close();
    });
  }

  it('at 200 % zoom of a 640 px window (a 320 CSS px layout) nothing scrolls sideways', async () => {
    const context: BrowserContext = await browser.newContext({
      viewport: { width: 320, height: 360 },
      deviceScaleFactor: 2,
    });
    const page = await context.newPage();
    await page.goto(`${base}/s/${ROUND}/lahti?lang=fi`);
    await page.click('button[value=start]');
    await page.waitForURL(/background/);
    for (const step of ['background', 'interaction', 'overall', 'review']) {
      await page.goto(`${base}/s/${ROUND}/step/${step}`);
      expect(await sidewaysOverflow(page), step).toBeLessThanOrEqual(0);
    }
    await context.close();
  });
});
