import { type Kysely, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../database.ts';
import { verifyPassword } from '../passwords.ts';
import { type TestDatabase, openTestDatabase, testEngine } from '../testing.ts';
import { resolveTarget } from '@gs/schema';
import { listImprovementAreas, targetRound } from '../queries/improvement-areas.ts';
import {
  DEMO_IMPROVEMENT_AREAS,
  DEMO_TODAY,
  DEMO_USERS,
  type DemoSummary,
  databaseIsEmpty,
  loadDemoData,
} from './index.ts';

let t: TestDatabase;
let summary: DemoSummary;
let firstAggregates: string;

async function aggregates(db: Kysely<Database>): Promise<string> {
  const counts = await sql`
    select o.slug, m.code, count(*)::int as n
    from response r join round o on o.id = r.round_id join municipality m on m.id = r.municipality_id
    group by 1, 2 order by 1, 2`.execute(db);
  const means = await sql`
    select o.slug, a.item_key, count(*)::int as n, round(avg(a.value) filter (where a.value > 0), 6)::float8 as mean
    from answer a join response r on r.id = a.response_id join round o on o.id = r.round_id
    group by 1, 2 order by 1, 2`.execute(db);
  const open = await sql`
    select o.slug, a.state, count(*)::int as n from open_answer a join round o on o.id = a.round_id
    group by 1, 2 order by 1, 2`.execute(db);
  return JSON.stringify({ counts: counts.rows, means: means.rows, open: open.rows });
}

async function tableCounts(db: Kysely<Database>) {
  const { rows } = await sql<Record<string, number>>`
    select (select count(*) from municipality)::int as municipalities, (select count(*) from unit)::int as units,
      (select count(*) from round)::int as rounds, (select count(*) from base_count)::int as base_counts,
      (select count(*) from response)::int as responses, (select count(*) from answer)::int as answers,
      (select count(*) from open_answer)::int as open_answers, (select count(*) from app_user)::int as users,
      (select count(*) from instrument_version)::int as instrument_versions,
      (select count(*) from network_settings)::int as settings`.execute(db);
  return rows[0]!;
}

beforeAll(async () => {
  t = await openTestDatabase();
  summary = await loadDemoData(t.db, { seed: 42 });
  firstAggregates = await aggregates(t.db);
});
afterAll(async () => t?.close());

describe(`demo data (${testEngine})`, () => {
  it('loads the ten municipalities, their units, four rounds with responses and the demo users', async () => {
    const counts = await tableCounts(t.db);
    expect(summary).toEqual({
      municipalities: 10,
      units: counts.units,
      rounds: 4,
      responses: counts.responses,
    });
    expect(counts.units).toBeGreaterThan(100);
    expect(counts.responses).toBeGreaterThan(10_000);
    expect(counts.users).toBe(DEMO_USERS.length);
    expect(await databaseIsEmpty(t.db)).toBe(false);
    const rounds = await t.db.selectFrom('round').select(['slug', 'status']).orderBy('year').execute();
    expect(rounds).toEqual([
      { slug: '2019-ecec', status: 'published' },
      { slug: '2020-basic', status: 'published' },
      { slug: '2021-ecec', status: 'published' },
      { slug: '2022-basic', status: 'published' },
      { slug: '2023-ecec', status: 'published' },
      { slug: '2024-basic', status: 'published' },
      { slug: '2025-ecec', status: 'published' },
      { slug: '2026-basic', status: 'open' },
    ]);
    const coordinator = await t.db
      .selectFrom('app_user')
      .select(['password_hash', 'role'])
      .where('email', '=', 'coordinator@demo.test')
      .executeTakeFirstOrThrow();
    expect(coordinator.role).toBe('coordinator');
    // The history before this platform came in through the import path, with the demo's mapping.
    const imported = await t.db
      .selectFrom('history_import')
      .innerJoin('round', 'round.id', 'history_import.round_id')
      .select(['round.slug', 'history_import.format', 'history_import.rows'])
      .orderBy('round.year')
      .execute();
    expect(imported.map((i) => [i.slug, i.format, i.rows])).toEqual([
      ['2019-ecec', 'counts', 80],
      ['2020-basic', 'counts', 80],
      ['2021-ecec', 'counts', 80],
      ['2022-basic', 'counts', 80],
    ]);
    expect(await verifyPassword(DEMO_USERS[0]!.password, coordinator.password_hash)).toBe(true);
  });

  it('keeps response rates within 20-60% per municipality, and lower while 2026 is still open', async () => {
    const { rows } = await sql<{ slug: string; status: string; code: string; rate: number }>`
      select o.slug, o.status, m.code,
        (select count(*) from response r where r.round_id = o.id and r.municipality_id = m.id)::float8
          / (select sum(b.enrolled) from base_count b where b.round_id = o.id and b.municipality_id = m.id) as rate
      from round o cross join municipality m
      -- Imported rounds have no responses of their own (their figures are aggregates).
      where not exists (select 1 from history_import h where h.round_id = o.id)`.execute(t.db);
    expect(rows).toHaveLength(40);
    for (const r of rows) {
      const [lo, hi] = r.status === 'open' ? [0.05, 0.6] : [0.2, 0.6];
      expect({ ...r, ok: r.rate >= lo && r.rate <= hi }).toMatchObject({ ok: true });
    }
  });

  it('leaves some units of the 2025 round with 1-4 responses', async () => {
    const { rows } = await sql<{ n: number }>`
      select count(*)::int as n from (
        select r.unit_id from response r join round o on o.id = r.round_id
        where o.slug = '2025-ecec' group by r.unit_id having count(*) between 1 and 4
      ) small`.execute(t.db);
    expect(rows[0]!.n).toBeGreaterThanOrEqual(1);
  });

  it('answers every statement and the grade within its scale, in a unit, group and date the round allows', async () => {
    const { rows } = await sql<Record<string, number>>`
      with per as (select response_id, count(*) as n from answer group by 1),
      need as (select version_id, count(*) as n from instrument_item where type <> 'open' group by 1)
      select
        (select count(*) from answer a
          join response r on r.id = a.response_id
          join round o on o.id = r.round_id
          left join instrument_item i on i.version_id = o.instrument_version_id and i.key = a.item_key
          where i.id is null or i.type = 'open'
            or (i.type = 'statement' and a.value not between 0 and 5)
            or (i.type = 'grade' and a.value not between 4 and 10))::int as bad_values,
        (select count(*) from response r
          join round o on o.id = r.round_id
          join need on need.version_id = o.instrument_version_id
          left join per on per.response_id = r.id
          where coalesce(per.n, 0) <> need.n)::int as incomplete,
        (select count(*) from response r
          join round o on o.id = r.round_id
          join instrument_version v on v.id = o.instrument_version_id
          join unit u on u.id = r.unit_id
          where not (v.definition -> 'unitKinds' ? u.kind)
            or not exists (
              select 1 from jsonb_array_elements(v.definition -> 'group' -> 'options') g where g ->> 'key' = r.group_key)
            or u.municipality_id <> r.municipality_id
            or u.active_from > o.year or coalesce(u.active_to, o.year) < o.year
            or r.submitted_on < o.opens_on or r.submitted_on > least(o.closes_on, ${DEMO_TODAY}::date))::int as misplaced,
        (select avg((a.value = 0)::int)::float8 from answer a where a.item_key <> 'overall_grade') as cant_say`.execute(
      t.db,
    );
    expect(rows[0]).toMatchObject({ bad_values: 0, incomplete: 0, misplaced: 0 });
    expect(rows[0]!.cant_say).toBeGreaterThan(0.04);
    expect(rows[0]!.cant_say).toBeLessThan(0.11);
  });

  it('keeps the open round’s open answers pending, some with personal details to moderate', async () => {
    const { rows } = await sql<{ slug: string; state: string; n: number; personal: number }>`
      select o.slug, a.state, count(*)::int as n, count(*) filter (where a.redacted_text is not null
        or a.text ~ '[0-9]{3} [0-9]{3}' or a.text ~ 'Virtanen|Laine|@')::int as personal
      from open_answer a join round o on o.id = a.round_id group by 1, 2 order by 1, 2`.execute(t.db);
    const open = rows.filter((r) => r.slug === '2026-basic');
    expect(open.map((r) => r.state)).toEqual(['pending']);
    expect(open[0]!.personal).toBeGreaterThan(0);
    expect(rows.filter((r) => r.slug === '2024-basic').map((r) => r.state)).toEqual(['approved', 'hidden']);
  });

  it("has the steering group's development targets of 2023, which 2025 follows up (frozen since it opened)", async () => {
    const round = await targetRound(t.db, '2023-ecec');
    expect(round).toMatchObject({ frozen: true, next: { slug: '2025-ecec' } });
    const rows = await listImprovementAreas(t.db, round!.id);
    expect(rows.map((r) => [r.municipality_code, r.kind, r.key, r.decided_by_name])).toEqual(
      DEMO_IMPROVEMENT_AREAS.map((a) => [a.municipalityCode, a.kind, a.key, 'Jukka Salonen']),
    );
    for (const r of rows) expect(resolveTarget(round!.def, r.kind, r.key), r.key).toBeDefined();
  });

  it('refuses a second load into the same database and changes nothing', async () => {
    const before = await tableCounts(t.db);
    await expect(loadDemoData(t.db, { seed: 42 })).rejects.toThrow(/empty database/);
    expect(await tableCounts(t.db)).toEqual(before);
  });

  it('gives the same aggregates for the same seed and different ones for another seed', async () => {
    await t.reset();
    await loadDemoData(t.db, { seed: 42 });
    expect(await aggregates(t.db)).toBe(firstAggregates);
    await t.reset();
    await loadDemoData(t.db, { seed: 7 });
    expect(await aggregates(t.db)).not.toBe(firstAggregates);
    // Two full loads (about 30 s each on two cores, the imported history included).
  }, 180_000);

  it('rolls everything back when the load fails at its last step', async () => {
    await t.reset();
    await t.db
      .insertInto('app_user')
      .values({ email: 'coordinator@demo.test', name: 'Existing', password_hash: 'x', role: 'coordinator' })
      .execute();
    expect(await databaseIsEmpty(t.db)).toBe(true);
    await expect(loadDemoData(t.db, { seed: 42 })).rejects.toThrow(/duplicate key|unique/i);
    const counts = await tableCounts(t.db);
    expect(counts).toEqual({
      municipalities: 0,
      units: 0,
      rounds: 0,
      base_counts: 0,
      responses: 0,
      answers: 0,
      open_answers: 0,
      users: 1,
      instrument_versions: 0,
      settings: 0,
    });
  }, 180_000);
});
