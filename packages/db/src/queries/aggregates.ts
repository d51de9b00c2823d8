import { type Kysely, sql } from 'kysely';
import type { CountRow, ResponseRow, SizeRow, TotalRow, UnitSizeRow } from '@gs/stats';
import type { Database } from '../database.ts';
import { inTransaction } from '../transaction.ts';

// pg_advisory_xact_lock(FOLD_LOCK, round id): one folder per round at a time.
const FOLD_LOCK = 0x67730001;

/** How often a round's inbox is mixed at most (see mixInbox): the window in which a fresh response is linkable. */
export const MIX_INTERVAL_S = 60;

/** Waits for the round's fold lock in this transaction: no fold, move or step of the round runs meanwhile. */
export async function lockRoundFolds(trx: Kysely<Database>, roundId: number) {
  await sql`select pg_advisory_xact_lock(${FOLD_LOCK}::int, ${roundId}::int)`.execute(trx);
}

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
  const { rows } = await sql<{
    watermark: number | null;
    fresh: boolean;
    pending: boolean;
    inbox: boolean;
    mix: boolean;
  }>`
    select s.watermark,
      exists (select 1 from response_inbox i where i.round_id = ${roundId}::int and not i.folded and not i.held) as inbox,
      (s.mixed_at is null or s.mixed_at < now() - make_interval(secs => ${MIX_INTERVAL_S}))
        and exists (select 1 from response_inbox i where i.round_id = ${roundId}::int and not i.mixed) as mix,
      -- max(id) is a backward scan of (round_id, id); an exists against the joined watermark scanned every response.
      coalesce((select max(r.id) from response r where r.round_id = ${roundId}::int), 0) > coalesce(s.watermark, 0)
        as fresh,
      exists (select 1 from aggregate_pending p where p.round_id = ${roundId}::int) as pending
    from (select ${roundId}::int as round_id) q
    left join aggregate_state s on s.round_id = q.round_id`.execute(db);
  const row = rows[0];
  const moved = Boolean(row?.fresh || row?.pending);
  const inbox = Boolean(row?.inbox);
  const mix = Boolean(row?.mix);
  return { watermark: row?.watermark ?? 0, moved, inbox, mix, work: moved || inbox || mix };
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
  opts: { wait?: boolean; mix?: boolean } = {},
): Promise<FoldResult> {
  const before = await watermarkOf(db, roundId);
  if (!before.work && !opts.mix) return { folded: 0, watermark: before.watermark };
  return inTransaction(db, async (trx) => {
    if (opts.wait === false) {
      // The background folder skips a round another folder (a request, another instance) is folding.
      const { rows } = await sql<{ got: boolean }>`
        select pg_try_advisory_xact_lock(${FOLD_LOCK}::int, ${roundId}::int) as got`.execute(trx);
      if (!rows[0]?.got) return { folded: 0, watermark: before.watermark };
    } else {
      await sql`select pg_advisory_xact_lock(${FOLD_LOCK}::int, ${roundId}::int)`.execute(trx);
    }
    return foldLocked(trx, roundId, opts.mix);
  });
}

/** Both folds, under the round's fold lock: responses moved in from elsewhere, then the inbox. */
async function foldLocked(trx: Kysely<Database>, roundId: number, mixNow = false): Promise<FoldResult> {
  const work = await watermarkOf(trx, roundId);
  const moved = work.moved ? await foldFrom(trx, roundId, work.watermark) : { folded: 0, watermark: work.watermark };
  const inbox = work.mix || mixNow ? await mixInbox(trx, roundId) : work.inbox ? await foldInbox(trx, roundId) : 0;
  return { folded: moved.folded + inbox, watermark: moved.watermark };
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
      select id, municipality_id, unit_id, group_key, language, submitted_on, held from response
      where round_id = ${r} and id > ${w}
      union all
      select id, municipality_id, unit_id, group_key, language, submitted_on, held from response
      where round_id = ${r} and id <= ${w} and id in (select response_id from aggregate_pending where round_id = ${r})
    ),
    -- Held responses (a burst from one client) are passed by the watermark but counted only once
    -- released, through aggregate_pending.
    batch as not materialized (select * from arrived where not held),
    leaf as materialized (
      select b.municipality_id, b.unit_id, b.group_key, b.language, a.item_key, a.value, count(*)::int as n
      from batch b join answer a on a.response_id = b.id
      group by b.municipality_id, b.unit_id, b.group_key, b.language, a.item_key, a.value
    ),
    ${addCounts(r)},
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
      on conflict (round_id) do update set watermark = greatest(t.watermark, excluded.watermark), folded_at = now(),
        version = nextval('aggregate_version')
    )
    select (select count(*)::int from batch) as folded, (select id from top) as watermark`.execute(trx);
  return rows[0] ?? { folded: 0, watermark: wm };
}

/**
 * Counts a round's new inbox rows (not held) into the aggregates and marks them folded. Their
 * `xmin` becomes this fold's; until the next mix a reader could still tell which fold counted
 * a row and so narrow a code or key used just before it to that fold's rows.
 */
async function foldInbox(trx: Kysely<Database>, roundId: number): Promise<number> {
  const r = sql`${roundId}::int`;
  const { rows } = await sql<{ folded: number }>`
    with batch as materialized (
      update response_inbox set folded = true where round_id = ${r} and not folded and not held
      returning municipality_id, unit_id, group_key, language, submitted_on, answers
    ),
    ${inboxLeaf()},
    ${addCounts(r)},
    ${stamp(r)}
    select count(*)::int as folded from batch`.execute(trx);
  return rows[0]?.folded ?? 0;
}

/** The leaf counts of an inbox batch: the answers inside its rows. */
function inboxLeaf() {
  return sql`leaf as materialized (
      select b.municipality_id, b.unit_id, b.group_key, b.language, x.k as item_key, x.v as value, count(*)::int as n
      from batch b cross join jsonb_to_recordset(b.answers) as x(k text, v smallint)
      group by b.municipality_id, b.unit_id, b.group_key, b.language, x.k, x.v
    )`;
}

/**
 * Counts a round's new inbox rows like `foldInbox` and, in the same statement, rewrites what a
 * reader of the tables could otherwise link or order: the day's inbox rows (deleted and
 * inserted again in random order, so new physical places too), the day's used codes and the
 * day's idempotency keys. Afterwards all of them carry this transaction's id, not their
 * submissions' or their folds', so `xmin` and `ctid` no longer tell which code or key went with
 * which response, nor in which order the day's responses came (docs/privacy.md). The cost grows
 * with the day's rows, so a round is mixed at most every MIX_INTERVAL_S seconds.
 */
async function mixInbox(trx: Kysely<Database>, roundId: number): Promise<number> {
  const r = sql`${roundId}::int`;
  const { rows } = await sql<{ folded: number }>`
    with gone as (
      delete from response_inbox
      where round_id = ${r} and (submitted_on = current_date or not mixed or (not folded and not held))
      returning *
    ),
    batch as materialized (select * from gone where not folded and not held),
    ${inboxLeaf()},
    ${addCounts(r)},
    back as (
      insert into response_inbox
        (id, round_id, municipality_id, unit_id, group_key, language, submitted_on, held, folded, mixed, answers,
         open_answers)
      select id, round_id, municipality_id, unit_id, group_key, language, submitted_on, held, folded or not held, true,
        answers, open_answers
      from gone order by random()
    ),
    codes as (update access_code set used = true where round_id = ${r} and used_on = current_date),
    keys as (update idempotency_key set created_on = created_on where round_id = ${r} and created_on = current_date),
    mixed as (
      insert into aggregate_state as t (round_id, watermark, mixed_at) values (${r}, 0, now())
      on conflict (round_id) do update set mixed_at = now(),
        -- As stamp(), in this CTE: two CTEs may not both write the state row.
        folded_at = case when exists (select 1 from batch) then now() else t.folded_at end,
        version = case when exists (select 1 from batch) then nextval('aggregate_version') else t.version end
    )
    select count(*)::int as folded from batch`.execute(trx);
  return rows[0]?.folded ?? 0;
}

/**
 * Moves inbox rows into `response`, `answer` and `open_answer`: of days before today, of rounds
 * no longer open, or (`all`) every row of the given round. One transaction per round, under its
 * fold lock, after folding what is new; the rows get response ids in random order and the
 * watermark passes them (they are counted already; held ones stay held, as before). Returns the
 * responses moved per round id.
 */
export async function moveInbox(
  db: Kysely<Database>,
  opts: { roundId?: number; all?: boolean } = {},
): Promise<Record<number, number>> {
  const { rows: due } = await sql<{ round_id: number }>`
    select distinct i.round_id from response_inbox i join round r on r.id = i.round_id
    where ${opts.roundId === undefined ? sql`true` : sql`i.round_id = ${opts.roundId}::int`}
      and (${opts.all === true} or i.submitted_on < current_date or r.status <> 'open')`.execute(db);
  const out: Record<number, number> = {};
  for (const { round_id: roundId } of due) {
    const n = await inTransaction(db, async (trx) => {
      await sql`select pg_advisory_xact_lock(${FOLD_LOCK}::int, ${roundId}::int)`.execute(trx);
      await foldLocked(trx, roundId);
      const r = sql`${roundId}::int`;
      const { rows } = await sql<{ n: number }>`
        with gone as (
          delete from response_inbox i
          where i.round_id = ${r}
            and (${opts.all === true} or i.submitted_on < current_date
              or (select status from round where id = ${r}) <> 'open')
          returning *
        ),
        numbered as materialized (
          select g.*, nextval(pg_get_serial_sequence('response', 'id'))::int as new_id
          from (select * from gone order by random()) g
        ),
        resp as (
          insert into response (id, round_id, municipality_id, unit_id, group_key, language, submitted_on, held)
          overriding system value
          select new_id, round_id, municipality_id, unit_id, group_key, language, submitted_on, held
          from numbered order by new_id
        ),
        ans as (
          insert into answer (response_id, item_key, value)
          select n.new_id, x.k, x.v from numbered n cross join jsonb_to_recordset(n.answers) as x(k text, v smallint)
        ),
        opn as (
          insert into open_answer (response_id, round_id, municipality_id, unit_id, item_key, text)
          select n.new_id, n.round_id, n.municipality_id, n.unit_id, x.k, x.t
          from numbered n cross join jsonb_to_recordset(n.open_answers) as x(k text, t text)
          order by n.new_id
        ),
        passed as (
          insert into aggregate_state as t (round_id, watermark, folded_at)
          select ${r}, max(new_id), now() from numbered having count(*) > 0
          on conflict (round_id) do update set watermark = greatest(t.watermark, excluded.watermark)
        )
        select count(*)::int as n from numbered`.execute(trx);
      return rows[0]?.n ?? 0;
    });
    if (n > 0) out[roundId] = n;
  }
  return out;
}

/**
 * Marks a change of the round's aggregates when the fold's `batch` counted something: a new
 * version (reports cached for the old one are no longer used) and the time of the fold.
 */
function stamp(r: ReturnType<typeof sql>) {
  return sql`stamped as (
      insert into aggregate_state as t (round_id, watermark, folded_at)
      select ${r}, 0, now() where exists (select 1 from batch)
      on conflict (round_id) do update set folded_at = now(), version = nextval('aggregate_version')
    )`;
}

/** What a live report's figures rest on: see `aggregateVersion`. */
export interface AggregateVersion {
  /** Changes whenever the round's aggregates change ('0': nothing folded yet). */
  version: string;
  /** The last fold that counted something, or null. */
  foldedAt: string | null;
  /** The previous round's version and its newest published snapshot ('' without a previous round). */
  previous: string;
}

/**
 * A round's aggregate version (a new value from one sequence whenever its aggregates change: every
 * fold that counted something, a held release, a rebuild), the time of its last fold that counted,
 * and the same of the round a report compares with (its version, and its newest published snapshot,
 * which is where previous figures come from when there is one). One read: what a cached live report
 * costs between folds.
 */
export async function aggregateVersion(
  db: Kysely<Database>,
  roundId: number,
  previousRoundId: number | null = null,
): Promise<AggregateVersion> {
  const p = sql`${previousRoundId ?? 0}::int`;
  const { rows } = await sql<{ version: string | null; folded_at: Date | string | null; previous: string | null }>`
    select s.version::text as version, s.folded_at,
      (select coalesce(max(v.version), 0)::text from aggregate_state v where v.round_id = ${p}) || '/' ||
        (select coalesce(max(ps.id), 0)::text from published_snapshot ps where ps.round_id = ${p}) as previous
    from (select ${roundId}::int as round_id) q
    left join aggregate_state s on s.round_id = q.round_id`.execute(db);
  const row = rows[0];
  return {
    version: row?.version ?? '0',
    foldedAt: row?.folded_at ? new Date(row.folded_at).toISOString() : null,
    previous: previousRoundId === null ? '' : (row?.previous ?? ''),
  };
}

/**
 * The statements that add a fold's batch to every aggregate table, as CTEs of the fold's
 * statement; they read its CTEs `leaf` (municipality, unit, group, language, item, value, n)
 * and `batch` (one row per response: municipality, unit, group, language, day).
 */
function addCounts(r: ReturnType<typeof sql>) {
  return sql`
    add_cell as (
      insert into answer_count_cell as t (round_id, municipality_id, unit_id, group_key, language, item_key, value, n)
      select ${r}, municipality_id, unit_id, group_key, language, item_key, value, n from leaf
      on conflict (round_id, municipality_id, unit_id, group_key, language, item_key, value)
      do update set n = t.n + excluded.n
    ),
    add_response_cell as (
      insert into response_count_cell as t (round_id, municipality_id, unit_id, group_key, language, n)
      select ${r}, municipality_id, unit_id, group_key, language, count(*)::int from batch
      group by municipality_id, unit_id, group_key, language
      on conflict (round_id, municipality_id, unit_id, group_key, language) do update set n = t.n + excluded.n
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
    )`;
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
  'answer_count_cell',
  'response_count_cell',
] as const;

/** Recounts a round's aggregates from its raw answers and its inbox (repair, and a check of the incremental path in tests). */
export async function rebuildAggregates(db: Kysely<Database>, roundId: number): Promise<FoldResult> {
  return inTransaction(db, async (trx) => {
    // An imported round's aggregates are its only record (it has no answers to recount from).
    const imported = await trx
      .selectFrom('history_import')
      .select('round_id')
      .where('round_id', '=', roundId)
      .execute();
    if (imported.length) return { folded: 0, watermark: 0 };
    await sql`select pg_advisory_xact_lock(${FOLD_LOCK}::int, ${roundId}::int)`.execute(trx);
    for (const table of [...AGGREGATE_TABLES, 'response_day', 'aggregate_state', 'aggregate_pending']) {
      await sql`delete from ${sql.table(table)} where round_id = ${roundId}::int`.execute(trx);
    }
    const moved = await foldFrom(trx, roundId, 0);
    await sql`update response_inbox set folded = false where round_id = ${roundId}::int and folded`.execute(trx);
    return { folded: moved.folded + (await mixInbox(trx, roundId)), watermark: moved.watermark };
  });
}

/**
 * Which figures a report reads: the latest fold (the default), or `stepped`, the round's live step
 * (queries/live-steps.ts: what readers below the steering group see of live figures), where every
 * aggregate table is the same sum of the stepped finest cells.
 */
export interface FigureSource {
  stepped?: boolean;
}

const answerCells = (keys: string) =>
  sql.raw(`select round_id, ${keys}, sum(n)::int as n from live_answer_cell group by round_id, ${keys}`);
const sizeCells = (keys: string) =>
  sql.raw(`select round_id, ${keys}, sum(n)::int as answers, coalesce(sum(n) filter (where value > 0), 0)::int as valid
    from live_answer_cell group by round_id, ${keys}`);

/** Each aggregate table as a sum of the stepped cells: the same columns, so a query reads either. */
const STEPPED_TABLES = {
  answer_count_unit: answerCells('municipality_id, unit_id, item_key, value'),
  answer_count_municipality: answerCells('municipality_id, item_key, value'),
  answer_count_municipality_group: answerCells('municipality_id, group_key, item_key, value'),
  answer_count_region: answerCells('group_key, item_key, value'),
  answer_size_municipality: sizeCells('municipality_id, group_key, item_key'),
  answer_size_unit: sizeCells('municipality_id, unit_id, group_key, item_key'),
  response_count: sql.raw(`select round_id, municipality_id, unit_id, group_key, sum(n)::int as n
    from live_response_cell group by round_id, municipality_id, unit_id, group_key`),
  answer_count_cell: sql.raw('select * from live_answer_cell'),
  response_count_cell: sql.raw('select * from live_response_cell'),
} as const;

/** An aggregate table to read from, as `table alias`: the table itself, or its stepped equivalent. */
export function aggregateTable(table: keyof typeof STEPPED_TABLES, source: FigureSource = {}, alias: string = table) {
  return source.stepped
    ? sql`(${STEPPED_TABLES[table]}) as ${sql.id(alias)}`
    : sql`${sql.table(table)} as ${sql.id(alias)}`;
}

/** Answers per municipality, group and item of a round, for some items: what suppression decides on. */
export async function municipalitySizes(
  db: Kysely<Database>,
  roundId: number,
  opts: { itemKeys?: readonly string[] } & FigureSource = {},
): Promise<SizeRow[]> {
  const { rows } = await sql<SizeRow>`
    select municipality_id as "municipalityId", group_key as "groupKey", item_key as "itemKey", answers, valid
    from ${aggregateTable('answer_size_municipality', opts)} where round_id = ${roundId}::int ${inList('item_key', opts.itemKeys)}`.execute(
    db,
  );
  return rows;
}

/** Answers per municipality and item of a round, all groups together. */
export async function municipalityTotals(
  db: Kysely<Database>,
  roundId: number,
  source: FigureSource = {},
): Promise<TotalRow[]> {
  const { rows } = await sql<TotalRow>`
    select municipality_id as "municipalityId", item_key as "itemKey", sum(answers)::int as answers,
      sum(valid)::int as valid
    from ${aggregateTable('answer_size_municipality', source)} where round_id = ${roundId}::int
    group by municipality_id, item_key`.execute(db);
  return rows;
}

/** The region's answers per group, item and value. */
export async function regionCounts(
  db: Kysely<Database>,
  roundId: number,
  source: FigureSource = {},
): Promise<CountRow<string | null>[]> {
  const { rows } = await sql<CountRow<string | null>>`
    select group_key as scope, item_key as "itemKey", value, n
    from ${aggregateTable('answer_count_region', source)} where round_id = ${roundId}::int`.execute(db);
  return rows;
}

/** Answers per municipality, item and value, for some municipalities and items. */
export async function municipalityCounts(
  db: Kysely<Database>,
  roundId: number,
  opts: { municipalityIds?: readonly number[]; itemKeys?: readonly string[] } & FigureSource = {},
): Promise<CountRow<number>[]> {
  const { rows } = await sql<CountRow<number>>`
    select municipality_id as scope, item_key as "itemKey", value, n
    from ${aggregateTable('answer_count_municipality', opts)}
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
  opts: { municipalityIds?: readonly number[]; itemKeys?: readonly string[]; groupKey?: string } & FigureSource,
): Promise<(CountRow<number> & { groupKey: string | null })[]> {
  const { rows } = await sql<CountRow<number> & { groupKey: string | null }>`
    select municipality_id as scope, group_key as "groupKey", item_key as "itemKey", value, n
    from ${aggregateTable('answer_count_municipality_group', opts)}
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
  opts: { itemKeys?: readonly string[] } & FigureSource = {},
): Promise<UnitSizeRow[]> {
  const { rows } = await sql<UnitSizeRow>`
    select unit_id as "unitId", group_key as "groupKey", item_key as "itemKey", answers, valid
    from ${aggregateTable('answer_size_unit', opts)} where round_id = ${roundId}::int and municipality_id = ${municipalityId}::int
      ${inList('item_key', opts.itemKeys)}`.execute(db);
  return rows;
}

/** Every municipality's answers per unit (null: none), group and item. */
export async function unitSizesOfRound(
  db: Kysely<Database>,
  roundId: number,
  source: FigureSource = {},
): Promise<(UnitSizeRow & { municipalityId: number })[]> {
  const { rows } = await sql<UnitSizeRow & { municipalityId: number }>`
    select municipality_id as "municipalityId", unit_id as "unitId", group_key as "groupKey", item_key as "itemKey",
      answers, valid
    from ${aggregateTable('answer_size_unit', source)} where round_id = ${roundId}::int`.execute(db);
  return rows;
}

/** Answers per unit, item and value in one municipality, for some units and items. */
export async function unitCounts(
  db: Kysely<Database>,
  roundId: number,
  municipalityId: number,
  opts: { unitIds?: readonly number[]; itemKeys?: readonly string[] } & FigureSource = {},
): Promise<CountRow<number>[]> {
  const { rows } = await sql<CountRow<number>>`
    select unit_id as scope, item_key as "itemKey", value, n
    from ${aggregateTable('answer_count_unit', opts)}
    where round_id = ${roundId}::int and municipality_id = ${municipalityId}::int and unit_id is not null
      ${inList('unit_id', opts.unitIds)}
      ${inList('item_key', opts.itemKeys)}`.execute(db);
  return rows;
}

/** Responses per municipality, unit and group of a round. */
export async function responseCountRows(
  db: Kysely<Database>,
  roundId: number,
  source: FigureSource = {},
): Promise<ResponseRow[]> {
  const { rows } = await sql<ResponseRow>`
    select municipality_id as "municipalityId", unit_id as "unitId", group_key as "groupKey", n
    from ${aggregateTable('response_count', source)} where round_id = ${roundId}::int`.execute(db);
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
