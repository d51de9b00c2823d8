import { type Kysely, sql } from 'kysely';
import type { CountRow, ResponseRow, SizeRow, TotalRow, UnitSizeRow } from '@gs/stats';
import type { Database } from '../database.ts';
import { inTransaction } from '../transaction.ts';

// pg_advisory_xact_lock(FOLD_LOCK, round id): one folder per round at a time.
const FOLD_LOCK = 0x67730001;

/** What one fold did: responses counted in, and the new watermark. */
export interface FoldResult {
  folded: number;
  watermark: number;
}

/** `and column in (...)` for an optional filter; an empty list matches nothing. */
function inList(column: string, values: readonly (string | number)[] | undefined) {
  if (values === undefined) return sql``;
  if (values.length === 0) return sql`and false`;
  return sql`and ${sql.ref(column)} in (${sql.join(values.map((v) => sql`${v}`))})`;
}

async function watermarkOf(db: Kysely<Database>, roundId: number) {
  const { rows } = await sql<{ watermark: number | null; fresh: boolean; pending: boolean }>`
    select s.watermark,
      -- max(id) is a backward scan of (round_id, id); an exists against the joined watermark scanned every response.
      coalesce((select max(r.id) from response r where r.round_id = ${roundId}::int), 0) > coalesce(s.watermark, 0)
        as fresh,
      exists (select 1 from aggregate_pending p where p.round_id = ${roundId}::int) as pending
    from (select ${roundId}::int as round_id) q
    left join aggregate_state s on s.round_id = q.round_id`.execute(db);
  const row = rows[0];
  return { watermark: row?.watermark ?? 0, work: Boolean(row?.fresh || row?.pending) };
}

/**
 * Folds a round's responses that are not yet counted into the aggregate tables:
 * those above the round's watermark, and earlier ids that were still invisible
 * (committing) when the watermark passed them. One statement, so the batch, the
 * counts and the new watermark all see the same data; under an advisory lock, so
 * concurrent reports never count a response twice. Cheap when nothing is new.
 */
export async function foldResponses(
  db: Kysely<Database>,
  roundId: number,
  opts: { wait?: boolean } = {},
): Promise<FoldResult> {
  const before = await watermarkOf(db, roundId);
  if (!before.work) return { folded: 0, watermark: before.watermark };
  return inTransaction(db, async (trx) => {
    if (opts.wait === false) {
      // The background folder skips a round another folder (a request, another instance) is folding.
      const { rows } = await sql<{ got: boolean }>`
        select pg_try_advisory_xact_lock(${FOLD_LOCK}::int, ${roundId}::int) as got`.execute(trx);
      if (!rows[0]?.got) return { folded: 0, watermark: before.watermark };
    } else {
      await sql`select pg_advisory_xact_lock(${FOLD_LOCK}::int, ${roundId}::int)`.execute(trx);
    }
    const { watermark } = await watermarkOf(trx, roundId);
    return foldFrom(trx, roundId, watermark);
  });
}

/**
 * Folds what has arrived in every open round, skipping rounds being folded elsewhere: run in
 * the background every few seconds, so a report request finds at most a few seconds' backlog.
 * Returns the responses folded per round slug (only rounds that had some).
 */
export async function foldOpenRounds(db: Kysely<Database>): Promise<Record<string, number>> {
  const open = await db.selectFrom('round').select(['id', 'slug']).where('status', '=', 'open').execute();
  const out: Record<string, number> = {};
  for (const r of open) {
    const { folded } = await foldResponses(db, r.id, { wait: false });
    if (folded > 0) out[r.slug] = folded;
  }
  return out;
}

async function foldFrom(trx: Kysely<Database>, roundId: number, wm: number): Promise<FoldResult> {
  // Enough memory to group a large first fold by hashing rather than sorting; local to this transaction.
  await sql`set local work_mem = '64MB'`.execute(trx);
  const r = sql`${roundId}::int`;
  const w = sql`${wm}::int`;
  const { rows } = await sql<FoldResult>`
    with arrived as not materialized (
      select id, municipality_id, unit_id, group_key, submitted_on, held from response
      where round_id = ${r} and id > ${w}
      union all
      select id, municipality_id, unit_id, group_key, submitted_on, held from response
      where round_id = ${r} and id <= ${w} and id in (select response_id from aggregate_pending where round_id = ${r})
    ),
    -- Held responses (a burst from one client) are passed by the watermark but counted only once
    -- released, through aggregate_pending.
    batch as not materialized (select * from arrived where not held),
    leaf as materialized (
      select b.municipality_id, b.unit_id, b.group_key, a.item_key, a.value, count(*)::int as n
      from batch b join answer a on a.response_id = b.id
      group by b.municipality_id, b.unit_id, b.group_key, a.item_key, a.value
    ),
    add_unit as (
      insert into answer_count_unit as t (round_id, municipality_id, unit_id, item_key, value, n)
      select ${r}, municipality_id, unit_id, item_key, value, sum(n)::int from leaf
      group by municipality_id, unit_id, item_key, value
      on conflict (round_id, municipality_id, unit_id, item_key, value) do update set n = t.n + excluded.n
    ),
    add_municipality as (
      insert into answer_count_municipality as t (round_id, municipality_id, item_key, value, n)
      select ${r}, municipality_id, item_key, value, sum(n)::int from leaf
      group by municipality_id, item_key, value
      on conflict (round_id, municipality_id, item_key, value) do update set n = t.n + excluded.n
    ),
    add_municipality_group as (
      insert into answer_count_municipality_group as t (round_id, municipality_id, group_key, item_key, value, n)
      select ${r}, municipality_id, group_key, item_key, value, sum(n)::int from leaf
      group by municipality_id, group_key, item_key, value
      on conflict (round_id, municipality_id, group_key, item_key, value) do update set n = t.n + excluded.n
    ),
    add_region as (
      insert into answer_count_region as t (round_id, group_key, item_key, value, n)
      select ${r}, group_key, item_key, value, sum(n)::int from leaf
      group by group_key, item_key, value
      on conflict (round_id, group_key, item_key, value) do update set n = t.n + excluded.n
    ),
    add_size_municipality as (
      insert into answer_size_municipality as t (round_id, municipality_id, group_key, item_key, answers, valid)
      select ${r}, municipality_id, group_key, item_key, sum(n)::int, coalesce(sum(n) filter (where value > 0), 0)::int
      from leaf group by municipality_id, group_key, item_key
      on conflict (round_id, item_key, municipality_id, group_key)
      do update set answers = t.answers + excluded.answers, valid = t.valid + excluded.valid
    ),
    add_size_unit as (
      insert into answer_size_unit as t (round_id, municipality_id, unit_id, group_key, item_key, answers, valid)
      select ${r}, municipality_id, unit_id, group_key, item_key, sum(n)::int,
        coalesce(sum(n) filter (where value > 0), 0)::int
      from leaf group by municipality_id, unit_id, group_key, item_key
      on conflict (round_id, municipality_id, item_key, unit_id, group_key)
      do update set answers = t.answers + excluded.answers, valid = t.valid + excluded.valid
    ),
    add_responses as (
      insert into response_count as t (round_id, municipality_id, unit_id, group_key, n)
      select ${r}, municipality_id, unit_id, group_key, count(*)::int from batch
      group by municipality_id, unit_id, group_key
      on conflict (round_id, municipality_id, unit_id, group_key) do update set n = t.n + excluded.n
    ),
    add_days as (
      insert into response_day as t (round_id, municipality_id, submitted_on, n)
      select ${r}, municipality_id, submitted_on, count(*)::int from batch
      group by municipality_id, submitted_on
      on conflict (round_id, municipality_id, submitted_on) do update set n = t.n + excluded.n
    ),
    top as (select greatest(coalesce(max(id), 0), ${w}) as id from arrived),
    seen as (select id from response where id > ${w} and id <= (select id from top)),
    gaps as (
      select generate_series(prev + 1, id - 1) as id
      from (select id, lag(id, 1, ${w}) over (order by id) as prev from seen) s
      where id > prev + 1
    ),
    settled as (
      delete from aggregate_pending p
      where p.round_id = ${r}
        and (exists (select 1 from response x where x.id = p.response_id) or p.recorded_at < now() - interval '1 hour')
    ),
    waiting as (
      insert into aggregate_pending (round_id, response_id) select ${r}, id from gaps on conflict do nothing
    ),
    moved as (
      insert into aggregate_state as t (round_id, watermark, folded_at)
      select ${r}, id, now() from top
      on conflict (round_id) do update set watermark = greatest(t.watermark, excluded.watermark), folded_at = now()
    )
    select (select count(*)::int from batch) as folded, (select id from top) as watermark`.execute(trx);
  return rows[0] ?? { folded: 0, watermark: wm };
}

/** The tables a fold adds to, keyed by round (besides `response_day`, whose dates need care when compared). */
export const AGGREGATE_TABLES = [
  'answer_count_unit',
  'answer_count_municipality',
  'answer_count_municipality_group',
  'answer_count_region',
  'answer_size_municipality',
  'answer_size_unit',
  'response_count',
] as const;

/** Recounts a round's aggregates from its raw answers (repair, and a check of the incremental path in tests). */
export async function rebuildAggregates(db: Kysely<Database>, roundId: number): Promise<FoldResult> {
  return inTransaction(db, async (trx) => {
    await sql`select pg_advisory_xact_lock(${FOLD_LOCK}::int, ${roundId}::int)`.execute(trx);
    for (const table of [...AGGREGATE_TABLES, 'response_day', 'aggregate_state', 'aggregate_pending']) {
      await sql`delete from ${sql.table(table)} where round_id = ${roundId}::int`.execute(trx);
    }
    return foldFrom(trx, roundId, 0);
  });
}

/** Answers per municipality, group and item of a round, for some items: what suppression decides on. */
export async function municipalitySizes(
  db: Kysely<Database>,
  roundId: number,
  opts: { itemKeys?: readonly string[] } = {},
): Promise<SizeRow[]> {
  const { rows } = await sql<SizeRow>`
    select municipality_id as "municipalityId", group_key as "groupKey", item_key as "itemKey", answers, valid
    from answer_size_municipality where round_id = ${roundId}::int ${inList('item_key', opts.itemKeys)}`.execute(db);
  return rows;
}

/** Answers per municipality and item of a round, all groups together. */
export async function municipalityTotals(db: Kysely<Database>, roundId: number): Promise<TotalRow[]> {
  const { rows } = await sql<TotalRow>`
    select municipality_id as "municipalityId", item_key as "itemKey", sum(answers)::int as answers,
      sum(valid)::int as valid
    from answer_size_municipality where round_id = ${roundId}::int
    group by municipality_id, item_key`.execute(db);
  return rows;
}

/** The region's answers per group, item and value. */
export async function regionCounts(db: Kysely<Database>, roundId: number): Promise<CountRow<string | null>[]> {
  const { rows } = await sql<CountRow<string | null>>`
    select group_key as scope, item_key as "itemKey", value, n
    from answer_count_region where round_id = ${roundId}::int`.execute(db);
  return rows;
}

/** Answers per municipality, item and value, for some municipalities and items. */
export async function municipalityCounts(
  db: Kysely<Database>,
  roundId: number,
  opts: { municipalityIds?: readonly number[]; itemKeys?: readonly string[] } = {},
): Promise<CountRow<number>[]> {
  const { rows } = await sql<CountRow<number>>`
    select municipality_id as scope, item_key as "itemKey", value, n
    from answer_count_municipality
    where round_id = ${roundId}::int
      ${inList('municipality_id', opts.municipalityIds)}
      ${inList('item_key', opts.itemKeys)}`.execute(db);
  return rows;
}

/**
 * Answers per municipality, group, item and value (scope: municipality id), for one
 * group (or every group) and some municipalities and items.
 */
export async function municipalityGroupCounts(
  db: Kysely<Database>,
  roundId: number,
  opts: { municipalityIds?: readonly number[]; itemKeys?: readonly string[]; groupKey?: string },
): Promise<(CountRow<number> & { groupKey: string | null })[]> {
  const { rows } = await sql<CountRow<number> & { groupKey: string | null }>`
    select municipality_id as scope, group_key as "groupKey", item_key as "itemKey", value, n
    from answer_count_municipality_group
    where round_id = ${roundId}::int
      ${opts.groupKey === undefined ? sql`` : sql`and group_key = ${opts.groupKey}`}
      ${inList('municipality_id', opts.municipalityIds)}
      ${inList('item_key', opts.itemKeys)}`.execute(db);
  return rows;
}

/** One municipality's answers per unit (null: none), group and item, for some items. */
export async function unitSizes(
  db: Kysely<Database>,
  roundId: number,
  municipalityId: number,
  opts: { itemKeys?: readonly string[] } = {},
): Promise<UnitSizeRow[]> {
  const { rows } = await sql<UnitSizeRow>`
    select unit_id as "unitId", group_key as "groupKey", item_key as "itemKey", answers, valid
    from answer_size_unit where round_id = ${roundId}::int and municipality_id = ${municipalityId}::int
      ${inList('item_key', opts.itemKeys)}`.execute(db);
  return rows;
}

/** Every municipality's answers per unit (null: none), group and item. */
export async function unitSizesOfRound(
  db: Kysely<Database>,
  roundId: number,
): Promise<(UnitSizeRow & { municipalityId: number })[]> {
  const { rows } = await sql<UnitSizeRow & { municipalityId: number }>`
    select municipality_id as "municipalityId", unit_id as "unitId", group_key as "groupKey", item_key as "itemKey",
      answers, valid
    from answer_size_unit where round_id = ${roundId}::int`.execute(db);
  return rows;
}

/** Answers per unit, item and value in one municipality, for some units and items. */
export async function unitCounts(
  db: Kysely<Database>,
  roundId: number,
  municipalityId: number,
  opts: { unitIds?: readonly number[]; itemKeys?: readonly string[] } = {},
): Promise<CountRow<number>[]> {
  const { rows } = await sql<CountRow<number>>`
    select unit_id as scope, item_key as "itemKey", value, n
    from answer_count_unit
    where round_id = ${roundId}::int and municipality_id = ${municipalityId}::int and unit_id is not null
      ${inList('unit_id', opts.unitIds)}
      ${inList('item_key', opts.itemKeys)}`.execute(db);
  return rows;
}

/** Responses per municipality, unit and group of a round. */
export async function responseCountRows(db: Kysely<Database>, roundId: number): Promise<ResponseRow[]> {
  const { rows } = await sql<ResponseRow>`
    select municipality_id as "municipalityId", unit_id as "unitId", group_key as "groupKey", n
    from response_count where round_id = ${roundId}::int`.execute(db);
  return rows;
}

/** Responses per day of a round, optionally of one municipality. */
export async function responsesPerDay(
  db: Kysely<Database>,
  roundId: number,
  municipalityId?: number,
): Promise<{ day: string; n: number }[]> {
  const { rows } = await sql<{ day: string; n: number }>`
    select submitted_on::text as day, sum(n)::int as n from response_day
    where round_id = ${roundId}::int
      ${municipalityId === undefined ? sql`` : sql`and municipality_id = ${municipalityId}::int`}
    group by submitted_on order by submitted_on`.execute(db);
  return rows;
}
