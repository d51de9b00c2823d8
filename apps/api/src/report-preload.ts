/**
 * The API reads a report page makes first, named in its HTML as `<link rel="preload" as="fetch">`:
 * the browser asks for them while the main script and the reports chunk load and run (about 0.6 s
 * on a throttled phone, bench:report-page), instead of after them and then one after the other
 * (the page asks who is signed in, then the round and the scope). The page's own `fetch` (same
 * URL, same-origin credentials, CORS mode) takes the preloaded answer.
 *
 * Mirrors the web app's report routes (`parse` and `ScopePage` in
 * apps/web/src/features/reports/reports-page.tsx); `tests/browser/report-preload.test.ts` checks
 * that the page asks for exactly these URLs, each once.
 */
export function reportPreloads(path: string, search: string): string[] {
  const parts = path
    .replace(/\/+$/, '')
    .split('/')
    .slice(2)
    .map((p) => {
      try {
        return decodeURIComponent(p);
      } catch {
        return '';
      }
    });
  const [slug, a, b] = parts;
  if (!slug || !/^[a-z0-9-]+$/.test(slug) || slug === 'overview' || slug === 'trends') return [];
  const scope =
    a === undefined
      ? { path: '/region', filters: true }
      : a === 'units' && b && /^\d+$/.test(b) && parts.length === 3
        ? { path: `/units/${b}`, filters: false }
        : /^\d{3}$/.test(a) && b === undefined
          ? { path: `/municipalities/${a}`, filters: true }
          : null;
  if (!scope) return [];
  const query = new URLSearchParams(search);
  const q = new URLSearchParams();
  for (const k of ['source', 'version', ...(scope.filters ? ['group', 'language'] : [])]) {
    const v = query.get(k);
    if (v) q.set(k, v);
  }
  const base = `/api/reports/rounds/${encodeURIComponent(slug)}`;
  return ['/api/auth/me', base, `${base}${scope.path}${q.size ? `?${q}` : ''}`];
}

/** The `<link>` elements for `reportPreloads`, attribute-escaped. */
export function reportPreloadLinks(path: string, search: string): string {
  return reportPreloads(path, search)
    .map(
      (url) =>
        `<link rel="preload" as="fetch" crossorigin href="${url.replaceAll('&', '&amp;').replaceAll('"', '&quot;')}" />`,
    )
    .join('');
}
