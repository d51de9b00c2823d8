import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { saveSettings, getSettings } from '@gs/db';
import { testEngine } from '@gs/db/testing';
import { Compare, Overview, ScopeReport, Trend } from '@gs/schema';
import { ok, reportHarness } from './report-testing.ts';

let h: Awaited<ReturnType<typeof reportHarness>>;
beforeAll(async () => {
  h = await reportHarness();
});
afterAll(async () => h?.t.close());

const trendItem = (t: Trend, key: string) => t.sections.flatMap((s) => s.items).find((i) => i.key === key)!;
const row = (c: Compare, key: string) => c.sections.flatMap((s) => s.items).find((i) => i.key === key)!;

describe(`GET /api/reports/trends (${testEngine})`, () => {
  it('follows an item of the region from 2023 to 2025 with n, intervals and a tested change', async () => {
    const t = Trend.parse(await ok(await h.get(null, '/api/reports/trends/ecec')));
    expect(t.rounds.map((r) => [r.year, r.source, r.version])).toEqual([
      [2023, 'published', 1],
      [2025, 'published', 1],
    ]);
    const i = trendItem(t, 'interaction_staff_friendly');
    expect(i.links).toEqual(['start', 'same']);
    // 2023: ten 3s and ten 4s. 2025: 1×6, 2×8, 3×10, 4×4, 5×6 (n 34, mean 98/34).
    expect(i.points[0]).toMatchObject({ n: 20, mean: 3.5 });
    expect(i.points[1]).toMatchObject({ n: 34, mean: 2.8824 });
    const p0 = i.points[0] as { interval: { lo: number; hi: number } };
    // 3.5 ± t(0.975, 19) × 0.51299 / √20 = 3.5 ± 2.0930 × 0.11471
    expect(p0.interval.lo).toBeCloseTo(3.5 - 0.2401, 3);
    // Welch: se = √(1.80392/34 + 0.26316/20) = 0.25732, t = −2.400, df ≈ 46.4, two-sided p ≈ 0.0205.
    const change = i.changes[1]!;
    expect(change.diff).toBeCloseTo(-0.6176, 3);
    expect(change.p).toBeGreaterThan(0.018);
    expect(change.p).toBeLessThan(0.023);
    expect(change).toMatchObject({ significant: true, direction: 'down' });
    expect(i.changes[0]).toBeNull();
  });

  it('shows a municipality, and hides what protection hides in each round', async () => {
    const lahti = Trend.parse(await ok(await h.get(null, '/api/reports/trends/ecec?scope=municipality:398')));
    expect(lahti.scope).toMatchObject({ kind: 'municipality', code: '398' });
    expect(trendItem(lahti, 'interaction_staff_friendly').points.map((p) => p && !p.suppressed && p.n)).toEqual([
      10, 21,
    ]);
    const hartola = Trend.parse(await ok(await h.get(null, '/api/reports/trends/ecec?scope=municipality:081')));
    const points = trendItem(hartola, 'interaction_staff_friendly').points;
    // Hartola did not answer in 2023 (a hidden, empty cell) and had three answers in 2025: hidden both times.
    expect(points).toEqual([{ suppressed: true }, { suppressed: true }]);
    expect(trendItem(hartola, 'interaction_staff_friendly').changes).toEqual([null, null]);
  });

  it('adds open and closed rounds, live, for a coordinator; the public sees published rounds only', async () => {
    expect(Trend.parse(await ok(await h.get(null, '/api/reports/trends/basic'))).rounds).toEqual([]);
    const live = Trend.parse(await ok(await h.get('coordinator', '/api/reports/trends/basic')));
    expect(live.rounds).toEqual([{ slug: '2026-basic', year: 2026, status: 'open', source: 'live', version: null }]);
    expect(trendItem(live, 'interaction_staff_friendly').points[0]).toMatchObject({ n: 26 });
  });

  it('a contact follows a unit of their own municipality, not of another', async () => {
    const url = `/api/reports/trends/ecec?scope=unit:${h.seed.units.formula}`;
    const t = Trend.parse(await ok(await h.get('lahti', url)));
    expect(trendItem(t, 'interaction_staff_friendly').points.map((p) => p && !p.suppressed && p.n)).toEqual([10, 10]);
    expect((await h.get('hartola', url)).status).toBe(403);
    expect((await h.get(null, url)).status).toBe(401);
  });
});

describe(`GET /api/reports/rounds/:slug/compare (${testEngine})`, () => {
  it('puts every municipality beside the region with the same protection as their reports', async () => {
    const c = Compare.parse(await ok(await h.get(null, '/api/reports/rounds/2025-ecec/compare')));
    expect(c.columns.map((x) => [x.kind, x.code])).toEqual([
      ['region', null],
      ['municipality', '081'],
      ['municipality', '098'],
      ['municipality', '398'],
    ]);
    const cells = row(c, 'interaction_staff_friendly').cells;
    expect(cells.map((x) => (x.suppressed ? 'hidden' : x.n))).toEqual([34, 'hidden', 'hidden', 21]);
    const lahti = ScopeReport.parse(await ok(await h.get(null, '/api/reports/rounds/2025-ecec/municipalities/398')));
    const fromReport = lahti.sections.flatMap((s) => s.items).find((i) => i.key === 'interaction_staff_friendly')!;
    expect(cells[3]).toMatchObject({ mean: (fromReport.figures as { mean: number }).mean });
    // Lahti (n 21, mean 65/21) against the rest of the region: 34 − 21 = 13 answers (ten 3s, three 1s).
    expect(fromReport.againstRest).toEqual((cells[3] as { againstRest: unknown }).againstRest);
    expect((cells[3] as { againstRest: { diff: number } }).againstRest.diff).toBeCloseTo(65 / 21 - 33 / 13, 3);
  });

  it('live figures of a published round equal its snapshot, also by group', async () => {
    for (const q of ['', '&group=age_3_5']) {
      const published = await ok(
        await h.get('coordinator', `/api/reports/rounds/2025-ecec/compare?source=published${q}`),
      );
      const live = await ok(await h.get('coordinator', `/api/reports/rounds/2025-ecec/compare?source=live${q}`));
      expect(live.sections).toEqual(published.sections);
      expect(live.columns).toEqual(published.columns);
    }
  });

  it('filters by age group for a signed-in reader, and the filtered report says the same', async () => {
    const c = Compare.parse(await ok(await h.get('steering', '/api/reports/rounds/2025-ecec/compare?group=age_3_5')));
    expect(c.group?.key).toBe('age_3_5');
    const cells = row(c, 'interaction_staff_friendly').cells;
    const r = ScopeReport.parse(
      await ok(await h.get('steering', '/api/reports/rounds/2025-ecec/municipalities/398?group=age_3_5')),
    );
    expect(r.scope.key).toBe('municipality:398/group:age_3_5');
    expect(r.children).toEqual([]);
    const own = r.sections.flatMap((s) => s.items).find((i) => i.key === 'interaction_staff_friendly')!;
    expect(own.figures.suppressed ? { suppressed: true } : { mean: own.figures.mean }).toMatchObject(
      cells[3]!.suppressed ? { suppressed: true } : { mean: cells[3]!.mean },
    );
    // Hartola's three pre-primary answers are never shown, in any filter.
    expect(cells[1]).toEqual({ suppressed: true });
  });

  it('the public filters by group only when the network allows it', async () => {
    const url = '/api/reports/rounds/2025-ecec/compare?group=age_3_5';
    const denied = await h.get(null, url);
    expect(denied.status).toBe(401);
    expect((await denied.json()).error.field).toBe('group');
    const settings = await getSettings(h.t.db);
    await saveSettings(h.t.db, { ...settings, publicFilters: ['group'] });
    try {
      expect((await h.get(null, url)).status).toBe(200);
    } finally {
      await saveSettings(h.t.db, settings);
    }
  });

  it('compares the units of a municipality for those who may see them', async () => {
    const c = Compare.parse(
      await ok(await h.get('lahti', '/api/reports/rounds/2025-ecec/compare?level=units&municipality=398')),
    );
    expect(c.parent?.code).toBe('398');
    expect(c.columns.map((x) => x.kind)).toEqual(['region', 'municipality', 'unit', 'unit', 'unit']);
    expect((await h.get('hartola', '/api/reports/rounds/2025-ecec/compare?level=units&municipality=398')).status).toBe(
      403,
    );
    const bad = await h.get(
      'lahti',
      '/api/reports/rounds/2025-ecec/compare?level=units&municipality=398&group=age_3_5',
    );
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.field).toBe('group');
  });

  it('exports the table as CSV with hidden cells spelled out, and as XLSX', async () => {
    const csv = await h.get(null, '/api/reports/rounds/2025-ecec/compare/export?format=csv&lang=en&measure=agree');
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-disposition')).toContain('2025-ecec-municipalities-v1-agree-compare.csv');
    const text = await csv.text();
    const lines = text.trim().split('\r\n');
    expect(lines[0]).toContain('Whole region: Agree % (4–5)');
    const staff = lines.find((l) => l.includes('interaction_staff_friendly'))!;
    expect(staff).toContain('fewer than 5 answers');
    const xlsx = await h.get(null, '/api/reports/rounds/2025-ecec/compare/export?format=xlsx');
    expect(xlsx.headers.get('content-type')).toContain('spreadsheetml');
    expect((await xlsx.arrayBuffer()).byteLength).toBeGreaterThan(1000);
  });
});

describe(`GET /api/reports/overview (${testEngine})`, () => {
  it('gives the steering group the latest round of each family with its clear changes', async () => {
    const o = Overview.parse(await ok(await h.get('steering', '/api/reports/overview')));
    expect(o.families.map((f) => [f.family, f.round.year, f.round.source])).toEqual([
      ['ecec', 2025, 'published'],
      ['basic', 2026, 'live'],
    ]);
    const ecec = o.families[0]!;
    expect(ecec.previous).toEqual({ slug: '2023-ecec', year: 2023 });
    expect(ecec.moved.map((m) => m.key)).toContain('interaction_staff_friendly');
    for (const m of ecec.moved) expect(m.change.significant).toBe(true);
    expect((await h.get(null, '/api/reports/overview')).status).toBe(401);
  });

  it('gives every report item its interval and tests', async () => {
    const r = ScopeReport.parse(await ok(await h.get(null, '/api/reports/rounds/2025-ecec/municipalities/398')));
    const i = r.sections.flatMap((s) => s.items).find((x) => x.key === 'interaction_staff_friendly')!;
    expect(i.interval).not.toBeNull();
    expect(i.changeTest).toMatchObject({ diff: expect.any(Number) });
  });
});
