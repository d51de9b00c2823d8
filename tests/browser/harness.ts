import { existsSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { serve } from '@hono/node-server';
import { AxeBuilder } from '@axe-core/playwright';
import { type Browser, type BrowserContextOptions, type Page, chromium } from 'playwright-core';
import { createApp } from '@gs/api/app';
import { loadConfig } from '@gs/api/config';
import { type Db, connect, migrateToLatest } from '@gs/db';
import { loadDemoData } from '@gs/db/demo';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Browser tests need Debian's chromium; CI (REQUIRE_BROWSER=1) fails without it, a laptop skips. */
export const browserAvailable = existsSync(CHROMIUM_PATH);
if (!browserAvailable && process.env.REQUIRE_BROWSER === '1') {
  throw new Error(`Chromium not found at ${CHROMIUM_PATH}: apt-get install -y chromium`);
}

const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

/** Starts Debian's Chromium headless with the flags this closed network needs. */
export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_ARGS });
}

export interface TestServer {
  url: string;
  /** The server's database, for a test that moves the calendar on (e.g. a round opens). */
  db: Db;
  close(): Promise<void>;
}

/**
 * The real app on a random port over in-memory PGlite loaded with the demo data,
 * serving the built web app (run `pnpm build` first; `pnpm test` does).
 */
export async function startTestServer(): Promise<TestServer> {
  const config = loadConfig({ ...process.env, DEMO_DATA: '0', NODE_ENV: 'test' });
  if (!existsSync(resolve(config.WEB_DIST, 'index.html'))) throw new Error('web app not built: run pnpm build');
  const connection = await connect({ kind: 'pglite', dataDir: 'memory' });
  await migrateToLatest(connection.db);
  await loadDemoData(connection.db, { seed: config.DEMO_SEED });
  const app = createApp({ db: connection.db, config });
  const server = await new Promise<ReturnType<typeof serve>>((ok) => {
    const s = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => ok(s));
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    db: connection.db,
    async close() {
      await new Promise<void>((ok) => server.close(() => ok()));
      await connection.close();
    },
  };
}

/** A phone-sized context (iPhone SE-like, 375 × 667). */
export const PHONE: BrowserContextOptions = {
  viewport: { width: 375, height: 667 },
  deviceScaleFactor: 2,
  isMobile: true,
  hasTouch: true,
};

/** Runs axe-core for WCAG 2.1 A/AA on the page; returns the violations (expect an empty list). */
export async function axeViolations(page: Page) {
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  return result.violations.map((v) => ({
    id: v.id,
    impact: v.impact,
    help: v.help,
    targets: v.nodes.map((n) => n.target.join(' ')),
  }));
}
