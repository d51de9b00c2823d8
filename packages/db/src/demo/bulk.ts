import { type Kysely, sql } from 'kysely';
import type { Database } from '../database.ts';
import type { OpenPool, OpenText } from './open-texts.ts';
import type { ItemParams, PlannedResponse } from './plan.ts';

/**
 * Runs `fn` with the foreign keys of `tables` dropped and re-adds them afterwards (validated in one
 * pass each). Call inside a transaction: row-by-row key checks would cost more than the inserts.
 */
export async function withoutForeignKeys<T>(
  db: Kysely<Database>,
  tables: readonly string[],
  fn: () => Promise<T>,
): Promise<T> {
  const { rows } = await sql<{ relation: string; name: string; definition: string }>`
    select conrelid::regclass::text as relation, conname as name, pg_get_constraintdef(oid) as definition
    from pg_constraint
    where contype = 'f' and conrelid in (${sql.join(tables.map((t) => sql`${t}::regclass`))})
    order by 1, 2`.execute(db);
  for (const c of rows) await sql`alter table ${sql.raw(c.relation)} drop constraint ${sql.id(c.name)}`.execute(db);
  const result = await fn();
  for (const c of rows) {
    await sql`alter table ${sql.raw(c.relation)} add constraint ${sql.id(c.name)} ${sql.raw(c.definition)}`.execute(db);
  }
  return result;
}

/** Inserts a round's responses in one statement. */
export async function insertResponses(db: Kysely<Database>, roundId: number, responses: readonly PlannedResponse[]) {
  await sql`
    insert into response (round_id, municipality_id, unit_id, group_key, language, submitted_on)
    select ${roundId}::int, x.m, x.u, x.g, x.l, x.d::date
    from json_to_recordset(${JSON.stringify(responses)}::text::json) as x(m int, u int, g text, l text, d text)`.execute(
    db,
  );
}

/**
 * Writes every scaled answer of a round inside the database. Each (response, item) gets a
 * 64-bit hash: 31 bits decide "can't say", 31 more, mixed with a per-response mood (so one
 * guardian's answers correlate) and mapped back to uniform, pick the value by the thresholds.
 * The `offset 0` fences keep the planner from inlining (and so repeating) the hash per use.
 */
export async function insertAnswers(
  db: Kysely<Database>,
  roundId: number,
  seed: number,
  params: readonly ItemParams[],
) {
  await sql`
    with r as (
      select id, unit_id, (hashtextextended(id::text, ${seed}::bigint) & 2147483647)::float8 / 2147483648 as mood
      from response
      where round_id = ${roundId}::int
    ),
    p as (select * from json_to_recordset(${JSON.stringify(params)}::text::json) as p(u int, k text, z float8, b int, t float8[])),
    h as (
      select r.id, p.k, p.z, p.b, p.t, r.mood, hashtextextended(r.id::text || ':' || p.k, ${seed}::bigint) as h
      from r join p on p.u = r.unit_id
      offset 0
    ),
    s as (
      select id, k, z, b, t, (h & 2147483647)::float8 / 2147483648 as c,
        0.6 * (((h >> 31) & 2147483647)::float8 / 2147483648) + 0.4 * mood as s
      from h
      offset 0
    )
    insert into answer (response_id, item_key, value)
    select id, k,
      case when c < z then 0
      else b + width_bucket(
        case when s < 0.4 then s * s / 0.48 when s < 0.6 then (s - 0.2) / 0.6 else 1 - (1 - s) * (1 - s) / 0.48 end, t)
      end
    from s`.execute(db);
}

export interface OpenAnswerOptions {
  seed: number;
  items: readonly { key: string; pool: OpenPool }[];
  texts: Record<OpenPool, Partial<Record<string, OpenText[]>>>;
  /** When the round was moderated; without it every open answer is still pending. */
  moderatedAt: string | null;
}

/**
 * Gives about 8% of responses an answer to each open question, picked by hash from the pool in
 * the response's language (texts with personal details a quarter as often as the others).
 * Moderated rounds: those approved in their redacted form, about 6% of the rest hidden.
 */
export async function insertOpenAnswers(db: Kysely<Database>, roundId: number, o: OpenAnswerOptions) {
  const texts = Object.entries(o.texts).flatMap(([pool, byLanguage]) =>
    Object.entries(byLanguage).flatMap(([language, list = []]) => {
      const weights = list.map((t) => (t.redacted ? 0.25 : 1));
      const sum = weights.reduce((a, b) => a + b, 0);
      let lo = 0;
      return list.map((t, i) => {
        const hi = i === list.length - 1 ? 1 : lo + weights[i]! / sum;
        const row = { p: pool, l: language, lo, hi, t: t.text, r: t.redacted ?? null };
        lo = hi;
        return row;
      });
    }),
  );
  const items = o.items.map((i) => ({ k: i.key, p: i.pool }));
  const moderated = o.moderatedAt !== null;
  const state = moderated
    ? sql`case when t.r is null and ((h.h >> 40) & 1023) < 61 then 'hidden' else 'approved' end`
    : sql`'pending'`;
  await sql`
    with t as (
      select * from json_to_recordset(${JSON.stringify(texts)}::text::json)
        as t(p text, l text, lo float8, hi float8, t text, r text)
    ),
    o as (select * from json_to_recordset(${JSON.stringify(items)}::text::json) as o(k text, p text)),
    h as (
      select r.id, r.municipality_id, r.unit_id, r.language, o.k, o.p,
        hashtextextended(r.id::text || ':' || o.k, ${o.seed}::bigint) as h
      from response r cross join o
      where r.round_id = ${roundId}::int
      offset 0
    )
    insert into open_answer (response_id, round_id, municipality_id, unit_id, item_key, text, state, redacted_text, moderated_at)
    select h.id, ${roundId}::int, h.municipality_id, h.unit_id, h.k, t.t, ${state},
      ${moderated ? sql`t.r` : sql`null`}, ${o.moderatedAt}::timestamptz
    from h
    join t on t.p = h.p and t.l = h.language
      and ((h.h >> 10) & 1048575)::float8 / 1048576 >= t.lo and ((h.h >> 10) & 1048575)::float8 / 1048576 < t.hi
    where (h.h & 1023) < 82
    order by h.id, h.k`.execute(db);
}
