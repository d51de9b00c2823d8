import { type Kysely, sql } from 'kysely';
import type { Translations } from '@gs/schema';
import type { Database } from '../database.ts';
import { inTransaction } from '../transaction.ts';
import { recordAudit } from './audit.ts';

/** Where held responses are: per municipality and unit (null: none chosen), with the count. */
export interface HeldCount {
  municipalityId: number;
  municipalityNames: Translations;
  unitId: number | null;
  unitNames: Translations | null;
  n: number;
}

/** A round's held responses (an implausible burst from one client), by place; no dates, no order. */
export async function heldCounts(db: Kysely<Database>, roundId: number): Promise<HeldCount[]> {
  const { rows } = await sql<HeldCount>`
    select r.municipality_id as "municipalityId", m.names as "municipalityNames", r.unit_id as "unitId",
      u.names as "unitNames", count(*)::int as n
    from stored_response r
    join municipality m on m.id = r.municipality_id
    left join unit u on u.id = r.unit_id
    where r.round_id = ${roundId}::int and r.held
    group by r.municipality_id, m.names, r.unit_id, u.names
    order by m.names->>'fi', u.names->>'fi' nulls first`.execute(db);
  return rows;
}

export interface HeldScope {
  municipalityId?: number;
  /** null: the responses without a unit. */
  unitId?: number | null;
}

function inScope(scope: HeldScope) {
  const m = scope.municipalityId === undefined ? sql`` : sql`and municipality_id = ${scope.municipalityId}::int`;
  const u =
    scope.unitId === undefined
      ? sql``
      : scope.unitId === null
        ? sql`and unit_id is null`
        : sql`and unit_id = ${scope.unitId}::int`;
  return sql`${m} ${u}`;
}

const SETTLE = {
  // Released responses lose the flag and go through aggregate_pending, so the next fold adds them.
  // Those still in the inbox just lose the flag: the inbox fold counts them.
  release: (roundId: number, scope: HeldScope) => sql<{ n: number }>`
    with released as (
      update response set held = false where round_id = ${roundId}::int and held ${inScope(scope)} returning id
    ), queued as (
      insert into aggregate_pending (round_id, response_id) select ${roundId}::int, id from released
    ), released_inbox as (
      update response_inbox set held = false where round_id = ${roundId}::int and held ${inScope(scope)} returning id
    ), bumped as (
      -- The next fold counts them and changes the version again; this one retires cached live reports at once.
      update aggregate_state set version = nextval('aggregate_version') where round_id = ${roundId}::int
        and (exists (select 1 from released) or exists (select 1 from released_inbox))
    )
    select (select count(*) from released)::int + (select count(*) from released_inbox)::int as n`,
  // Answers and open answers go with the response (on delete cascade), or are inside the inbox row.
  discard: (roundId: number, scope: HeldScope) => sql<{ n: number }>`
    with gone as (delete from response where round_id = ${roundId}::int and held ${inScope(scope)} returning id),
    gone_inbox as (delete from response_inbox where round_id = ${roundId}::int and held ${inScope(scope)} returning id)
    select (select count(*) from gone)::int + (select count(*) from gone_inbox)::int as n`,
};

/**
 * Settles a round's held responses (all, or one municipality's or unit's): 'release'
 * counts them in (from the next fold on), 'discard' deletes them. Audited; returns how many.
 */
export async function settleHeld(
  db: Kysely<Database>,
  roundId: number,
  how: keyof typeof SETTLE,
  scope: HeldScope,
  userId: number | null,
): Promise<number> {
  return inTransaction(db, async (trx) => {
    const { rows } = await SETTLE[how](roundId, scope).execute(trx);
    const n = rows[0]?.n ?? 0;
    await recordAudit(trx, {
      userId,
      action: `responses.${how}_held`,
      entity: 'round',
      entityId: roundId,
      details: { ...scope, n },
    });
    return n;
  });
}
