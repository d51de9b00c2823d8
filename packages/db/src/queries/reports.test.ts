import type { ScopeReport, StatementFigures } from '@gs/schema';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type TestDatabase, openTestDatabase, testEngine } from '../testing.ts';
import { addResponses, closeRound, seedReportFixture } from './reports.fixture.ts';
import { type ReportContext, liveReport, publishedReport, reportContext } from './reports.ts';
import { DEFAULT_SETTINGS, saveSettings } from './settings.ts';
import { publishRound } from './snapshots.ts';

let t: TestDatabase;
let f: Awaited<ReturnType<typeof seedReportFixture>>;

beforeAll(async () => {
  t = await openTestDatabase();
});
afterAll(async () => t?.close());

/**
 * 2025: Lahti 23 (Aurinko 12, Kuu 8, Pikku 3), Hollola 10, Hartola 3.
 * 2023 (published): Lahti Aurinko 10, all "3" on the first statement.
 */
async function seed2025() {
  const add = (municipalityId: number, unitId: number, groupKey: string, answers: Record<string, number>, count = 1) =>
    addResponses(t.db, f.r2025.id, { municipalityId, unitId, groupKey, answers, count });
  await add(f.lahti, f.units.aurinko, 'age_3_5', { interaction_staff_friendly: 5, overall_grade: 9 }, 6);
  await add(f.lahti, f.units.aurinko, 'age_3_5', { interaction_staff_friendly: 4, overall_grade: 9 }, 4);
  await add(f.lahti, f.units.aurinko, 'age_3_5', { interaction_staff_friendly: 0, overall_grade: 9 }, 2);
  await add(f.lahti, f.units.kuu, 'under_3', { interaction_staff_friendly: 2, overall_grade: 7 }, 8);
  await add(f.lahti, f.units.pikku, 'age_3_5', { interaction_staff_friendly: 1, overall_grade: 5 }, 3);
  await add(f.hollola, f.units.hollola, 'age_3_5', { interaction_staff_friendly: 3, overall_grade: 8 }, 10);
  await add(f.hartola, f.units.hartola, 'pre_primary', { interaction_staff_friendly: 1, overall_grade: 4 }, 3);
}

async function seed2023AndPublish() {
  await addResponses(t.db, f.r2023.id, {
    municipalityId: f.lahti,
    unitId: f.units.aurinko,
    groupKey: 'age_3_5',
    answers: { interaction_staff_friendly: 3, overall_grade: 8 },
    count: 10,
  });
  await closeRound(t.db, f.r2023.id);
  await publishRound(t.db, f.r2023.id, { userId: null });
}

let ctx: ReportContext;
beforeEach(async () => {
  await t.reset();
  f = await seedReportFixture(t.db);
  await seed2025();
  await seed2023AndPublish();
  ctx = (await reportContext(t.db, '2025-ecec'))!;
});

const item = (report: ScopeReport, key: string) => report.sections.flatMap((s) => s.items).find((i) => i.key === key)!;

describe(`live reports (${testEngine})`, () => {
  it('the region: distribution, mean, SD and agreeing share, can’t say apart', async () => {
    const r = await liveReport(t.db, ctx, { kind: 'region' });
    expect(r.headline.responses).toEqual({ suppressed: false, n: 36 });
    expect(r.headline.enrolled).toBe(104);
    expect(r.headline.responseRate).toBeCloseTo(36 / 104, 4);
    const f1 = item(r, 'interaction_staff_friendly').figures as StatementFigures;
    // 1×6 (Pikku 3, Hartola 3), 2×8, 3×10, 4×4, 5×6, can't say ×2
    expect(f1).toMatchObject({ answers: 36, n: 34, cantSay: 2, distribution: [6, 8, 10, 4, 6] });
    expect(f1.mean).toBeCloseTo((6 + 16 + 30 + 16 + 30) / 34, 4);
    expect(f1.agreeShare).toBeCloseTo(10 / 34, 4);
    expect(r.headline.grade).toMatchObject({ n: 36 });
  });

  it('hide a small municipality and the next-smallest, with nothing but the flag', async () => {
    const r = await liveReport(t.db, ctx, { kind: 'region' });
    const byName = Object.fromEntries(r.children.map((c) => [c.names.fi, c]));
    expect(byName.Lahti?.responses).toEqual({ suppressed: false, n: 23 });
    expect(byName.Hartola?.responses).toEqual({ suppressed: true });
    expect(byName.Hartola?.grade).toEqual({ suppressed: true });
    expect(byName.Hartola?.responseRate).toBeNull();
    // Hollola (10) would give Hartola away as region − Lahti − Hollola.
    expect(byName.Hollola?.responses).toEqual({ suppressed: true });
  });

  it('hide a group whose figures would give away a small one by subtraction', async () => {
    const r = await liveReport(t.db, ctx, { kind: 'region' });
    const groups = Object.fromEntries(r.groups.map((g) => [g.key, g.responses]));
    // age 3-5: 25, under 3: 8, pre-primary: 3. Showing both 25 and 8 would leave region − 25 − 8 = Hartola's 3.
    expect(groups).toEqual({
      age_3_5: { suppressed: false, n: 25 },
      under_3: { suppressed: true },
      pre_primary: { suppressed: true },
    });
    const filtered = await liveReport(t.db, ctx, { kind: 'region', group: 'under_3' });
    expect(filtered.scope).toMatchObject({ kind: 'group', key: 'group:under_3' });
    expect(filtered.headline.responses).toEqual({ suppressed: true });
    expect(item(filtered, 'interaction_staff_friendly').figures).toEqual({ suppressed: true });
  });

  it('a municipality against the region, with change since the previous round of the family', async () => {
    const r = await liveReport(t.db, ctx, { kind: 'municipality', code: '398', units: false });
    const i = item(r, 'interaction_staff_friendly');
    expect(i.figures).toMatchObject({ n: 21, mean: expect.closeTo((30 + 16 + 16 + 3) / 21, 4) });
    expect(i.region).toMatchObject({ n: 34 });
    expect(i.comparable).toBe(true);
    expect(i.previous).toMatchObject({ n: 10, mean: 3 });
    expect(i.change).toBeCloseTo((30 + 16 + 16 + 3) / 21 - 3, 4);
    expect(r.headline.previous).toMatchObject({ year: 2023, responses: { suppressed: false, n: 10 } });
    expect(r.children).toEqual([]);
    expect(r.childrenWithheld).toBe(true);
  });

  it('units for readers who may see them: the small one and the next-smallest hidden', async () => {
    const r = await liveReport(t.db, ctx, { kind: 'municipality', code: '398', units: true });
    const byCode = Object.fromEntries(r.children.map((c) => [c.code, c.responses]));
    expect(byCode).toEqual({ E1: { suppressed: false, n: 12 }, E2: { suppressed: true }, E3: { suppressed: true } });
    const unit = await liveReport(t.db, ctx, { kind: 'unit', unitId: f.units.pikku });
    expect(item(unit, 'interaction_staff_friendly').figures).toEqual({ suppressed: true });
    expect(item(unit, 'interaction_staff_friendly').municipality).toMatchObject({ n: 21 });
    const big = await liveReport(t.db, ctx, { kind: 'unit', unitId: f.units.aurinko });
    expect(item(big, 'interaction_staff_friendly').figures).toMatchObject({ n: 10, cantSay: 2 });
    expect(big.scope.parent).toMatchObject({ code: '398' });
  });

  it('a hidden municipality shows no figures, and no units either', async () => {
    const r = await liveReport(t.db, ctx, { kind: 'municipality', code: '098', units: true });
    expect(item(r, 'interaction_staff_friendly').figures).toEqual({ suppressed: true });
    expect(r.headline.responses).toEqual({ suppressed: true });
    expect(r.children.map((c) => c.responses)).toEqual([{ suppressed: true }]);
  });

  it('follow the network threshold', async () => {
    await saveSettings(t.db, { ...DEFAULT_SETTINGS, suppressionThreshold: 15 });
    const r = await liveReport(t.db, (await reportContext(t.db, '2025-ecec'))!, { kind: 'region' });
    expect(r.threshold).toBe(15);
    expect(r.children.every((c) => c.responses.suppressed)).toBe(true);
  });

  it('count new responses on the next request', async () => {
    const before = await liveReport(t.db, ctx, { kind: 'region' });
    await addResponses(t.db, f.r2025.id, {
      municipalityId: f.lahti,
      unitId: f.units.aurinko,
      groupKey: 'age_3_5',
      answers: { overall_grade: 10 },
      count: 4,
    });
    const after = await liveReport(t.db, ctx, { kind: 'region' });
    expect(before.headline.responses).toEqual({ suppressed: false, n: 36 });
    expect(after.headline.responses).toEqual({ suppressed: false, n: 40 });
  });

  it('carry no open answer', async () => {
    await t.db
      .insertInto('open_answer')
      .values({
        response_id: (await t.db.selectFrom('response').select('id').executeTakeFirstOrThrow()).id,
        round_id: f.r2025.id,
        municipality_id: f.lahti,
        unit_id: f.units.aurinko,
        item_key: 'open_went_well',
        text: 'Secret open text about Matti',
        state: 'approved',
      })
      .execute();
    const r = await liveReport(t.db, ctx, { kind: 'municipality', code: '398', units: true });
    expect(JSON.stringify(r)).not.toContain('Matti');
    expect(r.sections.flatMap((s) => s.items).some((i) => i.key.startsWith('open_'))).toBe(false);
  });
});

describe(`published reports (${testEngine})`, () => {
  it('read back from the snapshot as frozen', async () => {
    const r = await publishedReport(t.db, f.r2023.id, 'municipality:398');
    expect(r?.source).toMatchObject({ kind: 'published', version: 1 });
    expect(r?.children.map((c) => c.code)).toEqual(['E1', 'E2', 'E3']);
    expect(await publishedReport(t.db, f.r2023.id, 'municipality:999')).toBeUndefined();
    expect(await publishedReport(t.db, f.r2025.id, 'region')).toBeUndefined();
  });
});
