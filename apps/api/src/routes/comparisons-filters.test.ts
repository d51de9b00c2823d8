import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { getSettings, saveSettings, upsertUnit } from '@gs/db';
import { testEngine } from '@gs/db/testing';
import { Compare, Trend } from '@gs/schema';
import { ok, reportHarness } from './report-testing.ts';

let h: Awaited<ReturnType<typeof reportHarness>>;
const units: Record<string, number> = {};

async function addUnit(code: string, kind: 'pre_primary' | 'school', provider: 'municipal' | 'private') {
  const u = await upsertUnit(h.t.db, {
    municipalityCode: '398',
    code,
    names: { fi: code, sv: code, en: code },
    kind,
    provider,
    activeFrom: 2000,
    activeTo: null,
  });
  units[code] = u.id;
  return u.id;
}

/** `count` responses to the open 2026 round in a Lahti unit, each answering the statement with `value`. */
async function respond(unitId: number, groupKey: string, value: number, count: number) {
  const answers = JSON.stringify([
    { k: 'interaction_staff_friendly', v: value },
    { k: 'overall_grade', v: 8 },
  ]);
  await sql`
    with r as (
      insert into response (round_id, municipality_id, unit_id, group_key, language)
      select ${h.seed.rounds.r2026}::int, ${h.seed.municipalities.lahti}::int, ${unitId}::int, ${groupKey}, 'fi'
      from generate_series(1, ${count}::int) returning id
    )
    insert into answer (response_id, item_key, value)
    select r.id, x.k, x.v from r, json_to_recordset(cast(${answers}::text as json)) as x(k text, v smallint)`.execute(
    h.t.db,
  );
}

beforeAll(async () => {
  h = await reportHarness();
  // Lahti 2026 (open, live): two municipal schools of 20 and 12, a private school of 6, and two
  // municipal pre-primary units of 3 and 4 (each hidden, together 7); 20 answers without a unit.
  await respond(await addUnit('S1', 'school', 'municipal'), 'grades_3_6', 4, 20);
  await respond(await addUnit('S2', 'school', 'municipal'), 'grades_7_9', 3, 12);
  await respond(await addUnit('P1', 'school', 'private'), 'grades_3_6', 5, 6);
  await respond(await addUnit('PP1', 'pre_primary', 'municipal'), 'pre_primary', 2, 3);
  await respond(await addUnit('PP2', 'pre_primary', 'municipal'), 'pre_primary', 4, 4);
});
afterAll(async () => h?.t.close());

const row = (c: Compare, key: string) => c.sections.flatMap((s) => s.items).find((i) => i.key === key)!;
const n = (x: { suppressed: boolean; n?: number } | null | undefined) => (x && !x.suppressed ? x.n : 'hidden');
const compare = async (who: 'coordinator' | 'steering' | null, q: string) =>
  Compare.parse(await ok(await h.get(who, `/api/reports/rounds/2026-basic/compare?${q}`)));

describe(`filters by unit kind and provider (${testEngine})`, () => {
  it('shows a kind whose hidden units together reach the threshold, and hides none of the unfiltered figures', async () => {
    const c = await compare('coordinator', 'source=live&kind=pre_primary');
    expect(c.filter).toEqual({ kind: 'pre_primary', provider: null });
    expect(c.filterWithheld).toEqual([]);
    // Columns: the region, Hartola, Hollola, Lahti. The pre-primary units' 3 + 4 answers are shown together.
    expect(c.columns.map((x) => [x.scope, n(x.responses)])).toEqual([
      ['region/kind:pre_primary', 7],
      ['municipality:081/kind:pre_primary', 'hidden'],
      ['municipality:098/kind:pre_primary', 'hidden'],
      ['municipality:398/kind:pre_primary', 7],
    ]);
    expect(row(c, 'interaction_staff_friendly').cells.map(n)).toEqual([7, 'hidden', 'hidden', 7]);
    const schools = await compare('steering', 'source=live&kind=school&provider=municipal');
    expect(row(schools, 'interaction_staff_friendly').cells.map(n)).toEqual([32, 'hidden', 'hidden', 32]);
  });

  it('compares the units of one kind with their municipality filtered alike', async () => {
    const c = await compare('coordinator', 'source=live&level=units&municipality=398&kind=school');
    expect(c.columns.map((x) => [x.kind, x.code])).toEqual([
      ['region', null],
      ['municipality', '398'],
      ['unit', 'P1'],
      ['unit', 'S1'],
      ['unit', 'S2'],
    ]);
    expect(row(c, 'interaction_staff_friendly').cells.map(n)).toEqual([38, 38, 6, 20, 12]);
  });

  it('follows a kind across the rounds of a family', async () => {
    const t = Trend.parse(await ok(await h.get('coordinator', '/api/reports/trends/basic?kind=pre_primary')));
    expect(t.filter).toEqual({ kind: 'pre_primary', provider: null });
    const item = t.sections.flatMap((s) => s.items).find((i) => i.key === 'interaction_staff_friendly')!;
    expect(item.points.map((p) => n(p))).toEqual([7]);
    expect(t.filterWithheld).toEqual([false]);
  });

  it('exports the filtered table, named after its filter', async () => {
    const csv = await h.get('coordinator', '/api/reports/rounds/2025-ecec/compare/export?format=csv&kind=ecec');
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-disposition')).toContain('2025-ecec-municipalities-ecec-v1-mean-compare.csv');
  });

  it('published rounds read the filtered tables of their snapshot, equal to the live ones', async () => {
    for (const q of ['kind=ecec', 'provider=municipal', 'kind=ecec&provider=municipal']) {
      const published = await ok(
        await h.get('coordinator', `/api/reports/rounds/2025-ecec/compare?source=published&${q}`),
      );
      const live = await ok(await h.get('coordinator', `/api/reports/rounds/2025-ecec/compare?source=live&${q}`));
      expect(live.sections).toEqual(published.sections);
      expect(live.columns).toEqual(published.columns);
    }
  });

  it('validates the filters, names the field, and keeps them from the public unless the network allows it', async () => {
    for (const [q, field] of [
      ['kind=kindergarten', 'kind'],
      ['provider=state', 'provider'],
      ['kind=school&language=xx', 'language'],
    ] as const) {
      const bad = await h.get('coordinator', `/api/reports/rounds/2026-basic/compare?source=live&${q}`);
      expect(bad.status).toBe(400);
      expect((await bad.json()).error.field).toBe(field);
    }
    const ecec = await h.get('coordinator', '/api/reports/rounds/2026-basic/compare?source=live&kind=ecec');
    expect(ecec.status).toBe(404);
    expect((await ecec.json()).error.field).toBe('kind');
    const unit = await h.get('coordinator', `/api/reports/trends/basic?scope=unit:${units.S1}&kind=school`);
    expect(unit.status).toBe(400);
    expect((await unit.json()).error.field).toBe('kind');
    const url = '/api/reports/rounds/2025-ecec/compare?provider=municipal';
    const denied = await h.get(null, url);
    expect(denied.status).toBe(401);
    expect((await denied.json()).error.field).toBe('provider');
    const settings = await getSettings(h.t.db);
    await saveSettings(h.t.db, { ...settings, publicFilters: ['kind'] });
    try {
      expect((await h.get(null, url)).status).toBe(401);
      await saveSettings(h.t.db, { ...settings, publicFilters: ['kind', 'provider'] });
      expect((await h.get(null, url)).status).toBe(200);
      expect((await h.get(null, '/api/reports/trends/ecec?provider=municipal')).status).toBe(200);
    } finally {
      await saveSettings(h.t.db, settings);
    }
  });

  it('withholds a filter whose hidden units of one kind and provider are a small group, and says so', async () => {
    // A private pre-primary unit of 2: the private units are P1 (6, shown) and this one. Showing
    // "private" (8 ≥ 5) would give 8 − 6 = 2; Lahti's classes are not shown, nor the region's.
    await respond(await addUnit('PP3', 'pre_primary', 'private'), 'pre_primary', 1, 2);
    const c = await compare('coordinator', 'source=live&provider=private');
    expect(c.filterWithheld).toEqual(['municipality:398/provider:private']);
    // The region's column adds up the municipalities that can be split (Hartola, with no private units).
    expect(c.filterRegionWithout).toEqual(['398']);
    expect(c.columns.map((x) => n(x.responses))).toEqual(['hidden', 'hidden', 'hidden', 'hidden']);
    expect(row(c, 'interaction_staff_friendly').cells.map(n)).toEqual(['hidden', 'hidden', 'hidden', 'hidden']);
    // The unfiltered table is as before: Lahti's total is shown.
    const all = await compare('coordinator', 'source=live');
    expect(n(all.columns[3]?.responses)).toBe(67);
  });
});
