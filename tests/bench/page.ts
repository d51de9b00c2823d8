// pnpm bench:page — how soon a guardian can answer the first question on a throttled phone.
// Builds the web app, starts the real app over PGlite with the demo data, opens the first
// question page of the demo open link in Chromium with 4x CPU throttling, several times with
// JavaScript on and off, and prints JSON as its last line.
import { execFileSync } from 'node:child_process';
import type { Browser, Cookie } from 'playwright-core';
import { PHONE, launchBrowser, startTestServer } from '../browser/harness.ts';
import { median, throttledPhone } from './phone-load.ts';

const RUNS = Number(process.env.BENCH_RUNS ?? 9);
const ROUND = '2026-basic';
const FIRST_QUESTION = `/s/${ROUND}/step/interaction`;

/** A draft cookie for the demo open link, so the first question page can be loaded directly. */
async function draftCookie(browser: Browser, base: string): Promise<Cookie[]> {
  const context = await browser.newContext(PHONE);
  const page = await context.newPage();
  await page.goto(`${base}/s/${ROUND}/lahti?lang=fi`);
  await Promise.all([page.waitForURL(/step\/background/), page.click('button[value=start]')]);
  const cookies = await context.cookies();
  await context.close();
  return cookies;
}

/**
 * One cold load (fresh context, empty cache) at 4x CPU throttling: milliseconds from the start
 * of navigation until the first answer option accepts a click (Playwright's trial click: visible,
 * stable, enabled and the top element at its centre), and the bytes of script and CSS downloaded.
 */
async function load(browser: Browser, base: string, cookies: Cookie[], javaScriptEnabled: boolean) {
  const { context, page, sizes } = await throttledPhone(browser, { javaScriptEnabled });
  await context.addCookies(cookies);
  const started = performance.now();
  await page.goto(base + FIRST_QUESTION, { waitUntil: 'commit' });
  await page.locator('.statement .option label').first().click({ trial: true, timeout: 15_000 });
  const ms = performance.now() - started;
  await page.waitForLoadState('load');
  const downloaded = await sizes();
  await context.close();
  return { ms, ...downloaded };
}

if (!process.env.BENCH_SKIP_BUILD)
  execFileSync('pnpm', ['--filter', '@gs/web', 'build'], { stdio: ['ignore', 'ignore', 'inherit'] });
const server = await startTestServer();
const base = server.url;
const browser = await launchBrowser();
try {
  const cookies = await draftCookie(browser, base);
  await load(browser, base, cookies, true);
  await load(browser, base, cookies, false);
  const on: Awaited<ReturnType<typeof load>>[] = [];
  const off: Awaited<ReturnType<typeof load>>[] = [];
  for (let i = 0; i < RUNS; i++) {
    on.push(await load(browser, base, cookies, true));
    off.push(await load(browser, base, cookies, false));
  }
  const round1 = (x: number) => Math.round(x * 10) / 10;
  console.log(`JS on  (ms): ${on.map((r) => Math.round(r.ms)).join(' ')}`);
  console.log(`JS off (ms): ${off.map((r) => Math.round(r.ms)).join(' ')}`);
  console.log(
    JSON.stringify({
      js_gzip_kb: round1(on[0]!.jsKb),
      css_gzip_kb: round1(on[0]!.cssKb),
      interactive_ms: Math.round(median(on.map((r) => r.ms))),
      nojs_interactive_ms: Math.round(median(off.map((r) => r.ms))),
    }),
  );
} finally {
  await browser.close();
  await server.close();
}
