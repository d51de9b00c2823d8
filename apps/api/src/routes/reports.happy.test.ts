import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testEngine } from '@gs/db/testing';
import { ScopeReport } from '@gs/schema';
import { ok, reportHarness } from './report-testing.ts';

let h: Awaited<ReturnType<typeof reportHarness>>;
beforeAll(async () => {
  h = await reportHarness();
});
afterAll(async () => h?.t.close());

const item = (r: ScopeReport, key: string) => r.sections.flatMap((s) => s.items).find((i) => i.key === key)!;

describe(`GET /api/reports (${testEngine})`, () => {
  it('lists the published rounds for the public, and live ones too for a signed-in reader', async () => {
    const pub = await ok(await h.get(null, '/api/reports/rounds'));
    expect(pub.rounds.map((r: { slug: string; live: boolean }) => [r.slug, r.live])).toEqual([
      ['2025-ecec', false],
      ['2023-ecec', false],
    ]);
    const signedIn = await ok(await h.get('coordinator', '/api/reports/rounds'));
    expect(signedIn.rounds.map((r: { slug: string }) => r.slug)).toEqual(['2026-basic', '2025-ecec', '2023-ecec']);
    expect(signedIn.rounds[1].published).toMatchObject({ version: 1 });
  });

  it('describes a round: versions, municipalities, groups and which units the reader may see', async () => {
    const pub = await ok(await h.get(null, '/api/reports/rounds/2025-ecec'));
    expect(pub.versions.map((v: { version: number }) => v.version)).toEqual([1]);
    expect(pub.municipalities.map((m: { code: string }) => m.code)).toEqual(['081', '098', '398']);
    expect(pub.groups.map((g: { key: string }) => g.key)).toEqual(['under_3', 'age_3_5', 'pre_primary']);
    expect(pub.unitsVisibleFor).toEqual([]);
    expect((await ok(await h.get('lahti', '/api/reports/rounds/2025-ecec'))).unitsVisibleFor).toEqual(['398']);
  });

  it('serves the published region report, valid against the shared schema, small municipalities hidden', async () => {
    const res = await h.get(null, '/api/reports/rounds/2025-ecec/region');
    expect(res.headers.get('cache-control')).toBe('public, max-age=60');
    const r = ScopeReport.parse(await ok(res));
    expect(r.source).toMatchObject({ kind: 'published', version: 1 });
    expect(r.headline.responses).toEqual({ suppressed: false, n: 36 });
    expect(Object.fromEntries(r.children.map((c) => [c.code, c.responses]))).toEqual({
      '081': { suppressed: true },
      '098': { suppressed: true },
      '398': { suppressed: false, n: 23 },
    });
    expect(item(r, 'interaction_staff_friendly').figures).toMatchObject({ n: 34, cantSay: 2 });
  });

  it('serves a municipality against the region with change since 2023, without units for the public', async () => {
    const r = ScopeReport.parse(await ok(await h.get(null, '/api/reports/rounds/2025-ecec/municipalities/398')));
    const i = item(r, 'interaction_staff_friendly');
    expect(i.figures).toMatchObject({ n: 21 });
    expect(i.region).toMatchObject({ n: 34 });
    expect(i.previous).toMatchObject({ mean: 3 });
    expect(i.change).toBeCloseTo((30 + 16 + 16 + 3) / 21 - 3, 3);
    expect(r.children).toEqual([]);
    expect(r.childrenWithheld).toBe(true);
  });

  it('shows units to a coordinator, the small one and the next-smallest hidden', async () => {
    const r = await ok(await h.get('coordinator', '/api/reports/rounds/2025-ecec/municipalities/398'));
    expect(r.children.map((c: { code: string; responses: unknown }) => [c.code, c.responses])).toEqual([
      ['E1', { suppressed: false, n: 12 }],
      ['E2', { suppressed: true }],
      ['E3', { suppressed: true }],
    ]);
    const unit = await ok(await h.get('coordinator', `/api/reports/rounds/2025-ecec/units/${h.seed.units.formula}`));
    expect(item(unit, 'interaction_staff_friendly').figures).toMatchObject({ n: 10 });
  });

  it('filters the region to one age group, hidden where it would give a small group away', async () => {
    const r = await ok(await h.get(null, '/api/reports/rounds/2025-ecec/region?group=age_3_5'));
    expect(r.scope).toMatchObject({ kind: 'group', key: 'group:age_3_5' });
    expect(r.headline.responses).toEqual({ suppressed: false, n: 25 });
    const under3 = await ok(await h.get(null, '/api/reports/rounds/2025-ecec/region?group=under_3'));
    expect(under3.headline.responses).toEqual({ suppressed: true });
  });

  it('gives live figures of an open round to a coordinator and the steering group', async () => {
    for (const who of ['coordinator', 'steering'] as const) {
      const res = await h.get(who, '/api/reports/rounds/2026-basic/region');
      expect(res.headers.get('cache-control')).toBe('private, no-store');
      const r = await ok(res);
      expect(r.source.kind).toBe('live');
      expect(r.headline.responses).toEqual({ suppressed: false, n: 26 });
    }
  });

  it('keeps earlier published versions readable', async () => {
    const v1 = await ok(await h.get(null, '/api/reports/rounds/2023-ecec/region?version=1'));
    expect(v1.source).toMatchObject({ kind: 'published', version: 1 });
    const missing = await h.get(null, '/api/reports/rounds/2023-ecec/region?version=7');
    expect(missing.status).toBe(404);
  });

  it('documents every report operation in OpenAPI, the unit report as needing a session', async () => {
    const doc = await ok(await h.get(null, '/api/openapi.json'));
    for (const path of [
      '/api/reports/rounds',
      '/api/reports/rounds/{slug}',
      '/api/reports/rounds/{slug}/region',
      '/api/reports/rounds/{slug}/municipalities/{code}',
      '/api/reports/rounds/{slug}/units/{unitId}',
      '/api/reports/rounds/{slug}/export',
    ]) {
      expect(doc.paths[path]?.get?.summary, path).toBeTruthy();
    }
    expect(doc.paths['/api/reports/rounds/{slug}/units/{unitId}'].get.security).toEqual([{ sessionCookie: [] }]);
    const params = doc.paths['/api/reports/rounds/{slug}/export'].get.parameters.map((p: { name: string }) => p.name);
    expect(params).toEqual(expect.arrayContaining(['slug', 'scope', 'format', 'lang', 'table', 'source', 'version']));
  });
});
