import { gzipSync } from 'node:zlib';
import type { Browser, BrowserContextOptions, Page } from 'playwright-core';
import { PHONE } from '../browser/harness.ts';

/**
 * A cold phone for one load: a fresh context (empty cache) as a phone with 4x CPU throttling, counting
 * the gzip size of every script and stylesheet it downloads. `sizes()` gives them in kB once loaded.
 */
export async function throttledPhone(browser: Browser, options: BrowserContextOptions = {}) {
  const context = await browser.newContext({ ...PHONE, ...options });
  const page: Page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
  const assets: Promise<{ type: string; gzip: number }>[] = [];
  page.on('response', (r) => {
    const type = r.request().resourceType();
    if (type === 'script' || type === 'stylesheet') {
      // A script that arrives as the context closes (a chunk loaded after the load event) has no body to read.
      assets.push(
        r
          .body()
          .then((b) => ({ type, gzip: gzipSync(b).length }))
          .catch(() => ({ type, gzip: 0 })),
      );
    }
  });
  async function sizes() {
    const downloaded = await Promise.all(assets);
    const kb = (type: string) => downloaded.filter((a) => a.type === type).reduce((s, a) => s + a.gzip, 0) / 1024;
    return { jsKb: kb('script'), cssKb: kb('stylesheet') };
  }
  return { context, page, sizes };
}

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}
