import { sql } from 'kysely';
import type { ScopeReport } from '@gs/schema';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type TestDatabase, openTestDatabase, testEngine } from '../testing.ts';
import {
  municipalityCounts,
  municipalityGroupCounts,
  municipalitySizes,
  municipalityTotals,
  regionCounts,
  responseCountRows,
  unitCounts,
  unitSizes,
  unitSizesOfRound,
} from './aggregates.ts';
import { classCounts, languageCells } from './filters.ts';
import { liveBatches, liveStepOf, stepLiveFigures, stepOpenRounds } from './live-steps.ts';
import { addResponses, seedReportFixture } from './reports.fixture.ts';
import { type ReportContext, liveReport, reportContext } from './reports.ts';

let t: TestDatabase;
let f: Awaited<ReturnType<typeof seedReportFixture>>;
let ctx: ReportContext;

beforeAll(async () => {
  t = await openTestDatabase();
});
afterAll(async () => t?.close());
beforeEach(async () => {
  await t.reset();
  f = await seedReportFixture(t.db);
  ctx = (await reportContext(t.db, f.r2025.id)) as ReportContext;
});

const ANSWERS = { interaction_staff_friendly: 4, overall_grade: 8 };
const add = (
  unitId: number | null,
  count: number,
  answers: Record<string, number> = ANSWERS,
  municipalityId?: number,
) =>
  addResponses(t.db, f.r2025.id, {
    municipalityId: municipalityId ?? f.lahti,
    unitId,
    groupKey: 'age_3_5',
    answers,
    count,
  });
const step = (minIntervalMs = 0) => stepLiveFigures(t.db, f.r2025.id, { threshold: 5, minIntervalMs });

/** What a stepped reader (a municipality contact) sees of Lahti with its units, without the time. */
async function contactView(): Promise<Omit<ScopeReport, 'source'>> {
  const { source: _source, ...report } = await liveReport(
    t.db,
    { ...ctx, stepped: true },
    { kind: 'municipality', code: '398', units: true },
  );
  return report;
}

/** Stepped responses per block (unit id, or null for answers without a unit) of Lahti. */
async function steppedBlocks() {
  const rows = await responseCountRows(t.db, f.r2025.id, { stepped: true });
  const out = new Map<number | null, number>();
  for (const r of rows) out.set(r.unitId, (out.get(r.unitId) ?? 0) + r.n);
  return out;
}

const responsesOf = (r: Omit<ScopeReport, 'source'>) =>
  r.headline.responses.suppressed ? null : r.headline.responses.n;

describe(`live steps (${testEngine})`, () => {
  it('batch sizes: the threshold the first time, twice it afterwards', () => {
    expect(liveBatches(5)).toEqual({ firstBatch: 5, laterBatch: 10 });
  });

  it('copies a block only when it gained a batch; one more response changes nothing a contact sees', async () => {
    await add(f.units.aurinko, 12);
    await add(f.units.kuu, 8);
    await add(f.units.pikku, 3);
    await add(f.units.hollola, 10, ANSWERS, f.hollola);
    const first = await step();
    expect(first).toEqual({ checked: true, advanced: 3, step: 1 });
    expect(await steppedBlocks()).toEqual(
      new Map([
        [f.units.aurinko, 12],
        [f.units.kuu, 8],
        [f.units.hollola, 10],
      ]),
    );
    const before = await contactView();
    expect(responsesOf(before)).toBe(20);

    // One guardian answers in Aurinko: the contact reads again after a check, and sees the same figures.
    await add(f.units.aurinko, 1, { interaction_staff_friendly: 1, overall_grade: 4 });
    expect(await step()).toEqual({ checked: true, advanced: 0, step: 1 });
    expect(await contactView()).toEqual(before);
    // A coordinator's current figures have it.
    const current = await liveReport(t.db, ctx, { kind: 'municipality', code: '398', units: true });
    expect(responsesOf(current)).toBe(24);

    // Nine more make a later batch of ten: Aurinko moves, as a whole.
    await add(f.units.aurinko, 9);
    expect(await step()).toEqual({ checked: true, advanced: 1, step: 2 });
    expect((await steppedBlocks()).get(f.units.aurinko)).toBe(22);
    expect(responsesOf(await contactView())).toBe(30);

    // Pikku reaches its first batch (5) with two more.
    await add(f.units.pikku, 2);
    expect(await step()).toEqual({ checked: true, advanced: 1, step: 3 });
    expect((await steppedBlocks()).get(f.units.pikku)).toBe(5);
  });

  it('a reader topping up a shown unit with up to a later batch less two of their own isolates nobody', async () => {
    await add(f.units.aurinko, 12);
    await step();
    const before = await contactView();
    await add(f.units.aurinko, 1, { interaction_staff_friendly: 1, overall_grade: 4 }); // the guardian
    await add(f.units.aurinko, 8); // the reader's own: 9 new in all
    await step();
    expect(await contactView()).toEqual(before);
  });

  it('waits while an item has fewer new answers than the threshold, "can\'t say" and on the scale alike', async () => {
    await add(f.units.aurinko, 12);
    await step();
    // 10 new responses, but only 3 answered the statement on the scale (7 "can't say").
    await add(f.units.aurinko, 3);
    await add(f.units.aurinko, 7, { interaction_staff_friendly: 0, overall_grade: 8 });
    expect((await step()).advanced).toBe(0);
    // 10 more, 2 of them on the scale: 5 on the scale, 15 can't say.
    await add(f.units.aurinko, 2);
    await add(f.units.aurinko, 8, { interaction_staff_friendly: 0, overall_grade: 8 });
    expect((await step()).advanced).toBe(1);
    // 10 more of which 1 answered the statement at all: waits again.
    await add(f.units.aurinko, 1);
    await add(f.units.aurinko, 9, { overall_grade: 8 });
    expect((await step()).advanced).toBe(0);
    expect((await steppedBlocks()).get(f.units.aurinko)).toBe(32);
  });

  it('answers without a unit are a block of their own', async () => {
    await add(null, 4);
    expect((await step()).advanced).toBe(0);
    await add(null, 1);
    expect((await step()).advanced).toBe(1);
    expect((await steppedBlocks()).get(null)).toBe(5);
  });

  it('is checked at most once per interval', async () => {
    await add(f.units.aurinko, 5);
    expect(await step(60_000)).toEqual({ checked: true, advanced: 1, step: 1 });
    await add(f.units.aurinko, 10);
    expect(await step(60_000)).toEqual({ checked: false, advanced: 0, step: 1 });
    const s = await liveStepOf(t.db, f.r2025.id);
    expect(s.step).toBe(1);
    expect(s.steppedAt).not.toBeNull();
    expect(await step(0)).toEqual({ checked: true, advanced: 1, step: 2 });
  });

  it('the server checks every open round in the background', async () => {
    await add(f.units.aurinko, 5);
    const done = await stepOpenRounds(t.db, { minIntervalMs: 0 });
    expect(done[f.r2025.slug]).toEqual({ checked: true, advanced: 1, step: 1 });
    expect(done[f.r2023.slug]).toEqual({ checked: true, advanced: 0, step: 0 });
    expect((await stepOpenRounds(t.db, { minIntervalMs: 60_000 }))[f.r2025.slug]?.checked).toBe(false);
  });

  it('every stepped aggregate equals the current one once every block is copied', async () => {
    await add(f.units.aurinko, 12);
    await add(f.units.kuu, 8, { interaction_staff_friendly: 2, overall_grade: 0 });
    await add(null, 6, { interaction_staff_friendly: 0, overall_grade: 9 });
    await add(f.units.hollola, 10, ANSWERS, f.hollola);
    await addResponses(t.db, f.r2025.id, {
      municipalityId: f.hartola,
      unitId: f.units.hartola,
      groupKey: 'pre_primary',
      answers: { interaction_staff_friendly: 1, overall_grade: 4 },
      count: 5,
    });
    await step();
    const r = f.r2025.id;
    const sorted = <T>(rows: T[]) => rows.map((x) => JSON.stringify(x)).sort();
    const both = async <T>(read: (stepped: boolean) => Promise<T[]>) =>
      expect(sorted(await read(true))).toEqual(sorted(await read(false)));
    await both((stepped) => municipalitySizes(t.db, r, { stepped }));
    await both((stepped) => municipalityTotals(t.db, r, { stepped }));
    await both((stepped) => regionCounts(t.db, r, { stepped }));
    await both((stepped) => municipalityCounts(t.db, r, { stepped }));
    await both((stepped) => municipalityGroupCounts(t.db, r, { stepped }));
    await both((stepped) => unitSizes(t.db, r, f.lahti, { stepped }));
    await both((stepped) => unitSizesOfRound(t.db, r, { stepped }));
    await both((stepped) => unitCounts(t.db, r, f.lahti, { stepped }));
    await both((stepped) => responseCountRows(t.db, r, { stepped }));
    await both((stepped) => classCounts(t.db, r, { stepped }));
    await both(async (stepped) => {
      const c = await languageCells(t.db, r, { stepped });
      return [...c.answers, ...c.responses];
    });
    const { source: _a, ...stepped } = await liveReport(t.db, { ...ctx, stepped: true }, { kind: 'region' });
    const { source: _b, ...current } = await liveReport(t.db, ctx, { kind: 'region' });
    expect(stepped).toEqual(current);
  });

  it('between any two steps each block gains nothing or a batch, whatever arrives (random submissions)', async () => {
    // A deterministic pseudo-random stream of submissions into Lahti's units, checked after each step.
    let seed = 12;
    const next = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % n;
    };
    const blocks = [f.units.aurinko, f.units.kuu, f.units.pikku, null];
    let previous = new Map<number | null, number>();
    let previousItems = await itemCounts();
    for (let round = 0; round < 25; round++) {
      for (let i = next(6); i > 0; i--) {
        const answers: Record<string, number> =
          next(4) === 0 ? { overall_grade: 4 + next(7) } : { interaction_staff_friendly: next(6), overall_grade: 8 };
        await add(blocks[next(blocks.length)] as number | null, 1 + next(3), answers);
      }
      await step();
      const now = await steppedBlocks();
      for (const [block, n] of now) {
        const gain = n - (previous.get(block) ?? 0);
        const batch = previous.has(block) ? 10 : 5;
        expect(gain === 0 || gain >= batch, `block ${block} gained ${gain}`).toBe(true);
      }
      const items = await itemCounts();
      for (const [key, n] of items) {
        const gain = n - (previousItems.get(key) ?? 0);
        expect(gain === 0 || gain >= 5, `${key} gained ${gain}`).toBe(true);
      }
      previous = now;
      previousItems = items;
    }
  });
});

/** Stepped answers per block and item, in all and on the scale. */
async function itemCounts() {
  const { rows } = await sql<{ unit_id: number | null; item_key: string; answers: number; valid: number }>`
    select unit_id, item_key, sum(n)::int as answers, coalesce(sum(n) filter (where value > 0), 0)::int as valid
    from live_answer_cell where round_id = ${f.r2025.id}::int group by unit_id, item_key`.execute(t.db);
  const out = new Map<string, number>();
  for (const r of rows) {
    out.set(`${r.unit_id}/${r.item_key}/all`, r.answers);
    out.set(`${r.unit_id}/${r.item_key}/valid`, r.valid);
  }
  return out;
}
