import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_USERS } from '@gs/db/demo';
import { type TestServer, axeViolations, browserAvailable, launchBrowser, startTestServer } from './harness.ts';

type Who = 'coordinator' | 'municipality_contact' | 'steering_group';

let server: TestServer;
let browser: Browser;

function demoUser(role: Who) {
  const u = DEMO_USERS.find(
    (x) => x.role === role && (role !== 'municipality_contact' || x.municipalityCode === '398'),
  );
  if (!u) throw new Error(`no demo ${role}`);
  return u;
}

async function signedIn(role: Who, locale = 'en-GB'): Promise<Page> {
  const context = await browser.newContext({ locale, viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  await page.goto(`${server.url}/console`);
  const u = demoUser(role);
  const t = locale.startsWith('fi')
    ? { email: 'Sähköposti', password: 'Salasana', submit: 'Kirjaudu' }
    : { email: 'E-mail', password: 'Password', submit: 'Sign in' };
  await page.getByLabel(t.email).fill(u.email);
  await page.getByLabel(t.password).fill(u.password);
  await page.getByRole('button', { name: t.submit, exact: true }).click();
  if (role === 'steering_group') {
    // A steering member lands on the results overview; the console is one link away.
    await page.waitForURL('**/reports/overview');
    await page.goto(`${server.url}/console`);
  }
  await page.locator('.console-nav').waitFor();
  return page;
}

async function navLinks(page: Page) {
  return page.locator('.console-nav a').allTextContents();
}

async function expectAccessible(page: Page, label: string) {
  await page.locator('main h1').first().waitFor();
  await page.waitForLoadState('networkidle');
  expect(await axeViolations(page), label).toEqual([]);
}

async function openRound(page: Page, slug: string) {
  await page.getByRole('link', { name: 'Survey rounds' }).click();
  await page.getByRole('link', { name: slug, exact: true }).click();
  await page.getByRole('heading', { level: 1, name: new RegExp(`Round ${slug}`) }).waitFor();
}

describe.skipIf(!browserAvailable)('the console in Chromium', () => {
  beforeAll(async () => {
    [server, browser] = await Promise.all([startTestServer(), launchBrowser()]);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('the sign-in page is accessible and a wrong password is said next to the form', async () => {
    const context = await browser.newContext({ locale: 'fi-FI' });
    const page = await context.newPage();
    await page.goto(`${server.url}/console`);
    await page.getByRole('heading', { level: 1, name: 'Kirjaudu hallintaan' }).waitFor();
    await expectAccessible(page, 'sign-in (fi)');
    await page.getByLabel('Sähköposti').fill('coordinator@demo.test');
    await page.getByLabel('Salasana').fill('not the password');
    await page.getByRole('button', { name: 'Kirjaudu', exact: true }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toBe('Sähköposti tai salasana on väärin.');
    await context.close();
  });

  it('a coordinator sees every section and takes the proposed 2027 ECEC round from draft to a published snapshot', async () => {
    const page = await signedIn('coordinator');
    expect(await navLinks(page)).toEqual([
      'Survey rounds',
      'Open answers',
      'Questionnaires',
      'Municipalities',
      'Units',
      'Earlier surveys',
      'Users',
      'Audit log',
      'My account',
    ]);
    await expectAccessible(page, 'rounds (coordinator)');

    await page.getByRole('link', { name: 'New round' }).click();
    await page.getByRole('heading', { level: 1, name: 'New survey round' }).waitFor();
    await expect
      .poll(() => page.locator('.console-notice').textContent())
      .toContain('The cycle rule gives 2027 to Early childhood and pre-primary education');
    expect(await page.getByLabel('Year').inputValue()).toBe('2027');
    expect(await page.getByLabel('Survey', { exact: true }).inputValue()).toBe('ecec');
    await expectAccessible(page, 'new round form');
    await page.getByRole('button', { name: 'Create the round as a draft' }).click();

    await page.getByRole('heading', { level: 1, name: /Round 2027-ecec/ }).waitFor();
    await expect.poll(() => page.locator('h1 .console-badge').textContent()).toBe('draft');
    await expectAccessible(page, 'draft round');
    await page.getByRole('button', { name: 'Open the round' }).click();
    await expect.poll(() => page.locator('h1 .console-badge').textContent()).toBe('open');
    await page.getByRole('button', { name: 'Close the round now' }).click();
    await expect.poll(() => page.locator('h1 .console-badge').textContent()).toBe('closed');
    await page.getByRole('button', { name: 'Publish the results' }).click();
    await expect.poll(() => page.locator('h1 .console-badge').textContent()).toBe('published');
    await expect.poll(() => page.locator('table tbody tr th').first().textContent()).toBe('1');

    await page.getByLabel('Reason for a new published version').fill('Base counts corrected');
    await page.getByRole('button', { name: 'Publish a new version' }).click();
    await expect.poll(() => page.locator('table tbody tr').count()).toBe(2);
    expect(await page.locator('table tbody tr').first().textContent()).toContain('Base counts corrected');
    await expectAccessible(page, 'published round');

    await page.getByRole('link', { name: 'Audit log' }).click();
    await page.getByRole('heading', { level: 1, name: 'Audit log' }).waitFor();
    await expect
      .poll(() => page.locator('tbody th code').allTextContents())
      .toEqual(
        expect.arrayContaining(['round.create', 'round.open', 'round.closed', 'round.published', 'round.republished']),
      );
    await expectAccessible(page, 'audit log');
    await page.context().close();
  });

  it('a coordinator follows progress, copies links and makes one-time codes shown once, as CSV and A4 slips', async () => {
    const page = await signedIn('coordinator');
    await openRound(page, '2026-basic');
    await page.getByRole('link', { name: 'Progress' }).click();
    await page.getByRole('heading', { name: 'By municipality' }).waitFor();
    await expect
      .poll(() => page.locator('.console-progress-total').textContent())
      .toMatch(/Whole round:.*\d.*\/.*\(.*%\)/);
    await expectAccessible(page, 'progress');

    await page.getByRole('link', { name: 'Links and codes' }).click();
    await page.getByRole('heading', { name: 'Open links' }).waitFor();
    expect(await page.getByLabel('Link: Lahti').inputValue()).toBe(`${server.url}/s/2026-basic/lahti`);
    await expectAccessible(page, 'links and codes');

    await page.getByLabel('Municipality').selectOption('398');
    await page.getByLabel('How many').fill('5');
    await page.getByRole('button', { name: 'Make the codes' }).click();
    await page.getByRole('heading', { name: 'Batch 1: 5 codes' }).waitFor();
    expect(await page.locator('.console-warning').textContent()).toContain('shown only now');
    await expect.poll(() => page.locator('tbody tr').last().textContent()).toMatch(/Whole municipality\s*05/);

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Download CSV' }).click(),
    ]);
    const csv = readFileSync((await download.path()) as string, 'utf8');
    const lines = csv
      .replace(/^\ufeff/, '')
      .trim()
      .split('\r\n');
    expect(lines[0]).toBe('code;url;round;municipality_code;unit');
    expect(lines).toHaveLength(6);
    expect(lines[1]).toMatch(/^[2-9A-Z]{4}-[2-9A-Z]{4};http.*\/s\/code\?code=.*;2026-basic;398;$/);

    expect(await page.locator('.console-slip').count()).toBe(5);
    await page.evaluate(() => document.body.classList.add('console-printing'));
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('.console-slip').first().isVisible()).toBe(true);
    expect(await page.locator('.console-nav').isVisible()).toBe(false);
    expect(await page.locator('.console-slip-code').first().textContent()).toBe(lines[1]?.split(';')[0]);
    await page.emulateMedia({ media: 'screen' });
    await page.evaluate(() => document.body.classList.remove('console-printing'));

    await page.getByRole('button', { name: 'Done, hide the codes' }).click();
    await expect.poll(() => page.locator('.console-slip').count()).toBe(0);
    await page.reload();
    await page.getByRole('heading', { name: 'One-time codes' }).waitFor();
    await expect.poll(() => page.locator('body').textContent()).not.toContain(lines[1]?.split(';')[0]);
    await page.context().close();
  });

  it('a coordinator moderates an open answer: removes a part and approves it, and it leaves the queue', async () => {
    const page = await signedIn('coordinator');
    await page.getByRole('link', { name: 'Open answers' }).click();
    await page.getByRole('heading', { level: 1, name: 'Moderating open answers' }).waitFor();
    await page.locator('.console-answer').first().waitFor();
    await expectAccessible(page, 'moderation queue');
    const before = await page.locator('p[role=status]').textContent();
    const first = page.locator('.console-answer').first();
    const text = (await first.locator('.console-answer-text').textContent()) ?? '';
    await first
      .locator('.console-answer-text span')
      .first()
      .evaluate((el) => {
        const range = document.createRange();
        range.setStart(el.firstChild as Node, 0);
        range.setEnd(el.firstChild as Node, Math.min(5, (el.textContent ?? '').length));
        const sel = window.getSelection();
        sel?.removeAllRanges();
        sel?.addRange(range);
      });
    await first.getByRole('button', { name: 'Remove the selected text' }).click();
    await expect.poll(() => first.locator('.console-preview').textContent()).toContain('[…]');
    await first.getByRole('button', { name: /^Approve/ }).click();
    await expect.poll(() => page.locator('p[role=status]').textContent()).not.toBe(before);
    expect(await page.locator('.console-answer-text').first().textContent()).not.toBe(text);
    await page.context().close();
  });

  it('a municipality contact sees their own municipality only and cannot run rounds or moderate', async () => {
    const page = await signedIn('municipality_contact');
    expect(await navLinks(page)).toEqual(['Survey rounds', 'Units', 'My account']);
    expect(await page.getByRole('link', { name: 'New round' }).count()).toBe(0);
    await expectAccessible(page, 'rounds (contact)');
    await openRound(page, '2026-basic');
    expect(await page.locator('.console-tabs a').allTextContents()).toEqual([
      'Overview',
      'Progress',
      'Links and codes',
      'Base counts',
      'Open answers',
    ]);
    expect(await page.getByRole('button', { name: 'Close the round now' }).count()).toBe(0);

    await page.getByRole('link', { name: 'Progress' }).click();
    await page.getByRole('heading', { name: 'By municipality' }).waitFor();
    await expect
      .poll(() => page.locator('.console-progress-table').first().locator('tbody th').allTextContents())
      .toEqual(['Lahti']);
    // Unit counts: at least 5, or "fewer than 5" without a rate bar (a coordinator sees them exactly).
    const unitRows = page.locator('.console-units .console-progress-table tbody tr');
    const counts = await unitRows.locator('td:nth-child(2)').allTextContents();
    expect(counts.length).toBeGreaterThan(0);
    for (const n of counts) expect(n === 'fewer than 5' || Number(n.replace(/\D/g, '')) >= 5, n).toBe(true);
    const banded = unitRows.filter({ has: page.locator('.console-band') });
    expect(await banded.locator('.console-rate').count()).toBe(0);
    expect(await banded.count()).toBeGreaterThan(0); // the demo's Lahti has small units
    await page.getByText('Unit counts below 5 are shown as “fewer than 5”').waitFor();
    await expectAccessible(page, 'progress (contact)');

    await page.getByRole('link', { name: 'Links and codes' }).click();
    await page.getByRole('heading', { name: 'Open links' }).waitFor();
    await expect.poll(() => page.locator('.console-links tbody tr').count()).toBe(1);
    expect(await page.getByRole('button', { name: 'Make the codes' }).count()).toBe(0);

    await page.getByRole('link', { name: 'Base counts' }).click();
    await page.locator('.console-grid').waitFor();
    expect(await page.locator('.console-grid caption').textContent()).toContain('Municipality 398');
    expect(await page.locator('.console-grid input').count()).toBeGreaterThan(0);
    await expectAccessible(page, 'base counts (contact)');

    await page.getByRole('link', { name: 'Open answers' }).click();
    await page.locator('.console-answers, p:has-text("There are no approved open answers.")').first().waitFor();
    expect(await page.locator('body').textContent()).not.toContain('Hartola');

    await page.goto(`${server.url}/console/moderation`);
    await page.getByRole('heading', { level: 1, name: 'Page not found' }).waitFor();
    await page.goto(`${server.url}/console/units`);
    await page.getByRole('heading', { level: 1, name: 'Units' }).waitFor();
    expect(await page.getByLabel('Municipality').count()).toBe(0);
    await page.getByRole('button', { name: 'Add a unit' }).waitFor();
    await expectAccessible(page, 'units (contact)');
    await page.context().close();
  });

  it('a steering group member reads everything and changes nothing', async () => {
    const page = await signedIn('steering_group');
    expect(await navLinks(page)).toEqual(['Survey rounds', 'Questionnaires', 'Municipalities', 'Units', 'My account']);
    await openRound(page, '2026-basic');
    expect(await page.locator('.console-tabs a').allTextContents()).toEqual(['Overview', 'Progress', 'Base counts']);
    expect(await page.getByRole('heading', { name: 'Round status' }).count()).toBe(0);
    await page.getByRole('link', { name: 'Base counts' }).click();
    await page.locator('.console-grid').waitFor();
    expect(await page.locator('.console-grid input').count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Save base counts' }).count()).toBe(0);
    await expectAccessible(page, 'base counts (steering)');

    await page.getByRole('link', { name: 'Municipalities' }).click();
    await page.getByRole('heading', { level: 1, name: 'Municipalities' }).waitFor();
    await page.locator('tbody tr').first().waitFor();
    expect(await page.getByRole('button', { name: /^Edit/ }).count()).toBe(0);
    await expectAccessible(page, 'municipalities (steering)');

    await page.getByRole('link', { name: 'Questionnaires' }).click();
    await page.getByRole('link', { name: 'v1' }).first().click();
    await page.locator('.console-items').first().waitFor();
    expect(await page.getByRole('button', { name: 'Save' }).count()).toBe(0);
    await expectAccessible(page, 'questionnaire (steering)');
    await page.context().close();
  });

  it('the coordinator’s other pages have no accessibility violations, in Finnish too', async () => {
    const page = await signedIn('coordinator', 'fi-FI');
    for (const [path, heading] of [
      ['/console/instruments', 'Kyselylomakkeet'],
      ['/console/municipalities', 'Kunnat'],
      ['/console/units', 'Yksiköt'],
      ['/console/users', 'Käyttäjät'],
      ['/console/account', 'Oma tili'],
    ] as const) {
      await page.goto(`${server.url}${path}`);
      await page.getByRole('heading', { level: 1, name: heading }).waitFor();
      await page.locator('main table, main form').first().waitFor();
      await expectAccessible(page, path);
    }
    // A rejected request is said in the page's language, chosen by the error's code and field, never
    // in the server's English ("the current password is wrong").
    await page.getByLabel('Nykyinen salasana', { exact: true }).fill('ei tämä salasana');
    await page.getByLabel('Uusi salasana', { exact: true }).fill('kolme kirjavaa kivikkoa 2026');
    await page.getByLabel('Uusi salasana uudelleen', { exact: true }).fill('kolme kirjavaa kivikkoa 2026');
    await page.getByRole('button', { name: 'Vaihda salasana' }).click();
    await expect.poll(() => page.locator('.console-field-error').allTextContents()).toEqual(['Tarkista tämä tieto.']);
    expect(await page.locator('main').textContent()).not.toContain('password is wrong');
    await page.goto(`${server.url}/console/instruments`);
    await page
      .getByRole('button', { name: /Aloita versio v2/ })
      .first()
      .click();
    await page.getByRole('heading', { level: 1, name: /v2$/ }).waitFor();
    await page.locator('.console-item').first().waitFor();
    await expectAccessible(page, 'instrument editor');
    await page.getByRole('button', { name: 'Kirjaudu ulos' }).click();
    await page.getByRole('heading', { level: 1, name: 'Kirjaudu hallintaan' }).waitFor();
    expect(await page.getByRole('status').first().textContent()).toBe('Olet kirjautunut ulos.');
    await page.context().close();
  });
});
