// pnpm bench:report-page — how soon a member of the public can read a municipality's published
// report on a throttled phone, against the floor: a static HTML file of the same headings and
// tables with the same stylesheet. Builds the web app (BENCH_SKIP_BUILD=1 to reuse a build),
// starts the real app over PGlite with the demo data, loads /reports/2025-ecec/398 (Lahti) cold
// in Chromium as a phone with 4x CPU throttling, then the floor the same way. Last line: JSON.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { loadConfig } from '@gs/api/config';
import { launchBrowser, startTestServer } from '../browser/harness.ts';
import { median, throttledPhone } from './phone-load.ts';

const RUNS = Number(process.env.BENCH_RUNS ?? 9);
const PATH = process.env.BENCH_REPORT_PATH ?? '/reports/2025-ecec/398';
/** The report is readable when its summary is on screen and every table of figures is in the page. */
const READY = '.report-headline';
const TABLE = 'table.report-table';

/**
 * One cold load (fresh context, empty cache) at 4x CPU throttling: milliseconds from the start of
 * navigation until the summary is visible and all `tables` tables are in the page; and the gzip
 * bytes of script and CSS downloaded until the load event.
 */
async function load(browser: Browser, url: string, tables: number) {
  const { context, page, sizes } = await throttledPhone(browser);
  await context.addInitScript(() => localStorage.setItem('lang', 'fi'));
  const started = performance.now();
  await page.goto(url, { waitUntil: 'commit' });
  await page.locator(READY).first().waitFor({ timeout: 30_000 });
  await page.waitForFunction((n) => document.querySelectorAll('table.report-table').length >= n, tables, {
    timeout: 30_000,
    polling: 'raf',
  });
  const ms = performance.now() - started;
  await page.waitForLoadState('load');
  const downloaded = await sizes();
  const html = await page.evaluate(() => document.querySelector('main')?.outerHTML ?? '');
  const count = await page.locator(TABLE).count();
  await context.close();
  return { ms, ...downloaded, html, tables: count };
}

/** The floor: the report's headings and tables as one static page, with the app's stylesheet and no script. */
function staticServer(main: string, cssPath: string): Promise<Server> {
  const css = readFileSync(cssPath);
  const cleaned = main
    .replace(/<canvas[^>]*>.*?<\/canvas>/gs, '')
    .replace(/<details([^>]*)>/g, '<details$1 open>')
    .replace(/<(select|button)[\s\S]*?<\/\1>/g, '');
  const html = `<!doctype html><html lang="fi"><head><meta charset="UTF-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Floor</title><link rel="stylesheet" href="/style.css"></head><body>${cleaned}</body></html>`;
  const server = createServer((req, res) => {
    if (req.url === '/style.css') {
      res.writeHead(200, { 'content-type': 'text/css' }).end(css);
    } else res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(html);
  });
  return new Promise((ok) => server.listen(0, '127.0.0.1', () => ok(server)));
}

if (!process.env.BENCH_SKIP_BUILD) execFileSync('node', ['scripts/build.mjs', 'web'], { stdio: 'inherit' });
const config = loadConfig({ ...process.env, NODE_ENV: 'test' });
const manifest = JSON.parse(readFileSync(join(config.WEB_DIST, '.vite/manifest.json'), 'utf8')) as Record<
  string,
  { file: string; css?: string[]; isEntry?: boolean }
>;
const mainCss = Object.values(manifest).find((m) => m.isEntry && m.file.includes('main'))?.css?.[0];
if (!mainCss) throw new Error('no stylesheet of the main entry in the manifest');
const server = await startTestServer();
const browser = await launchBrowser();
let floor: Server | undefined;
try {
  const warm = await load(browser, server.url + PATH, 1);
  if (warm.tables === 0) throw new Error(`no tables on ${PATH}`);
  floor = await staticServer(warm.html, join(config.WEB_DIST, mainCss));
  const floorUrl = `http://127.0.0.1:${(floor.address() as AddressInfo).port}/`;
  await load(browser, floorUrl, warm.tables);
  const app: Awaited<ReturnType<typeof load>>[] = [];
  const stat: Awaited<ReturnType<typeof load>>[] = [];
  for (let i = 0; i < RUNS; i++) {
    app.push(await load(browser, server.url + PATH, warm.tables));
    stat.push(await load(browser, floorUrl, warm.tables));
  }
  const round1 = (x: number) => Math.round(x * 10) / 10;
  console.log(`${warm.tables} tables on ${PATH}`);
  console.log(`report (ms): ${app.map((r) => Math.round(r.ms)).join(' ')}`);
  console.log(`static (ms): ${stat.map((r) => Math.round(r.ms)).join(' ')}`);
  const reportMs = median(app.map((r) => r.ms));
  const staticMs = median(stat.map((r) => r.ms));
  console.log(
    JSON.stringify({
      js_gzip_kb: round1(app[0]!.jsKb),
      css_gzip_kb: round1(app[0]!.cssKb),
      report_ms: Math.round(reportMs),
      static_ms: Math.round(staticMs),
      ratio: round1(reportMs / staticMs),
    }),
  );
} finally {
  floor?.close();
  await browser.close();
  await server.close();
}
