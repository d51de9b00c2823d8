import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { getSettings, saveSettings, upsertUnit } from '@gs/db';
import { testEngine } from '@gs/db/testing';
import { Compare, ScopeReport, Trend } from '@gs/schema';
import { addResponses, ok, reportHarness } from './report-testing.ts';

let h: Awaited<ReturnType<typeof reportHarness>>;

async function addUnit(code: string) {
  const u = await upsertUnit(h.t.db, {
    municipalityCode: '398',
    code,
    names: { fi: code, sv: code, en: code },
    kind: 'school',
    provider: 'municipal',
    activeFrom: 2000,
    activeTo: null,
  });
  return u.id;
}

/** `count` responses to the open 2026 round, answered in `language`, each answering the statement with `value`. */
const respond = (
  municipalityId: number,
  unitId: number | null,
  groupKey: string,
  language: string,
  value: number,
  count: number,
) =>
  addResponses(h.t.db, h.seed.rounds.r2026, {
    municipalityId,
    unitId,
    groupKey,
    language,
    answers: { interaction_staff_friendly: value, overall_grade: 8 },
    count,
  });

beforeAll(async () => {
  h = await reportHarness();
  // 2026 (open, live). Lahti: 20 answers in Finnish without a unit (grades 3-6, from the seed), a
  // school S1 of 10 answered in Swedish (grades 3-6) and a school S2 of 12 in Finnish (grades 7-9).
  // Hartola: 6 in Finnish (seed). Hollola: 10 in Finnish and 3 in Swedish, no unit.
  const { lahti, hollola } = h.seed.municipalities;
  await respond(lahti, await addUnit('S1'), 'grades_3_6', 'sv', 5, 10);
  await respond(lahti, await addUnit('S2'), 'grades_7_9', 'fi', 3, 12);
  await respond(hollola, null, 'grades_3_6', 'fi', 2, 10);
  await respond(hollola, null, 'grades_3_6', 'sv', 1, 3);
});
afterAll(async () => h?.t.close());

const row = (c: Compare, key: string) => c.sections.flatMap((s) => s.items).find((i) => i.key === key)!;
const n = (x: { suppressed: boolean; n?: number } | null | undefined) => (x && !x.suppressed ? x.n : 'hidden');
const compare = async (who: 'coordinator' | 'steering' | null, q: string) =>
  Compare.parse(await ok(await h.get(who, `/api/reports/rounds/2026-basic/compare?${q}`)));

/** Responses and the statement's answers on the scale (1-5), counted from the stored responses. */
async function recount(municipalityId: number, where: { language?: string; group?: string; school?: boolean }) {
  const { rows } = await sql<{ responses: number; valid: number; total: number }>`
    select count(distinct r.id)::int as responses,
      count(a.value) filter (where a.value > 0)::int as valid,
      coalesce(sum(a.value) filter (where a.value > 0), 0)::int as total
    from response r
    left join unit u on u.id = r.unit_id
    left join answer a on a.response_id = r.id and a.item_key = 'interaction_staff_friendly'
    where r.round_id = ${h.seed.rounds.r2026}::int and r.municipality_id = ${municipalityId}::int
      and (${where.language ?? null}::text is null or r.language = ${where.language ?? null})
      and (${where.group ?? null}::text is null or r.group_key = ${where.group ?? null})
      and (not ${where.school ?? false}::boolean or u.kind = 'school')`.execute(h.t.db);
  return rows[0]!;
}

describe(`filters by answer language, and group with unit kind (${testEngine})`, () => {
  it('filters by answer language: a shown scope equals a recount of the stored responses', async () => {
    const { lahti } = h.seed.municipalities;
    for (const language of ['fi', 'sv']) {
      const c = await compare('steering', `source=live&language=${language}`);
      expect(c.language).toBe(language);
      expect(c.languages).toEqual(expect.arrayContaining(['fi', 'sv', 'en']));
      // Columns: the region, Hartola, Hollola, Lahti.
      expect(c.columns.map((x) => x.scope)).toEqual([
        `region/language:${language}`,
        `municipality:081/language:${language}`,
        `municipality:098/language:${language}`,
        `municipality:398/language:${language}`,
      ]);
      const own = await recount(lahti, { language });
      expect(own.responses).toBe(language === 'fi' ? 32 : 10);
      expect(n(c.columns[3]?.responses)).toBe(own.responses);
      const cell = row(c, 'interaction_staff_friendly').cells[3];
      expect(cell?.suppressed).toBe(false);
      if (cell && !cell.suppressed) {
        expect(cell.n).toBe(own.valid);
        expect(cell.mean).toBeCloseTo(own.total / own.valid, 4);
      }
    }
  });

  it('hides small language groups: Hollola’s 3 Swedish answers, also by subtraction from the region', async () => {
    const c = await compare('coordinator', 'source=live&language=fi');
    // Hollola's Finnish 10 would leave its Swedish 3 (total 13 is shown); the region's Finnish
    // answers minus Lahti's and Hartola's would give Hollola's Finnish 10 and so the 3 again.
    expect(c.filterWithheld).toEqual(['region/language:fi', 'municipality:098/language:fi']);
    expect(c.columns.map((x) => n(x.responses))).toEqual(['hidden', 6, 'hidden', 32]);
    expect(row(c, 'interaction_staff_friendly').cells.map(n)).toEqual(['hidden', 6, 'hidden', 32]);
    const sv = await compare('coordinator', 'source=live&language=sv');
    // Hartola is shown by language, but has no Swedish answers: its cell is hidden like any small one.
    expect(sv.columns.map((x) => n(x.responses))).toEqual(['hidden', 'hidden', 'hidden', 10]);
    // The unfiltered table still shows every municipality.
    const all = await compare('coordinator', 'source=live');
    expect(all.columns.map((x) => n(x.responses))).toEqual([61, 6, 13, 42]);
  });

  it('combines age group with unit kind: 200 with protected figures, equal to a recount', async () => {
    const { lahti } = h.seed.municipalities;
    const c = await compare('coordinator', 'source=live&kind=school&group=grades_3_6');
    expect(c.filter).toEqual({ kind: 'school', provider: null });
    expect(c.group?.key).toBe('grades_3_6');
    const own = await recount(lahti, { group: 'grades_3_6', school: true });
    expect(own.responses).toBe(10);
    expect(c.columns.map((x) => [x.scope, n(x.responses)])).toEqual([
      ['region/group:grades_3_6/kind:school', 'hidden'],
      ['municipality:081/group:grades_3_6/kind:school', 'hidden'],
      ['municipality:098/group:grades_3_6/kind:school', 'hidden'],
      ['municipality:398/group:grades_3_6/kind:school', own.responses],
    ]);
    expect(c.filterWithheld).toContain('region/group:grades_3_6/kind:school');
    expect(c.filterWithheld).not.toContain('municipality:398/group:grades_3_6/kind:school');
    // Group, kind and language together.
    const all3 = await compare('coordinator', 'source=live&kind=school&group=grades_7_9&language=fi');
    expect(n(all3.columns[3]?.responses)).toBe(
      (await recount(lahti, { group: 'grades_7_9', language: 'fi' })).responses,
    );
    const t = Trend.parse(
      await ok(
        await h.get('coordinator', '/api/reports/trends/basic?scope=municipality:398&group=grades_3_6&kind=school'),
      ),
    );
    const item = t.sections.flatMap((s) => s.items).find((i) => i.key === 'interaction_staff_friendly')!;
    expect(item.points.map((p) => n(p))).toEqual([10]);
    expect(t.filterWithheld).toEqual([false]);
  });

  it('published rounds read the same figures from their snapshot as live', async () => {
    for (const q of [
      'language=fi',
      'language=sv',
      'group=age_3_5&kind=ecec',
      'group=age_3_5&language=fi&provider=municipal',
    ]) {
      const published = Compare.parse(
        await ok(await h.get('coordinator', `/api/reports/rounds/2025-ecec/compare?source=published&${q}`)),
      );
      const live = Compare.parse(
        await ok(await h.get('coordinator', `/api/reports/rounds/2025-ecec/compare?source=live&${q}`)),
      );
      expect(live.sections).toEqual(published.sections);
      expect(live.columns).toEqual(published.columns);
      expect(live.filterWithheld).toEqual(published.filterWithheld);
    }
    const trend = Trend.parse(await ok(await h.get('steering', '/api/reports/trends/ecec?language=fi')));
    expect(trend.rounds.map((r) => r.source)).toEqual(['published', 'published']);
  });

  it('filters the report pages and their exports by language, published as live', async () => {
    for (const path of [
      'region?language=fi',
      'municipalities/398?language=fi',
      'municipalities/398?language=fi&group=age_3_5',
    ]) {
      const published = ScopeReport.parse(
        await ok(await h.get('steering', `/api/reports/rounds/2025-ecec/${path}&source=published`)),
      );
      const live = ScopeReport.parse(
        await ok(await h.get('steering', `/api/reports/rounds/2025-ecec/${path}&source=live`)),
      );
      expect(live.sections).toEqual(published.sections);
      expect(live.headline.responses).toEqual(published.headline.responses);
      expect(published.filter?.language).toBe('fi');
      expect(published.children).toEqual([]);
    }
    const csv = await h.get(
      'steering',
      '/api/reports/rounds/2025-ecec/export?scope=municipality:398&language=fi&table=summary&lang=en',
    );
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-disposition')).toContain('2025-ecec-municipality-398-fi-v1-summary.csv');
    expect(await csv.text()).toContain('Answer language,fi');
    const unit = await h.get(
      'steering',
      `/api/reports/rounds/2025-ecec/export?scope=unit:${h.seed.units.kuu}&language=fi`,
    );
    expect(unit.status).toBe(400);
    expect((await unit.json()).error.field).toBe('language');
  });

  it('validates the language, names the field, and keeps it from the public unless the network allows it', async () => {
    for (const q of ['language=xx', 'language=FI', 'language=']) {
      const bad = await h.get('coordinator', `/api/reports/rounds/2026-basic/compare?source=live&${q}`);
      expect(bad.status).toBe(400);
      expect((await bad.json()).error.field).toBe('language');
      const trend = await h.get('coordinator', `/api/reports/trends/basic?${q}`);
      expect(trend.status).toBe(400);
      expect((await trend.json()).error.field).toBe('language');
    }
    const unit = await h.get('coordinator', `/api/reports/trends/ecec?scope=unit:${h.seed.units.kuu}&language=fi`);
    expect(unit.status).toBe(400);
    expect((await unit.json()).error.field).toBe('language');
    const url = '/api/reports/rounds/2025-ecec/compare?language=fi';
    const denied = await h.get(null, url);
    expect(denied.status).toBe(401);
    expect((await denied.json()).error.field).toBe('language');
    const settings = await getSettings(h.t.db);
    await saveSettings(h.t.db, { ...settings, publicFilters: ['group'] });
    try {
      expect((await h.get(null, url)).status).toBe(401);
      await saveSettings(h.t.db, { ...settings, publicFilters: ['language'] });
      expect((await h.get(null, url)).status).toBe(200);
      expect((await h.get(null, '/api/reports/trends/ecec?language=sv')).status).toBe(200);
    } finally {
      await saveSettings(h.t.db, settings);
    }
  });
});
