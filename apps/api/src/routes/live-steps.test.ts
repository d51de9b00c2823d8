import { upsertUnit } from '@gs/db';
import { Compare, ScopeReport, Trend } from '@gs/schema';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setLiveStepInterval } from '../reports/report-service.ts';
import { addResponses, ok, reportHarness } from './report-testing.ts';

// Issue 12.4: what a municipality contact sees of live figures moves only in batches per unit
// (docs/reports.md, "Live figures and differencing"); coordinators and the steering group see
// current figures. The step interval is 0 here, so every read checks the step: nothing is timed.

let h: Awaited<ReturnType<typeof reportHarness>>;
let schoolA: number;
let schoolB: number;
const LAHTI = '/api/reports/rounds/2026-basic/municipalities/398?source=live';
const ANSWERS = { interaction_staff_friendly: 4, overall_grade: 8 };

beforeAll(async () => {
  h = await reportHarness();
  setLiveStepInterval(h.t.db, 0);
  const school = async (code: string, fi: string) =>
    (
      await upsertUnit(h.t.db, {
        municipalityCode: '398',
        code,
        names: { fi, sv: fi, en: fi },
        kind: 'school',
        provider: 'municipal',
        activeFrom: 2000,
        activeTo: null,
      })
    ).id;
  schoolA = await school('S1', 'Koulu A');
  schoolB = await school('S2', 'Koulu B');
  await add(schoolA, 12);
  await add(schoolB, 15, { interaction_staff_friendly: 2, overall_grade: 6 });
});
afterAll(async () => h?.t.close());

const add = (unitId: number | null, count: number, answers: Record<string, number> = ANSWERS, municipality = 'lahti') =>
  addResponses(h.t.db, h.seed.rounds.r2026, {
    municipalityId: h.seed.municipalities[municipality as 'lahti' | 'hartola'],
    unitId,
    groupKey: 'grades_3_6',
    answers,
    count,
  });

const read = async (who: 'lahti' | 'coordinator' | 'steering', path = LAHTI) =>
  ScopeReport.parse(await ok(await h.get(who, path)));
const unitPath = (id: number) => `/api/reports/rounds/2026-basic/units/${id}?source=live`;
const unitsTable = '/api/reports/rounds/2026-basic/compare?source=live&level=units&municipality=398';
const responses = (r: ScopeReport) => (r.headline.responses.suppressed ? null : r.headline.responses.n);
const childResponses = (r: ScopeReport, id: number) => {
  const line = r.children.find((c) => c.scope === `unit:${id}`)?.responses;
  return line && !line.suppressed ? line.n : null;
};

describe('live figures in steps for municipality contacts', () => {
  it('a contact reads, one guardian answers, the contact reads again: the same figures, in every view and export', async () => {
    const before = await read('lahti');
    expect(before.source).toMatchObject({ kind: 'live', stepped: { firstBatch: 5, laterBatch: 10 } });
    expect(responses(before)).toBe(47); // 20 without a unit, 12 + 15 in the schools
    expect(childResponses(before, schoolA)).toBe(12);
    const unitBefore = await read('lahti', unitPath(schoolA));
    const tableBefore = Compare.parse(await ok(await h.get('lahti', unitsTable)));
    const exported = async () =>
      (
        await h.get('lahti', '/api/reports/rounds/2026-basic/export?scope=municipality:398&source=live&table=children')
      ).text();
    const exportBefore = await exported();
    expect(exportBefore).toContain('Koulu A');

    await add(schoolA, 1, { interaction_staff_friendly: 1, overall_grade: 4 });
    expect(await read('lahti')).toEqual(before);
    expect(await read('lahti', unitPath(schoolA))).toEqual(unitBefore);
    expect(Compare.parse(await ok(await h.get('lahti', unitsTable)))).toEqual(tableBefore);
    expect(await exported()).toBe(exportBefore);

    // Coordinators and the steering group see current figures, with no step in their source.
    for (const who of ['coordinator', 'steering'] as const) {
      const current = await read(who);
      expect(responses(current)).toBe(48);
      expect(current.source).not.toHaveProperty('stepped');
    }
  });

  it('another municipality’s answer does not move the region figures a contact compares with', async () => {
    const before = await read('lahti');
    await add(null, 1, { interaction_staff_friendly: 5, overall_grade: 10 }, 'hartola');
    expect(await read('lahti')).toEqual(before);
  });

  it('a reader topping up with their own responses, short of a batch, isolates nobody', async () => {
    const before = await read('lahti');
    // The guardian of the first test is still waiting; the reader adds 8 of their own: 9 new in school A.
    await add(schoolA, 8, { interaction_staff_friendly: 5, overall_grade: 10 });
    expect(await read('lahti')).toEqual(before);
  });

  it('a batch moves the unit as a whole, with the time of the step', async () => {
    const before = await read('lahti');
    await add(schoolA, 1);
    const after = await read('lahti');
    expect(childResponses(after, schoolA)).toBe(22);
    expect(responses(after)).toBe(57);
    const [b, a] = [before.source, after.source] as { stepped: { step: number }; asOf: string }[];
    expect(a?.stepped.step).toBeGreaterThan(b?.stepped.step ?? 0);
    expect(Date.parse(a?.asOf ?? '')).toBeGreaterThanOrEqual(Date.parse(b?.asOf ?? ''));
    // The coordinator's figures had every response all along.
    expect(responses(await read('coordinator'))).toBe(57);
  });

  it('live figures by group or answer language are not for contacts; published and the network’s are', async () => {
    for (const q of ['group=grades_3_6', 'language=fi']) {
      const res = await h.get('lahti', `${LAHTI}&${q}`);
      expect(res.status).toBe(403);
      expect((await res.json()).error.field).toBe(q.split('=')[0]);
      expect((await h.get('coordinator', `${LAHTI}&${q}`)).status).toBe(200);
    }
    const trend = Trend.parse(
      await ok(await h.get('lahti', '/api/reports/trends/basic?scope=municipality:398&group=grades_3_6')),
    );
    expect(trend.rounds.every((r) => r.source !== 'live')).toBe(true);
    const whole = Trend.parse(await ok(await h.get('lahti', '/api/reports/trends/basic?scope=municipality:398')));
    expect(whole.rounds.some((r) => r.source === 'live')).toBe(true);
  });
});
