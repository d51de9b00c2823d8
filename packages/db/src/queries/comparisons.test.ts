import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestDatabase, openTestDatabase, testEngine } from '../testing.ts';
import { familyRounds, itemComparability, snapshotScopeOfMany } from './comparisons.ts';
import { copyLatestInstrumentVersion, updateDraftInstrumentVersion } from './console-instruments.ts';
import { getInstrumentVersion } from './instruments.ts';
import { addResponses, closeRound, seedReportFixture } from './reports.fixture.ts';
import { createRound, transitionRound } from './rounds.ts';
import { publishRound } from './snapshots.ts';

let t: TestDatabase;
let f: Awaited<ReturnType<typeof seedReportFixture>>;

beforeAll(async () => {
  t = await openTestDatabase();
  f = await seedReportFixture(t.db);
});
afterAll(async () => t?.close());

describe(`comparisons across rounds (${testEngine})`, () => {
  it('lists a family’s rounds oldest first with their newest snapshot', async () => {
    await addResponses(t.db, f.r2023.id, {
      municipalityId: f.lahti,
      unitId: f.units.aurinko,
      answers: { overall_grade: 8 },
      count: 6,
    });
    await closeRound(t.db, f.r2023.id);
    await publishRound(t.db, f.r2023.id, { userId: null });
    const found = await familyRounds(t.db, 'ecec');
    expect(found?.rounds.map((r) => [r.year, r.status, r.snapshot?.version ?? null])).toEqual([
      [2023, 'published', 1],
      [2025, 'open', null],
    ]);
    const [r2023] = found!.rounds;
    const reports = await snapshotScopeOfMany(t.db, [r2023!.snapshot!.id], 'municipality:398');
    expect(reports.get(r2023!.snapshot!.id)?.headline.responses).toEqual({ suppressed: false, n: 6 });
    expect(await familyRounds(t.db, 'basic')).toMatchObject({ rounds: [] });
  });

  it('compares an item across versions only while every version on the way keeps it the same', async () => {
    // v1 (the 2023 and 2025 rounds) → v2 rewords one statement → v3 keeps everything.
    const v2 = await copyLatestInstrumentVersion(t.db, 'ecec', null);
    const draft = (await getInstrumentVersion(t.db, v2.id))!.definition;
    const sections = draft.sections.map((s) => ({
      ...s,
      items: s.items.map((item) =>
        item.key === 'safety_feels_safe'
          ? {
              item: { ...item, text: { ...item.text, en: 'My child feels safe and secure.' } },
              lineage: 'changed' as const,
            }
          : { item, lineage: 'same' as const },
      ),
    }));
    await updateDraftInstrumentVersion(t.db, v2.id, { ...draft, sections }, null);
    const r2027 = await createRound(
      t.db,
      {
        family: 'ecec',
        instrumentVersionId: v2.id,
        year: 2027,
        opensOn: '2027-03-08',
        closesOn: '2027-03-21',
        municipalityCodes: ['398'],
      },
      null,
    );
    await transitionRound(t.db, r2027.id, 'open', null);
    const v3 = await copyLatestInstrumentVersion(t.db, 'ecec', null);
    const comparable = await itemComparability(t.db, 'ecec');
    expect(comparable(f.versionId, f.versionId, 'safety_feels_safe')).toBe(true);
    expect(comparable(f.versionId, v2.id, 'safety_feels_safe')).toBe(false);
    expect(comparable(f.versionId, v2.id, 'interaction_staff_friendly')).toBe(true);
    expect(comparable(v2.id, v3.id, 'safety_feels_safe')).toBe(true);
    // Across two steps the change in v2 still breaks the line.
    expect(comparable(f.versionId, v3.id, 'safety_feels_safe')).toBe(false);
    expect(comparable(f.versionId, v3.id, 'interaction_staff_friendly')).toBe(true);
    // Not a descendant: an older version never compares "forward" from a newer one.
    expect(comparable(v3.id, f.versionId, 'interaction_staff_friendly')).toBe(false);
    expect(comparable(f.versionId, f.versionId, 'no_such_item')).toBe(false);
  });
});
