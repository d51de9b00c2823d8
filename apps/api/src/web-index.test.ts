import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase } from '@gs/db/testing';
import { createApp } from './app.ts';
import { loadConfig } from './config.ts';

// The web app's index page: report pages name the reports chunk and its shared imports for
// preloading, so a phone loads them beside the main script (bench:report-page); other pages do not.
describe('the web app index page', () => {
  let t: Awaited<ReturnType<typeof openTestDatabase>>;
  let app: ReturnType<typeof createApp>;
  beforeAll(async () => {
    const webDist = mkdtempSync(join(tmpdir(), 'gs-web-index-'));
    mkdirSync(join(webDist, '.vite'));
    writeFileSync(
      join(webDist, 'index.html'),
      '<!doctype html><html><head><script type="module" src="/assets/main-1.js"></script></head><body></body></html>',
    );
    writeFileSync(
      join(webDist, '.vite', 'manifest.json'),
      JSON.stringify({
        'index.html': { file: 'assets/main-1.js', isEntry: true },
        _shared: { file: 'assets/shared-2.js' },
        'src/features/reports/reports-page.tsx': {
          file: 'assets/reports-page-3.js',
          imports: ['index.html', '_shared'],
        },
      }),
    );
    t = await openTestDatabase();
    app = createApp({ db: t.db, config: loadConfig({ ...process.env, NODE_ENV: 'test', WEB_DIST: webDist }) });
  });
  afterAll(async () => t?.close());

  it('preloads the reports chunk on report pages, before the end of the head', async () => {
    const res = await app.request('/reports/2025-ecec/398');
    expect(res.status).toBe(200);
    const html = await res.text();
    const head = html.slice(0, html.indexOf('</head>'));
    expect(head).toContain('<link rel="modulepreload" crossorigin href="/assets/reports-page-3.js" />');
    expect(head).toContain('<link rel="modulepreload" crossorigin href="/assets/shared-2.js" />');
    expect(html).not.toContain('href="/assets/main-1.js"');
  });

  it("names a report page's first API reads for preloading, with the page's filters and nothing else", async () => {
    const links = async (path: string) => {
      const html = await (await app.request(path)).text();
      return [...html.matchAll(/<link rel="preload" as="fetch" crossorigin href="([^"]*)" \/>/g)].map((m) => m[1]);
    };
    expect(await links('/reports/2025-ecec/398?group=age_3_5&language=sv&print=1')).toEqual([
      '/api/auth/me',
      '/api/reports/rounds/2025-ecec',
      '/api/reports/rounds/2025-ecec/municipalities/398?group=age_3_5&amp;language=sv',
    ]);
    expect(await links('/reports/2025-ecec/units/12?group=age_3_5&source=live')).toEqual([
      '/api/auth/me',
      '/api/reports/rounds/2025-ecec',
      '/api/reports/rounds/2025-ecec/units/12?source=live',
    ]);
    expect(await links('/reports/2025-ecec')).toContain('/api/reports/rounds/2025-ecec/region');
    for (const path of ['/reports', '/reports/overview', '/reports/trends/ecec', '/reports/2025-ecec/compare']) {
      expect(await links(path), path).toEqual([]);
    }
  });

  it('leaves other pages as built', async () => {
    for (const path of ['/', '/console', '/console/rounds']) {
      const html = await (await app.request(path)).text();
      expect(html, path).not.toContain('modulepreload');
    }
  });
});
