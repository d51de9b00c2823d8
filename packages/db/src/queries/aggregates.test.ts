import { sql } from 'kysely';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type TestDatabase, aggregateSnapshot, openTestDatabase, testEngine } from '../testing.ts';
import {
  foldOpenRounds,
  foldResponses,
  municipalityCounts,
  municipalitySizes,
  rebuildAggregates,
  regionCounts,
  responseCountRows,
  responsesPerDay,
  unitCounts,
  unitSizes,
} from './aggregates.ts';
import * as language from '../migrations/2026-11-29t0700-language-cells.ts';
import { addResponses, seedReportFixture } from './reports.fixture.ts';

let t: TestDatabase;
let f: Awaited<ReturnType<typeof seedReportFixture>>;

beforeAll(async () => {
  t = await openTestDatabase();
});
afterAll(async () => t?.close());
beforeEach(async () => {
  await t.reset();
  f = await seedReportFixture(t.db);
});

const aggregates = (roundId: number) => aggregateSnapshot(t.db, roundId);

describe(`incremental aggregates (${testEngine})`, () => {
  it('fold in new responses once: a second fold finds nothing new', async () => {
    await addResponses(t.db, f.r2025.id, {
      municipalityId: f.lahti,
      unitId: f.units.aurinko,
      groupKey: 'age_3_5',
      answers: { interaction_staff_friendly: 5, safety_feels_safe: 0, overall_grade: 9 },
      count: 3,
    });
    expect(await foldResponses(t.db, f.r2025.id)).toMatchObject({ folded: 3 });
    expect(await foldResponses(t.db, f.r2025.id)).toMatchObject({ folded: 0 });
    const region = await regionCounts(t.db, f.r2025.id);
    expect(region).toContainEqual({ scope: 'age_3_5', itemKey: 'interaction_staff_friendly', value: 5, n: 3 });
    expect(region).toContainEqual({ scope: 'age_3_5', itemKey: 'safety_feels_safe', value: 0, n: 3 });
  });

  it('the background folder folds open rounds only, and reports what it folded', async () => {
    await t.db.updateTable('round').set({ status: 'open' }).where('id', '=', f.r2025.id).execute();
    await t.db.updateTable('round').set({ status: 'closed' }).where('id', '=', f.r2023.id).execute();
    await addResponses(t.db, f.r2023.id, { municipalityId: f.lahti, unitId: null, answers: { overall_grade: 7 } });
    await addResponses(t.db, f.r2025.id, {
      municipalityId: f.lahti,
      unitId: null,
      answers: { overall_grade: 8 },
      count: 2,
    });
    const slug = (await t.db.selectFrom('round').select('slug').where('id', '=', f.r2025.id).executeTakeFirstOrThrow())
      .slug;
    expect(await foldOpenRounds(t.db)).toEqual({ [slug]: 2 });
    expect(await foldOpenRounds(t.db)).toEqual({});
    expect(await regionCounts(t.db, f.r2023.id)).toEqual([]);
    expect(await regionCounts(t.db, f.r2025.id)).toEqual([{ scope: null, itemKey: 'overall_grade', value: 8, n: 2 }]);
  });

  it('count only the round asked for', async () => {
    await addResponses(t.db, f.r2023.id, { municipalityId: f.lahti, unitId: null, answers: { overall_grade: 7 } });
    await addResponses(t.db, f.r2025.id, { municipalityId: f.lahti, unitId: null, answers: { overall_grade: 8 } });
    await foldResponses(t.db, f.r2025.id);
    expect(await regionCounts(t.db, f.r2025.id)).toEqual([{ scope: null, itemKey: 'overall_grade', value: 8, n: 1 }]);
    expect(await regionCounts(t.db, f.r2023.id)).toEqual([]);
  });

  it('give the same tables folded in steps as recounted from the raw answers', async () => {
    const add = (unitId: number | null, municipalityId: number, groupKey: string | null, v: number, count: number) =>
      addResponses(t.db, f.r2025.id, {
        municipalityId,
        unitId,
        groupKey,
        answers: { interaction_staff_friendly: v, learning_time_for_play: (v + 2) % 6, overall_grade: 4 + v },
        count,
        day: `2025-03-1${v}`,
      });
    await add(f.units.aurinko, f.lahti, 'age_3_5', 4, 7);
    await foldResponses(t.db, f.r2025.id);
    await add(f.units.kuu, f.lahti, 'under_3', 5, 3);
    await add(null, f.lahti, null, 3, 2);
    await foldResponses(t.db, f.r2025.id);
    await add(f.units.hartola, f.hartola, 'pre_primary', 2, 2);
    await add(f.units.aurinko, f.lahti, 'age_3_5', 4, 1);
    await foldResponses(t.db, f.r2025.id);
    const incremental = await aggregates(f.r2025.id);
    await rebuildAggregates(t.db, f.r2025.id);
    expect(await aggregates(f.r2025.id)).toEqual(incremental);
    expect(await responsesPerDay(t.db, f.r2025.id)).toEqual([
      { day: '2025-03-12', n: 2 },
      { day: '2025-03-13', n: 2 },
      { day: '2025-03-14', n: 8 },
      { day: '2025-03-15', n: 3 },
    ]);
  });

  it('count by answer language, and the language migration backfills what the fold counted', async () => {
    await addResponses(t.db, f.r2025.id, {
      municipalityId: f.lahti,
      unitId: f.units.aurinko,
      groupKey: 'age_3_5',
      answers: { interaction_staff_friendly: 4 },
      count: 3,
    });
    await sql`update response set language = 'sv' where id = (select min(id) from response where round_id = ${f.r2025.id}::int)`.execute(
      t.db,
    );
    await foldResponses(t.db, f.r2025.id);
    const { rows } = await sql<{ language: string; n: number }>`
      select language, n from answer_count_cell where round_id = ${f.r2025.id}::int order by language`.execute(t.db);
    expect(rows).toEqual([
      { language: 'fi', n: 2 },
      { language: 'sv', n: 1 },
    ]);
    const folded = await aggregates(f.r2025.id);
    await language.down(t.db);
    await language.up(t.db);
    expect(await aggregates(f.r2025.id)).toEqual(folded);
  });

  it('never count a response twice when reports fold at the same time', async () => {
    for (let i = 0; i < 5; i++) {
      await addResponses(t.db, f.r2025.id, {
        municipalityId: f.hollola,
        unitId: f.units.hollola,
        groupKey: 'age_3_5',
        answers: { overall_grade: 8 },
        count: 20,
      });
      await Promise.all([1, 2, 3, 4].map(() => foldResponses(t.db, f.r2025.id)));
    }
    expect(await responseCountRows(t.db, f.r2025.id)).toEqual([
      { municipalityId: f.hollola, unitId: f.units.hollola, groupKey: 'age_3_5', n: 100 },
    ]);
    expect(await regionCounts(t.db, f.r2025.id)).toEqual([
      { scope: 'age_3_5', itemKey: 'overall_grade', value: 8, n: 100 },
    ]);
  });

  it('fold in a response that was still committing when the watermark passed its id', async () => {
    // Ids 1-3 and 5 are visible, 4 is not yet: the watermark moves to 5 and 4 waits.
    const insert = (id: number) =>
      sql`
      with r as (
        insert into response (id, round_id, municipality_id, unit_id, group_key, language)
        overriding system value values (${id}::int, ${f.r2025.id}::int, ${f.lahti}::int, null, null, 'fi') returning id
      ) insert into answer (response_id, item_key, value) select id, 'overall_grade', 9 from r`.execute(t.db);
    for (const id of [1, 2, 3, 5]) await insert(id);
    expect(await foldResponses(t.db, f.r2025.id)).toEqual({ folded: 4, watermark: 5 });
    const waiting = await sql<{ response_id: number }>`select response_id from aggregate_pending`.execute(t.db);
    expect(waiting.rows).toEqual([{ response_id: 4 }]);
    await insert(4);
    expect(await foldResponses(t.db, f.r2025.id)).toEqual({ folded: 1, watermark: 5 });
    expect(await responseCountRows(t.db, f.r2025.id)).toEqual([
      { municipalityId: f.lahti, unitId: null, groupKey: null, n: 5 },
    ]);
    expect((await sql`select * from aggregate_pending`.execute(t.db)).rows).toEqual([]);
  });

  it.skipIf(testEngine !== 'postgres')('count a submission that commits after a later one was folded', async () => {
    let release!: () => void;
    const held = new Promise<void>((ok) => {
      release = ok;
    });
    let inserted!: () => void;
    const started = new Promise<void>((ok) => {
      inserted = ok;
    });
    const slow = t.db.transaction().execute(async (trx) => {
      await addResponses(trx, f.r2025.id, { municipalityId: f.lahti, unitId: null, answers: { overall_grade: 4 } });
      inserted();
      await held;
    });
    await started;
    await addResponses(t.db, f.r2025.id, { municipalityId: f.lahti, unitId: null, answers: { overall_grade: 10 } });
    expect(await foldResponses(t.db, f.r2025.id)).toMatchObject({ folded: 1 });
    release();
    await slow;
    expect(await foldResponses(t.db, f.r2025.id)).toMatchObject({ folded: 1 });
    expect(await regionCounts(t.db, f.r2025.id)).toEqual(
      expect.arrayContaining([
        { scope: null, itemKey: 'overall_grade', value: 4, n: 1 },
        { scope: null, itemKey: 'overall_grade', value: 10, n: 1 },
      ]),
    );
  });

  it('forget an id that never appears (a rolled-back submission) after an hour', async () => {
    const insert = (id: number) =>
      sql`
      insert into response (id, round_id, municipality_id, unit_id, group_key, language)
      overriding system value values (${id}::int, ${f.r2025.id}::int, ${f.lahti}::int, null, null, 'fi')`.execute(t.db);
    await insert(1);
    await insert(3);
    await foldResponses(t.db, f.r2025.id);
    await sql`update aggregate_pending set recorded_at = now() - interval '2 hours'`.execute(t.db);
    await insert(4);
    await foldResponses(t.db, f.r2025.id);
    expect((await sql`select * from aggregate_pending`.execute(t.db)).rows).toEqual([]);
  });

  it('read sizes per municipality and group, with the scale answers apart from can’t say', async () => {
    await addResponses(t.db, f.r2025.id, {
      municipalityId: f.lahti,
      unitId: f.units.kuu,
      groupKey: 'under_3',
      answers: { interaction_staff_friendly: 0 },
      count: 2,
    });
    await addResponses(t.db, f.r2025.id, {
      municipalityId: f.lahti,
      unitId: f.units.aurinko,
      groupKey: 'under_3',
      answers: { interaction_staff_friendly: 4 },
      count: 5,
    });
    await foldResponses(t.db, f.r2025.id);
    expect(await municipalitySizes(t.db, f.r2025.id)).toEqual([
      { municipalityId: f.lahti, groupKey: 'under_3', itemKey: 'interaction_staff_friendly', answers: 7, valid: 5 },
    ]);
    expect(await unitSizes(t.db, f.r2025.id, f.lahti)).toEqual(
      expect.arrayContaining([
        { unitId: f.units.kuu, groupKey: 'under_3', itemKey: 'interaction_staff_friendly', answers: 2, valid: 0 },
        { unitId: f.units.aurinko, groupKey: 'under_3', itemKey: 'interaction_staff_friendly', answers: 5, valid: 5 },
      ]),
    );
    expect(await municipalityCounts(t.db, f.r2025.id, { municipalityIds: [f.lahti], itemKeys: [] })).toEqual([]);
    expect(await municipalityCounts(t.db, f.r2025.id, { municipalityIds: [f.lahti] })).toHaveLength(2);
    expect(await unitCounts(t.db, f.r2025.id, f.lahti, { unitIds: [f.units.kuu] })).toEqual([
      { scope: f.units.kuu, itemKey: 'interaction_staff_friendly', value: 0, n: 2 },
    ]);
  });
});
