import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  foldResponses,
  getSettings,
  publishRound,
  rebuildAggregates,
  saveSettings,
  settleHeld,
  transitionRound,
} from '@gs/db';
import { testEngine } from '@gs/db/testing';
import { ok, type Reader, reportHarness } from '../routes/report-testing.ts';
import { noteBackgroundFold, ReportLru, readerClass, reportCacheOf } from './report-cache.ts';

// Cached live reports (report-cache.ts). A "tamper" changes the aggregates without a new version:
// a report that still shows the old figures afterwards came from the cache, one that shows the
// tampered figures was built again. No timings anywhere.
let h: Awaited<ReturnType<typeof reportHarness>>;
beforeAll(async () => {
  h = await reportHarness();
  await foldResponses(h.t.db, h.seed.rounds.r2026);
  // As if the server's background folder had just passed and runs hourly: open rounds are not folded on request.
  noteBackgroundFold(h.t.db, Date.now(), 3_600_000);
});
afterAll(async () => h?.t.close());

const LIVE_2026 = '/api/reports/rounds/2026-basic/municipalities/398?source=live';
const LIVE_2025 = '/api/reports/rounds/2025-ecec/municipalities/398?source=live';

async function responsesShown(path: string, who: Reader = 'coordinator'): Promise<number> {
  const body = await ok(await h.get(who, path));
  expect(body.source.kind).toBe('live');
  return body.headline.responses.n;
}

/** Adds `d` to Lahti's response counts of a round without touching its version. */
async function tamper(roundId: number, d: number) {
  await sql`update response_count set n = n + ${d}::int
    where round_id = ${roundId}::int and municipality_id = ${h.seed.municipalities.lahti}::int`.execute(h.t.db);
}

async function addLahti(roundId: number, count: number, held = false) {
  await sql`
    with r as (
      insert into response (round_id, municipality_id, unit_id, group_key, language, held)
      select ${roundId}::int, ${h.seed.municipalities.lahti}::int, null, 'grades_3_6', 'fi', ${held}
      from generate_series(1, ${count}::int) returning id
    )
    insert into answer (response_id, item_key, value) select r.id, 'overall_grade', 8 from r`.execute(h.t.db);
}

describe(`live report cache (${testEngine})`, () => {
  it('serves a repeated request from the cache between folds; a fold that counts something retires it', async () => {
    const r = h.seed.rounds.r2026;
    const before = await responsesShown(LIVE_2026);
    await tamper(r, 100);
    expect(await responsesShown(LIVE_2026)).toBe(before);
    await tamper(r, -100);
    // New responses are not counted until a fold (the background folder's job), then are at once.
    await addLahti(r, 5);
    expect(await responsesShown(LIVE_2026)).toBe(before);
    expect((await foldResponses(h.t.db, r)).folded).toBe(5);
    expect(await responsesShown(LIVE_2026)).toBe(before + 5);
    const body = await ok(await h.get('coordinator', LIVE_2026));
    const { rows } = await sql<{ folded_at: Date | string }>`
      select folded_at from aggregate_state where round_id = ${r}::int`.execute(h.t.db);
    // Figures as of the later of the last fold and the last background pass.
    expect(Date.parse(body.source.asOf)).toBeGreaterThanOrEqual(new Date(rows[0]!.folded_at).getTime() - 1);
  });

  it('a held release retires cached reports at once, and its fold counts the released responses', async () => {
    const r = h.seed.rounds.r2026;
    await addLahti(r, 4, true);
    await foldResponses(h.t.db, r);
    const before = await responsesShown(LIVE_2026);
    await tamper(r, 100);
    expect(await responsesShown(LIVE_2026)).toBe(before);
    expect(await settleHeld(h.t.db, r, 'release', { municipalityId: h.seed.municipalities.lahti }, null)).toBe(4);
    expect(await responsesShown(LIVE_2026)).not.toBe(before);
    await tamper(r, -100);
    await foldResponses(h.t.db, r);
    expect(await responsesShown(LIVE_2026)).toBe(before + 4);
  });

  it('a threshold change, a status change and publishing the previous round each build the report again', async () => {
    const r = h.seed.rounds.r2026;
    const shown = await responsesShown(LIVE_2026);
    await tamper(r, 100);
    expect(await responsesShown(LIVE_2026)).toBe(shown);
    const settings = await getSettings(h.t.db);
    await saveSettings(h.t.db, { ...settings, suppressionThreshold: settings.suppressionThreshold + 1 });
    const body = await ok(await h.get('coordinator', LIVE_2026));
    expect(body.threshold).toBe(settings.suppressionThreshold + 1);
    expect(body.headline.responses.n).toBe(shown + 100 * (await lahtiRows(r)));
    await saveSettings(h.t.db, settings);
    await tamper(r, -100);

    // A closed round (folded on request, cached per version all the same): 2025 compares with 2023.
    const { r2025, r2023 } = h.seed.rounds;
    const shown2025 = await responsesShown(LIVE_2025);
    await tamper(r2025, 100);
    expect(await responsesShown(LIVE_2025)).toBe(shown2025);
    await publishRound(h.t.db, r2023, { userId: null, reason: 'corrected base counts' });
    expect(await responsesShown(LIVE_2025)).not.toBe(shown2025);
    await tamper(r2025, -100);
    expect(await responsesShown(LIVE_2025)).not.toBe(shown2025);
    // A rebuild recounts (the tampered counts with it) under a new version.
    await tamper(r2025, 100);
    await rebuildAggregates(h.t.db, r2025);
    expect(await responsesShown(LIVE_2025)).toBe(shown2025);

    const now = await responsesShown(LIVE_2026);
    await tamper(r, 100);
    await transitionRound(h.t.db, r, 'closed', null);
    expect(await responsesShown(LIVE_2026)).not.toBe(now);
    await tamper(r, -100);
    await transitionRound(h.t.db, r, 'open', null).catch(() => {});
  });

  it('readers of different classes never share an entry: a Lahti contact gets nothing the coordinator warmed', async () => {
    const cache = reportCacheOf(h.t.db);
    const { lahti, hollola } = h.seed.municipalities;
    const paths = [
      LIVE_2025,
      '/api/reports/rounds/2025-ecec/municipalities/098?source=live',
      '/api/reports/rounds/2025-ecec/region?source=live',
      `/api/reports/rounds/2025-ecec/units/${h.seed.units.hollola}?source=live`,
      `/api/reports/rounds/2025-ecec/units/${h.seed.units.formula}?source=live`,
    ];
    for (const p of paths) await ok(await h.get('coordinator', p));
    const coordinatorUnits = (await ok(await h.get('coordinator', LIVE_2025))).children;
    expect(coordinatorUnits.length).toBeGreaterThan(0);
    const warmed = cache.keys();
    // What Lahti's contact may not see stays refused, however warm the cache.
    for (const p of paths.slice(1, 4)) expect((await h.get('lahti', p)).status).toBe(403);
    // What they may see is built for their class, in entries of its own.
    await ok(await h.get('lahti', LIVE_2025));
    await ok(await h.get('lahti', paths[4]!));
    const added = cache.keys().filter((k) => !warmed.includes(k));
    expect(added).toHaveLength(2);
    for (const k of added) expect(k).toContain(`|contact:${lahti}|`);
    for (const k of warmed) expect(k).not.toContain('contact:');
    // The steering group sees what coordinators see and shares their entries; Hollola's contact has a class of its own.
    expect(readerClass({ role: 'steering_group', municipalityId: null })).toBe('network');
    expect(readerClass({ role: 'municipality_contact', municipalityId: hollola })).toBe(`contact:${hollola}`);
    expect(readerClass({ role: 'municipality_contact', municipalityId: lahti })).not.toBe(
      readerClass({ role: 'municipality_contact', municipalityId: hollola }),
    );
  });

  it('the LRU keeps within its entries and bytes, least recently used out first', () => {
    const lru = new ReportLru(2, 100);
    const r = {} as never;
    lru.set('a', r, 10);
    lru.set('b', r, 10);
    lru.get('a');
    lru.set('c', r, 10);
    expect(lru.keys()).toEqual(['a', 'c']);
    lru.set('d', r, 95);
    expect(lru.keys()).toEqual(['d']);
    lru.set('e', r, 101);
    expect(lru.keys()).toEqual(['d']);
    expect(lru.stats).toEqual({ entries: 1, bytes: 95 });
  });
});

async function lahtiRows(roundId: number) {
  const { rows } = await sql<{ n: number }>`select count(*)::int as n from response_count
    where round_id = ${roundId}::int and municipality_id = ${h.seed.municipalities.lahti}::int`.execute(h.t.db);
  return rows[0]?.n ?? 0;
}
