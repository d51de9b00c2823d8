import { type ScopeReport, completeLanguages } from '@gs/schema';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type TestDatabase, openTestDatabase, testEngine } from '../testing.ts';
import { json } from '../json.ts';
import { listAudit } from './audit.ts';
import { addResponses, closeRound, seedReportFixture } from './reports.fixture.ts';
import { isInformative } from '@gs/stats';
import {
  type ScopeRequest,
  fineFiltersOf,
  liveReport,
  publishedReport,
  reportContext,
  scopeKeyOf,
  snapshotScopes,
} from './reports.ts';
import { getRound } from './rounds.ts';
import { listSnapshots, publishRound } from './snapshots.ts';

let t: TestDatabase;
let f: Awaited<ReturnType<typeof seedReportFixture>>;

beforeAll(async () => {
  t = await openTestDatabase();
});
afterAll(async () => t?.close());

beforeEach(async () => {
  await t.reset();
  f = await seedReportFixture(t.db);
  const add = (roundId: number, municipalityId: number, unitId: number, value: number, count: number) =>
    addResponses(t.db, roundId, {
      municipalityId,
      unitId,
      groupKey: 'age_3_5',
      answers: { interaction_staff_friendly: value, overall_grade: value + 4 },
      count,
    });
  await add(f.r2023.id, f.lahti, f.units.aurinko, 3, 10);
  await add(f.r2023.id, f.hollola, f.units.hollola, 3, 10);
  await add(f.r2025.id, f.lahti, f.units.aurinko, 4, 12);
  await add(f.r2025.id, f.lahti, f.units.kuu, 5, 6);
  await add(f.r2025.id, f.hollola, f.units.hollola, 2, 9);
  await add(f.r2025.id, f.hartola, f.units.hartola, 1, 2);
});

const figuresOf = (r: ScopeReport | undefined) => ({
  headline: r?.headline,
  sections: r?.sections,
  children: r?.children,
  groups: r?.groups,
});

describe(`publishing (${testEngine})`, () => {
  it('freezes every scope of a closed round as version 1 and publishes it, with an audit line', async () => {
    await closeRound(t.db, f.r2025.id);
    const result = await publishRound(t.db, f.r2025.id, { userId: null });
    // region, 3 groups, 3 municipalities, 5 units, 3 municipalities × 3 groups, and the region and
    // 3 municipalities × 8 unit filters (2 kinds, 2 providers, 4 pairs) and × the finer filters: each
    // group with each unit filter (3 × 8), and each instrument language alone and with each group, unit
    // filter or both ((1 + 3) × (1 + 8) per language)
    // filter or both ((1 + 3) × (1 + 8) per language) — of the finer ones only those that show something.
    const ctx = await reportContext(t.db, f.r2025.id);
    const languages = completeLanguages(ctx!.def).length;
    expect(languages).toBeGreaterThanOrEqual(3);
    expect(result.version).toBe(1);
    expect(result.scopes).toBeGreaterThan(21 + 4 * 8);
    expect(result.scopes).toBeLessThan(21 + 4 * 8 + 4 * (3 * 8 + languages * 4 * 9));
    // A finer scope that shows something is stored like any other: Lahti's answers in Finnish.
    const fi = await publishedReport(t.db, f.r2025.id, 'municipality:398/language:fi');
    expect(fi?.filter).toMatchObject({ language: 'fi', kind: null, provider: null });
    expect((await getRound(t.db, f.r2025.id))?.status).toBe('published');
    const published = (await listAudit(t.db)).find((a) => a.action === 'round.published');
    expect(published?.details).toMatchObject({ from: 'closed', version: 1 });
    const region = await publishedReport(t.db, f.r2025.id, 'region');
    expect(region?.round.status).toBe('published');
    expect(region?.source).toMatchObject({ kind: 'published', version: 1, reason: null });
    expect(region?.children.find((c) => c.code === '081')?.responses).toEqual({ suppressed: true });
  });

  it('gives the same figures as the live report at the time', async () => {
    await closeRound(t.db, f.r2025.id);
    const ctx = (await reportContext(t.db, f.r2025.id))!;
    const live = await liveReport(
      t.db,
      ctx,
      { kind: 'municipality', code: '398', units: true },
      { previousLive: false },
    );
    await publishRound(t.db, f.r2025.id, { userId: null });
    expect(figuresOf(await publishedReport(t.db, f.r2025.id, 'municipality:398'))).toEqual(figuresOf(live));
  });

  it('stores reports without the questionnaire texts and reads them back with them, old versions with texts as stored', async () => {
    await closeRound(t.db, f.r2025.id);
    const { snapshotId } = await publishRound(t.db, f.r2025.id, { userId: null });
    const stored = await t.db
      .selectFrom('snapshot_report')
      .select(['scope', 'report'])
      .where('snapshot_id', '=', snapshotId)
      .execute();
    const parsed = stored.map((r) => (typeof r.report === 'string' ? JSON.parse(r.report) : r.report));
    const sections = parsed.flatMap((r) => r.sections as { title?: unknown; items: { text?: unknown }[] }[]);
    expect(sections.length).toBeGreaterThan(0);
    expect(sections.filter((s) => 'title' in s || s.items.some((i) => 'text' in i))).toEqual([]);

    const ctx = (await reportContext(t.db, f.r2025.id))!;
    const read = (await snapshotScopes(t.db, snapshotId, ['municipality:398'])).get('municipality:398')!;
    for (const s of read.sections) {
      const own = ctx.def.sections.find((d) => d.key === s.key)!;
      expect(s.title).toEqual(own.title);
      for (const i of s.items) expect(i.text).toEqual(own.items.find((d) => d.key === i.key)?.text);
    }
    // A version stored before (texts in every report) reads as it was stored.
    const old = { ...read, sections: read.sections.map((s) => ({ ...s, title: { fi: 'Vanha otsikko' } })) };
    await t.db
      .updateTable('snapshot_report')
      .set({ report: json(old) })
      .where('snapshot_id', '=', snapshotId)
      .where('scope', '=', 'municipality:398')
      .execute();
    const again = (await snapshotScopes(t.db, snapshotId, ['municipality:398'])).get('municipality:398')!;
    expect(again.sections.map((s) => s.title)).toEqual(read.sections.map(() => ({ fi: 'Vanha otsikko' })));
    expect(again.sections.flatMap((s) => s.items)).toEqual(read.sections.flatMap((s) => s.items));
  });

  it('gives every finer scope as the live report gave it, stored or (showing nothing) rebuilt when read', async () => {
    await closeRound(t.db, f.r2025.id);
    const ctx = (await reportContext(t.db, f.r2025.id))!;
    const scopes: ScopeRequest[] = [
      { kind: 'region' },
      ...ctx.municipalities.map((m): ScopeRequest => ({ kind: 'municipality', code: m.code, units: false })),
    ].flatMap((base) =>
      fineFiltersOf(ctx).map((filter): ScopeRequest => {
        const { group, language, ...unit } = filter;
        return {
          ...base,
          ...(group !== undefined ? { group } : {}),
          ...(language !== undefined ? { language } : {}),
          ...(unit.kind !== undefined || unit.provider !== undefined ? { filter: unit } : {}),
        } as ScopeRequest;
      }),
    );
    const live = new Map<string, ScopeReport>();
    for (const scope of scopes)
      live.set(scopeKeyOf(scope), await liveReport(t.db, ctx, scope, { previousLive: false }));
    await publishRound(t.db, f.r2025.id, { userId: null });
    const snapshot = (await listSnapshots(t.db, f.r2025.id))[0]!;
    const published = await snapshotScopes(t.db, snapshot.id, [...live.keys()]);
    let stored = 0;
    for (const [key, report] of live) {
      const frozen = published.get(key);
      // Everything but the source and the round's status (live and closed, then published) is the same.
      const same = (r: ScopeReport | undefined) => r && { ...r, source: null, round: { ...r.round, status: null } };
      expect(same(frozen), key).toEqual(same(report));
      if (isInformative(report)) stored += 1;
    }
    // Both kinds occur: some finer scopes show figures (stored), most show nothing (rebuilt).
    expect(stored).toBeGreaterThan(0);
    expect(stored).toBeLessThan(live.size);
  });

  it('freezes a municipality by group with the same figures as its live report', async () => {
    await closeRound(t.db, f.r2025.id);
    const ctx = (await reportContext(t.db, f.r2025.id))!;
    const scope = { kind: 'municipality', code: '398', units: false, group: 'age_3_5' } as const;
    const live = await liveReport(t.db, ctx, scope, { previousLive: false });
    expect(live.scope.key).toBe('municipality:398/group:age_3_5');
    await publishRound(t.db, f.r2025.id, { userId: null });
    const frozen = await publishedReport(t.db, f.r2025.id, 'municipality:398/group:age_3_5');
    expect(figuresOf(frozen)).toEqual(figuresOf(live));
    expect(frozen?.group?.key).toBe('age_3_5');
    expect(frozen?.children).toEqual([]);
  });

  it('refuses a round that is still open, and writes nothing', async () => {
    await expect(publishRound(t.db, f.r2025.id, { userId: null })).rejects.toMatchObject({
      code: 'illegal_transition',
    });
    expect(await listSnapshots(t.db, f.r2025.id)).toEqual([]);
  });

  it('republishes only with a reason, as a new version; the earlier one stays readable as it was', async () => {
    await closeRound(t.db, f.r2025.id);
    await publishRound(t.db, f.r2025.id, { userId: null });
    const v1 = await publishedReport(t.db, f.r2025.id, 'region');
    await expect(publishRound(t.db, f.r2025.id, { userId: null, reason: '  ' })).rejects.toMatchObject({
      field: 'reason',
    });
    await addResponses(t.db, f.r2025.id, {
      municipalityId: f.hollola,
      unitId: f.units.hollola,
      groupKey: 'age_3_5',
      answers: { overall_grade: 9 },
      count: 5,
    });
    expect(figuresOf(await publishedReport(t.db, f.r2025.id, 'region'))).toEqual(figuresOf(v1));
    const v2 = await publishRound(t.db, f.r2025.id, { userId: null, reason: 'Late paper forms added' });
    expect(v2.version).toBe(2);
    expect((await listSnapshots(t.db, f.r2025.id)).map((s) => [s.version, s.reason])).toEqual([
      [2, 'Late paper forms added'],
      [1, null],
    ]);
    expect((await publishedReport(t.db, f.r2025.id, 'region'))?.headline.responses).toEqual({
      suppressed: false,
      n: 34,
    });
    expect(figuresOf(await publishedReport(t.db, f.r2025.id, 'region', 1))).toEqual(figuresOf(v1));
    const audit = (await listAudit(t.db)).find((a) => a.action === 'round.republished');
    expect(audit?.details).toMatchObject({ version: 2, reason: 'Late paper forms added' });
  });

  it('compares with the previous round’s published snapshot', async () => {
    await closeRound(t.db, f.r2023.id);
    await publishRound(t.db, f.r2023.id, { userId: null });
    await closeRound(t.db, f.r2025.id);
    await publishRound(t.db, f.r2025.id, { userId: null });
    const lahti = await publishedReport(t.db, f.r2025.id, 'municipality:398');
    const i = lahti?.sections[0]?.items.find((x) => x.key === 'interaction_staff_friendly');
    // 2025 Lahti: 12 × 4 and 6 × 5 → 4.3333; 2023: 3.
    expect(i?.previous).toMatchObject({ mean: 3 });
    expect(i?.change).toBeCloseTo(4.3333 - 3, 3);
    expect(lahti?.headline.previous?.year).toBe(2023);
  });
});
