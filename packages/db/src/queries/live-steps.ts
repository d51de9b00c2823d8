import { type Kysely, sql } from 'kysely';
import type { ReportSource } from '@gs/schema';
import type { Database } from '../database.ts';
import { inTransaction } from '../transaction.ts';
import { foldResponses, lockRoundFolds } from './aggregates.ts';
import { getSettings } from './settings.ts';

/**
 * Live figures in steps (issue 12.4; the argument is in docs/reports.md, "Live figures and
 * differencing"). Readers below the steering group see a round's live figures as of its live step:
 * a copy of the finest aggregates (`answer_count_cell`, `response_count_cell`) kept per **block** —
 * one unit of a municipality, or a municipality's answers without a unit. A step copies a block as a
 * whole, and only when what it gained since its last copy is a **batch**: at least `firstBatch`
 * responses the first time (the threshold: a block shown at all rests on that many anyway) and
 * `laterBatch` later (twice the threshold), and for every item either no new answers or at least
 * the threshold of them, counted with "can't say" and on the scale alike. Every figure such a reader
 * sees is a sum over blocks, so the difference of any two of their reads, in any scopes, is a sum of
 * whole batches.
 */

/** The batch sizes of a threshold: a block's first copy, and every later one. */
export function liveBatches(threshold: number) {
  return { firstBatch: threshold, laterBatch: 2 * threshold };
}

/** How often a round is stepped at most by default (a step is checked on a stepped read, when due). */
export const LIVE_STEP_INTERVAL_MS = 10 * 60_000;

/** A round's live step: its number (0: nothing copied yet), when it was taken and last checked. */
export interface LiveStep {
  step: number;
  steppedAt: string | null;
  checkedAt: string | null;
}

const iso = (d: Date | string | null | undefined) => (d ? new Date(d).toISOString() : null);

/** The round's live step as stored. */
export async function liveStepOf(db: Kysely<Database>, roundId: number): Promise<LiveStep> {
  const { rows } = await sql<{ step: number; stepped_at: Date | string | null; checked_at: Date | string }>`
    select step, stepped_at, checked_at from live_step where round_id = ${roundId}::int`.execute(db);
  const row = rows[0];
  return { step: row?.step ?? 0, steppedAt: iso(row?.stepped_at), checkedAt: iso(row?.checked_at) };
}

/**
 * The source of stepped live figures: as of the step (its own time; responses carry none), or of the
 * last check while nothing has been copied yet, and the batch sizes.
 */
export async function steppedSource(
  db: Kysely<Database>,
  roundId: number,
  threshold: number,
): Promise<Extract<ReportSource, { kind: 'live' }>> {
  const s = await liveStepOf(db, roundId);
  return {
    kind: 'live',
    asOf: s.steppedAt ?? s.checkedAt ?? new Date().toISOString(),
    stepped: { step: s.step, ...liveBatches(threshold) },
  };
}

/** What one check did: whether it ran (not within the interval of the last), blocks copied, and the step. */
export interface StepResult {
  checked: boolean;
  advanced: number;
  step: number;
}

/**
 * Checks a round's blocks and copies those that gained a batch since their last copy, as one step:
 * at most once per `minIntervalMs` (a check within it does nothing), under the round's fold lock so
 * no fold is counted halfway, and in one statement, so the check and the copy see the same aggregates.
 * Folds what is new first, when a check is due.
 */
export async function stepLiveFigures(
  db: Kysely<Database>,
  roundId: number,
  opts: { threshold: number; minIntervalMs?: number },
): Promise<StepResult> {
  const { firstBatch, laterBatch } = liveBatches(opts.threshold);
  const interval = opts.minIntervalMs ?? LIVE_STEP_INTERVAL_MS;
  const due = async (q: Kysely<Database>) => {
    const { rows } = await sql<{ due: boolean; step: number }>`
      select coalesce(bool_and(checked_at <= now() - make_interval(secs => ${interval / 1000}::float8)), true) as due,
        coalesce(max(step), 0)::int as step
      from live_step where round_id = ${roundId}::int`.execute(q);
    return rows[0] ?? { due: true, step: 0 };
  };
  const before = await due(db);
  if (!before.due) return { checked: false, advanced: 0, step: before.step };
  await foldResponses(db, roundId);
  return inTransaction(db, async (trx) => {
    await lockRoundFolds(trx, roundId);
    const locked = await due(trx);
    if (!locked.due) return { checked: false, advanced: 0, step: locked.step };
    const r = sql`${roundId}::int`;
    const k = sql`${opts.threshold}::int`;
    // Blocks are matched on coalesce(unit_id, 0) (unit ids are positive), which can be hashed, unlike
    // `is not distinct from`; and nested loops are off for this statement: the planner cannot tell how
    // many blocks are ready, and looping over a municipality's cells once per ready block made a first
    // step of 30,000 national-size responses take 68-87 s (EXPLAIN ANALYZE: 50 s in copying the cells).
    await sql`set local enable_nestloop = off`.execute(trx);
    const { rows } = await sql<{ advanced: number; step: number }>`
      with now_blocks as (
        select municipality_id, unit_id, sum(n)::int as n from response_count_cell where round_id = ${r}
        group by municipality_id, unit_id
      ),
      then_blocks as (
        select municipality_id, unit_id, sum(n)::int as n from live_response_cell where round_id = ${r}
        group by municipality_id, unit_id
      ),
      now_items as (
        select municipality_id, unit_id, item_key, sum(n)::int as answers,
          coalesce(sum(n) filter (where value > 0), 0)::int as valid
        from answer_count_cell where round_id = ${r} group by municipality_id, unit_id, item_key
      ),
      then_items as (
        select municipality_id, unit_id, item_key, sum(n)::int as answers,
          coalesce(sum(n) filter (where value > 0), 0)::int as valid
        from live_answer_cell where round_id = ${r} group by municipality_id, unit_id, item_key
      ),
      item_gain as (
        select c.municipality_id, c.unit_id, c.answers - coalesce(o.answers, 0) as answers,
          c.valid - coalesce(o.valid, 0) as valid
        from now_items c left join then_items o
          on o.municipality_id = c.municipality_id and coalesce(o.unit_id, 0) = coalesce(c.unit_id, 0)
            and o.item_key = c.item_key
      ),
      ready as materialized (
        select c.municipality_id, c.unit_id from now_blocks c
        left join then_blocks o on o.municipality_id = c.municipality_id and coalesce(o.unit_id, 0) = coalesce(c.unit_id, 0)
        where c.n - coalesce(o.n, 0) >=
            case when coalesce(o.n, 0) = 0 then ${firstBatch}::int else ${laterBatch}::int end
          and not exists (
            select 1 from item_gain g
            where g.municipality_id = c.municipality_id and coalesce(g.unit_id, 0) = coalesce(c.unit_id, 0)
              and ((g.answers <> 0 and g.answers < ${k}) or (g.valid <> 0 and g.valid < ${k})))
      ),
      drop_answers as (
        delete from live_answer_cell t using ready b
        where t.round_id = ${r} and t.municipality_id = b.municipality_id and coalesce(t.unit_id, 0) = coalesce(b.unit_id, 0)
      ),
      drop_responses as (
        delete from live_response_cell t using ready b
        where t.round_id = ${r} and t.municipality_id = b.municipality_id and coalesce(t.unit_id, 0) = coalesce(b.unit_id, 0)
      ),
      copy_answers as (
        insert into live_answer_cell (round_id, municipality_id, unit_id, group_key, language, item_key, value, n)
        select c.round_id, c.municipality_id, c.unit_id, c.group_key, c.language, c.item_key, c.value, c.n
        from answer_count_cell c join ready b
          on b.municipality_id = c.municipality_id and coalesce(b.unit_id, 0) = coalesce(c.unit_id, 0)
        where c.round_id = ${r} and c.n > 0
      ),
      copy_responses as (
        insert into live_response_cell (round_id, municipality_id, unit_id, group_key, language, n)
        select c.round_id, c.municipality_id, c.unit_id, c.group_key, c.language, c.n
        from response_count_cell c join ready b
          on b.municipality_id = c.municipality_id and coalesce(b.unit_id, 0) = coalesce(c.unit_id, 0)
        where c.round_id = ${r} and c.n > 0
      ),
      counted as (select count(*)::int as n from ready),
      stepped as (
        insert into live_step as t (round_id, step, stepped_at, checked_at)
        select ${r}, case when n > 0 then 1 else 0 end, case when n > 0 then now() end, now() from counted
        on conflict (round_id) do update set checked_at = now(),
          step = t.step + case when (select n from counted) > 0 then 1 else 0 end,
          stepped_at = case when (select n from counted) > 0 then now() else t.stepped_at end
        returning step
      )
      select (select n from counted) as advanced, (select step from stepped) as step`.execute(trx);
    const row = rows[0] ?? { advanced: 0, step: locked.step };
    return { checked: true, advanced: row.advanced, step: row.step };
  });
}

/**
 * Checks every open round's live step when due (the server runs this every minute), so steps are
 * taken at times no reader chooses and a contact's read seldom has a check to wait for.
 */
export async function stepOpenRounds(
  db: Kysely<Database>,
  opts: { minIntervalMs?: number } = {},
): Promise<Record<string, StepResult>> {
  const open = await db.selectFrom('round').select(['id', 'slug']).where('status', '=', 'open').execute();
  const { suppressionThreshold } = await getSettings(db);
  const out: Record<string, StepResult> = {};
  for (const r of open) {
    out[r.slug] = await stepLiveFigures(db, r.id, { threshold: suppressionThreshold, ...opts });
  }
  return out;
}
