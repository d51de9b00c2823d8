import type { Page } from 'playwright-core';
import { type Db, createRound, transitionRound } from '@gs/db';
import { axeViolations } from './harness.ts';

/** How far the page scrolls sideways (0 or less: it fits the window). */
export function sidewaysOverflow(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
}

/**
 * What is wrong with the page for a phone reader, as readable lines (empty: nothing): the axe WCAG 2.1
 * A/AA violations, sideways scrolling, and `<html lang dir>` when a language is expected.
 */
export async function pageProblems(page: Page, label: string, lang?: string): Promise<string[]> {
  const where = `${label} (${page.url()})`;
  const problems: string[] = [];
  if (lang) {
    const html = await page.evaluate(() => [document.documentElement.lang, document.documentElement.dir]);
    const want = [lang, lang === 'ar' ? 'rtl' : 'ltr'];
    if (html.join() !== want.join())
      problems.push(`${where}: <html lang dir> is ${html.join(' ')}, not ${want.join(' ')}`);
  }
  const overflow = await sidewaysOverflow(page);
  if (overflow > 0) problems.push(`${where}: scrolls ${overflow} px sideways`);
  for (const v of await axeViolations(page))
    problems.push(`${where}: axe ${v.id} (${v.help}) at ${v.targets.join(', ')}`);
  return problems;
}

/** Clicks the step form's main button ("Next", "Review", "Send") and waits for the page it leads to. */
export async function next(page: Page, url: RegExp) {
  await Promise.all([page.waitForURL(url), page.click('button[data-main]')]);
}

/** On the background step: no unit named, the first group option, on to the first theme. */
export async function fillBackground(page: Page) {
  await page.selectOption('#unit', 'none');
  await page.locator('input[name=group]').first().check({ force: true });
  await next(page, /\/step\/(?!background)/);
}

/**
 * Opens an ECEC round in Lahti on the newest ECEC questionnaire (the demo's ECEC rounds are all
 * published); returns its slug.
 */
export async function openEcecRound(db: Db, year = 2027): Promise<string> {
  const version = await db
    .selectFrom('instrument_version')
    .select('id')
    .where('family_key', '=', 'ecec')
    .orderBy('version', 'desc')
    .executeTakeFirstOrThrow();
  const dates = { opensOn: `${year}-03-01`, closesOn: `${year}-03-14` };
  const round = await createRound(
    db,
    { family: 'ecec', instrumentVersionId: version.id, year, ...dates, municipalityCodes: ['398'] },
    null,
  );
  await transitionRound(db, round.id, 'open', null);
  return `${year}-ecec`;
}
