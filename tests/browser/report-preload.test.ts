import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_USERS } from '@gs/db/demo';
import { type TestServer, browserAvailable, launchBrowser, startTestServer } from './harness.ts';

let server: TestServer;
let browser: Browser;

/**
 * A report page names its first API reads in its HTML (apps/api/src/report-preload.ts); the page's
 * own requests must take those answers: each scope and round read goes out once, and Chromium
 * reports no preload left unused.
 */
async function load(path: string, signIn?: 'coordinator') {
  const ctx = await browser.newContext();
  if (signIn) {
    const u = DEMO_USERS.find((x) => x.role === signIn)!;
    const res = await ctx.request.post(`${server.url}/api/auth/sign-in`, {
      data: { email: u.email, password: u.password },
      headers: { origin: server.url },
    });
    expect(res.status()).toBe(200);
  }
  const page = await ctx.newPage();
  const requests: string[] = [];
  const warnings: string[] = [];
  page.on('request', (r) => {
    const url = new URL(r.url());
    if (url.pathname.startsWith('/api/')) requests.push(url.pathname + url.search);
  });
  page.on('console', (m) => {
    if (/preload/i.test(m.text())) warnings.push(m.text());
  });
  await page.goto(`${server.url}${path}`);
  await page.locator('.report-headline').first().waitFor();
  const preloads = await page
    .locator('link[rel="preload"][as="fetch"]')
    .evaluateAll((links) => links.map((l) => l.getAttribute('href') ?? ''));
  // Chromium warns about a preload not used within a few seconds of the load event.
  await page.waitForTimeout(4_000);
  await ctx.close();
  return { preloads, requests, warnings };
}

/** The round and scope reads went out once each (the page took the preloaded answers), none left unused. */
function expectTaken({ preloads, requests, warnings }: Awaited<ReturnType<typeof load>>) {
  for (const url of preloads.slice(1)) {
    expect(
      requests.filter((r) => r === url),
      url,
    ).toHaveLength(1);
  }
  expect(warnings).toEqual([]);
}

describe.skipIf(!browserAvailable)('report pages preload their first API reads', () => {
  beforeAll(async () => {
    [server, browser] = await Promise.all([startTestServer(), launchBrowser()]);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('the public report of a municipality: who is signed in, the round and the scope, each asked once', async () => {
    const loaded = await load('/reports/2025-ecec/398');
    expect(loaded.preloads).toEqual([
      '/api/auth/me',
      '/api/reports/rounds/2025-ecec',
      '/api/reports/rounds/2025-ecec/municipalities/398',
    ]);
    expectTaken(loaded);
  });

  it('signed in, the region by group: the filter is in the preloaded URL and the page uses it', async () => {
    const detail = (await (await fetch(`${server.url}/api/reports/rounds/2025-ecec`)).json()) as {
      groups?: { key: string }[];
    };
    const group = detail.groups?.[0]?.key ?? 'age_3_5';
    const loaded = await load(`/reports/2025-ecec?group=${group}`, 'coordinator');
    expect(loaded.preloads).toContain(`/api/reports/rounds/2025-ecec/region?group=${group}`);
    expectTaken(loaded);
  });
});
