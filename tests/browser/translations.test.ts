import { readFile } from 'node:fs/promises';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRound, transitionRound } from '@gs/db';
import { DEMO_USERS } from '@gs/db/demo';
import { type TestServer, axeViolations, browserAvailable, launchBrowser, startTestServer } from './harness.ts';

/**
 * Issue 13.2's done-when: a coordinator exports the Estonian texts of the current ECEC version,
 * changes one statement, imports with one bad row first (clear error, nothing stored), then the
 * good file, and sees the change in the survey. The ECEC questionnaire is complete in Estonian
 * (issue 13.3), so the statement is changed in the exported translation.
 */

let server: TestServer;
let browser: Browser;
const coordinator = DEMO_USERS.find((u) => u.role === 'coordinator')!;
const STATEMENT = 'item.interaction_staff_friendly';
const BEFORE = 'Töötajad suhtuvad minu lapsesse sõbralikult ja soojalt.';
const CHANGED = 'Töötajad kohtlevad mu last sõbralikult ja soojalt.';

/** Clicks the export link and returns the downloaded file's text. */
async function download(page: Page): Promise<{ name: string; text: string }> {
  const [file] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('link', { name: /^Lataa / }).click(),
  ]);
  return { name: file.suggestedFilename(), text: await readFile((await file.path()) as string, 'utf8') };
}

/** Chooses a file in the import panel (opened first when closed) and waits for its preview. */
async function choose(page: Page, name: string, text: string, mimeType: string) {
  const panel = page.locator('details.console-import');
  if ((await panel.getAttribute('open')) === null) await panel.getByText('Tuo käännös (viro)').click();
  await page.getByLabel('Valitse käännöstiedosto (.xlf tai .csv)').setInputFiles({
    name,
    mimeType,
    buffer: Buffer.from(text),
  });
  await page.locator('.console-import-report').waitFor();
}

/** The ECEC v1 texts revision: bumped by every import that changes something, so "nothing stored" is checkable. */
const textsRevision = async () =>
  (
    await server.db
      .selectFrom('instrument_version')
      .select('texts_revision')
      .where('family_key', '=', 'ecec')
      .where('version', '=', 1)
      .executeTakeFirstOrThrow()
  ).texts_revision;

describe.skipIf(!browserAvailable)('a coordinator translates the ECEC questionnaire into Estonian in Chromium', () => {
  beforeAll(async () => {
    [server, browser] = await Promise.all([startTestServer(), launchBrowser()]);
    // An ECEC round open for answers, on the current ECEC version (the demo's are all published).
    const ecec = await server.db
      .selectFrom('instrument_version')
      .select('id')
      .where('family_key', '=', 'ecec')
      .orderBy('version', 'desc')
      .executeTakeFirstOrThrow();
    const round = await createRound(
      server.db,
      {
        family: 'ecec',
        instrumentVersionId: ecec.id,
        year: 2027,
        opensOn: '2027-03-01',
        closesOn: '2027-03-14',
        municipalityCodes: ['398'],
      },
      null,
    );
    await transitionRound(server.db, round.id, 'open', null);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('exports, fixes a bad file, imports, and sees the changed statement in the Estonian survey', async () => {
    const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
    await ctx.addInitScript(() => localStorage.setItem('lang', 'fi'));
    const page = await ctx.newPage();

    await page.goto(`${server.url}/console`);
    await page.getByLabel('Sähköposti').fill(coordinator.email);
    await page.getByLabel('Salasana').fill(coordinator.password);
    await page.getByRole('button', { name: 'Kirjaudu', exact: true }).click();
    await page.getByRole('link', { name: 'Kyselylomakkeet', exact: true }).click();
    await page.waitForURL('**/console/instruments');
    const ececPanel = page.locator('section.console-panel', {
      has: page.getByRole('heading', { name: 'Varhaiskasvatus ja esiopetus' }),
    });
    const etHeader = ececPanel.getByRole('columnheader', { name: 'viro' });
    await etHeader.waitFor();
    await ececPanel.getByRole('link', { name: 'v1', exact: true }).first().click();
    await page.getByRole('heading', { name: 'Käännökset' }).waitFor();
    const etRow = page.getByRole('row', { name: /^viro / });
    const total = Number((await etRow.locator('td').first().textContent())?.split('/')[1]?.trim());
    expect(await etRow.locator('td').first().textContent()).toBe(`${total} / ${total}`);
    expect(await axeViolations(page), 'translations panel').toEqual([]);
    const revision = await textsRevision();

    // 1. The XLIFF export carries the Estonian texts as targets.
    await page.getByLabel('Kieli', { exact: true }).selectOption('et');
    await page.getByLabel('Tiedostomuoto').selectOption('xliff');
    const xliff = await download(page);
    expect(xliff.name).toBe('ecec-v1-et.xlf');
    expect(xliff.text).toContain('trgLang="et"');
    expect(xliff.text).toContain(`<target>${BEFORE}</target>`);

    // 2. The CSV export, one statement changed.
    await page.getByLabel('Tiedostomuoto').selectOption('csv');
    const csv = await download(page);
    expect(csv.name).toBe('ecec-v1-et.csv');
    const lines = csv.text.split('\r\n');
    const at = lines.findIndex((l) => l.startsWith(`"${STATEMENT}";`));
    expect(at).toBeGreaterThan(0);
    expect(lines[at]).toContain(`;"${BEFORE}"`);
    lines[at] = lines[at]!.replace(`;"${BEFORE}"`, `;"${CHANGED}"`);
    const good = lines.join('\r\n');

    // 3. One bad row first: a key this version does not have. Clear error, nothing stored.
    const badLines = [...lines];
    badLines[3] = badLines[3]!.replace(/^"[^"]+"/, '"item.no_such_statement"');
    await choose(page, 'ecec-v1-et.csv', badLines.join('\r\n'), 'text/csv');
    const report = page.locator('.console-import-report');
    await report.getByText(/Mitään ei tuoda ennen kuin ne on korjattu/).waitFor();
    expect(await report.textContent()).toContain("this version has no text 'item.no_such_statement'");
    const issue = report.getByRole('row', { name: /no_such_statement/ });
    expect(await issue.locator('td').first().textContent()).toBe('4');
    expect(await page.getByRole('button', { name: /^Tuo \d+ riviä/ }).count()).toBe(0);
    expect(await textsRevision()).toBe(revision);

    // 4. The good file: the preview shows the one change, then it is imported.
    await choose(page, 'ecec-v1-et.csv', good, 'text/csv');
    const change = report.getByRole('row', { name: new RegExp(STATEMENT) });
    await change.waitFor();
    expect(await change.textContent()).toContain(CHANGED);
    expect(await report.locator('tbody tr').count()).toBe(1);
    expect(await axeViolations(page), 'translation preview').toEqual([]);
    await page.getByRole('button', { name: `Tuo ${total} riviä` }).click();
    await page.getByText(/Tuonti valmis: uusia 0, muuttuneita 1/).waitFor();
    expect(await textsRevision()).toBe(revision + 1);

    // 5. The survey in Estonian shows the changed statement.
    await page.goto(`${server.url}/s/2027-ecec/lahti?lang=et`);
    expect(await page.getAttribute('html', 'lang')).toBe('et');
    await page.locator('button[value=start]').click();
    await page.waitForURL(/step\/background/);
    await page.locator('#unit').selectOption({ index: 1 });
    await page.locator('label[for=group-under_3]').click();
    await page.locator('button[data-main]').click();
    await page.waitForURL(/step\/interaction/);
    await expect.poll(async () => page.locator('main').textContent()).toContain(CHANGED);
    await ctx.close();
  });

  it('shows the completeness tables and the translations panel at 320 px, accessible and without sideways scrolling', async () => {
    const ctx = await browser.newContext({ viewport: { width: 320, height: 640 } });
    await ctx.addInitScript(() => localStorage.setItem('lang', 'fi'));
    const res = await ctx.request.post(`${server.url}/api/auth/sign-in`, {
      data: { email: coordinator.email, password: coordinator.password },
      headers: { origin: server.url },
    });
    expect(res.status()).toBe(200);
    const page = await ctx.newPage();
    await page.goto(`${server.url}/console/instruments`);
    await page.getByRole('columnheader', { name: 'viro' }).first().waitFor();
    const overflow = () => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(await overflow(), 'questionnaires').toBeLessThanOrEqual(0);
    expect(await axeViolations(page), 'questionnaires at 320 px').toEqual([]);
    await page.getByRole('link', { name: 'v1', exact: true }).first().click();
    await page.getByRole('heading', { name: 'Käännökset' }).waitFor();
    await page.locator('details.console-import summary').click();
    expect(await overflow(), 'translations panel').toBeLessThanOrEqual(0);
    expect(await axeViolations(page), 'translations panel at 320 px').toEqual([]);
    await ctx.close();
  });
});
