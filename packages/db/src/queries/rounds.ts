import { type Kysely, sql } from 'kysely';
import { DomainError, RoundInput, type RoundStatus, canTransition, familyForYear, parseOrThrow } from '@gs/schema';
import type { Database } from '../database.ts';
import { inTransaction } from '../transaction.ts';
import { moveInbox } from './aggregates.ts';
import { recordAudit } from './audit.ts';
import { municipalityIdsByCode } from './organisation.ts';
import { getSettings } from './settings.ts';

const roundColumns = [
  'round.id',
  'round.slug',
  'round.family_key',
  'round.instrument_version_id',
  'round.year',
  'round.opens_on',
  'round.closes_on',
  'round.status',
  'round.cycle_override_reason',
] as const;

/**
 * Creates a draft round. A family that breaks the cycle rule for the year
 * needs `cycleOverrideReason`, which goes to the audit log.
 */
export async function createRound(db: Kysely<Database>, input: unknown, userId: number | null) {
  const r = parseOrThrow(RoundInput, input, 'round');
  return inTransaction(db, async (trx) => {
    const settings = await getSettings(trx);
    const expected = familyForYear(settings.cycleRule, r.year);
    if (r.family !== expected && !r.cycleOverrideReason) {
      throw new DomainError(
        'validation_failed',
        `the cycle rule puts ${expected} in ${r.year}; give cycleOverrideReason to run ${r.family}`,
        'family',
      );
    }
    const version = await trx
      .selectFrom('instrument_version')
      .select(['id', 'family_key'])
      .where('id', '=', r.instrumentVersionId)
      .executeTakeFirst();
    if (!version) throw new DomainError('validation_failed', 'unknown instrument version', 'instrumentVersionId');
    if (version.family_key !== r.family) {
      throw new DomainError(
        'validation_failed',
        `instrument version belongs to ${version.family_key}`,
        'instrumentVersionId',
      );
    }
    const ids = await municipalityIdsByCode(trx, r.municipalityCodes);
    const slug = r.slug ?? `${r.year}-${r.family}`;
    const clash = await trx.selectFrom('round').select('id').where('slug', '=', slug).executeTakeFirst();
    if (clash) throw new DomainError('conflict', `a round '${slug}' already exists`, 'slug', 409);
    const row = await trx
      .insertInto('round')
      .values({
        slug,
        family_key: r.family,
        instrument_version_id: r.instrumentVersionId,
        year: r.year,
        opens_on: r.opensOn,
        closes_on: r.closesOn,
        cycle_override_reason: r.family === expected ? null : (r.cycleOverrideReason ?? null),
      })
      .returning(['id', 'slug'])
      .executeTakeFirstOrThrow();
    await trx
      .insertInto('round_municipality')
      .values([...ids.values()].map((municipality_id) => ({ round_id: row.id, municipality_id })))
      .execute();
    await recordAudit(trx, { userId, action: 'round.create', entity: 'round', entityId: row.id, details: { slug } });
    if (r.family !== expected) {
      await recordAudit(trx, {
        userId,
        action: 'round.cycle_override',
        entity: 'round',
        entityId: row.id,
        details: { expected, chosen: r.family, reason: r.cycleOverrideReason },
      });
    }
    return row;
  });
}

/** Locks a round's row until the transaction ends; 404 naming `id` when there is no such round. */
export async function lockRound(trx: Kysely<Database>, id: number) {
  const row = await trx
    .selectFrom('round')
    .select(['status', 'slug', 'family_key', 'opens_on', 'closes_on'])
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst();
  if (!row) throw new DomainError('not_found', 'no such round', 'id', 404);
  return row;
}

/** Updates a draft round's dates, version or municipalities; only drafts may change. */
export async function updateDraftRound(db: Kysely<Database>, id: number, input: unknown, userId: number | null) {
  const r = parseOrThrow(RoundInput, input, 'round');
  return inTransaction(db, async (trx) => {
    const current = await lockRound(trx, id);
    if (current.status !== 'draft') {
      throw new DomainError('illegal_transition', `a ${current.status} round cannot be edited`, 'status', 409);
    }
    if (r.family !== current.family_key)
      throw new DomainError('validation_failed', 'the family cannot change', 'family');
    const ids = await municipalityIdsByCode(trx, r.municipalityCodes);
    await trx
      .updateTable('round')
      .set({ instrument_version_id: r.instrumentVersionId, opens_on: r.opensOn, closes_on: r.closesOn })
      .where('id', '=', id)
      .execute();
    await trx.deleteFrom('round_municipality').where('round_id', '=', id).execute();
    await trx
      .insertInto('round_municipality')
      .values([...ids.values()].map((municipality_id) => ({ round_id: id, municipality_id })))
      .execute();
    await recordAudit(trx, { userId, action: 'round.update', entity: 'round', entityId: id, details: r });
  });
}

/**
 * Moves a round along draft → open → closed → published (closed → open reopens).
 * Closing deletes the round's unfinished drafts and moves its inbox into the response tables.
 */
export async function transitionRound(
  db: Kysely<Database>,
  id: number,
  to: RoundStatus,
  userId: number | null,
  details: Record<string, unknown> = {},
) {
  return inTransaction(db, async (trx) => {
    const current = await lockRound(trx, id);
    if (!canTransition(current.status, to)) {
      throw new DomainError('illegal_transition', `a ${current.status} round cannot become ${to}`, 'status', 409);
    }
    await trx.updateTable('round').set({ status: to }).where('id', '=', id).execute();
    if (to === 'closed') {
      await trx.deleteFrom('response_draft').where('round_id', '=', id).execute();
      // Responses still in the inbox move into response, answer and open_answer now, so moderation
      // and every raw read see the whole round (the rest of the day goes together: one day, random order).
      await moveInbox(trx, { roundId: id, all: true });
    }
    await recordAudit(trx, {
      userId,
      action: `round.${to === 'open' && current.status === 'closed' ? 'reopen' : to}`,
      entity: 'round',
      entityId: id,
      details: { from: current.status, ...details },
    });
    return { id, from: current.status, to };
  });
}

/** Closes every open round whose close date has passed; returns their ids. */
export async function closeExpiredRounds(db: Kysely<Database>, today: string): Promise<number[]> {
  const due = await db
    .selectFrom('round')
    .select('id')
    .where('status', '=', 'open')
    .where('closes_on', '<', today)
    .execute();
  for (const r of due) await transitionRound(db, r.id, 'closed', null, { automatic: true });
  return due.map((r) => r.id);
}

export async function getRound(db: Kysely<Database>, id: number) {
  return db.selectFrom('round').select(roundColumns).where('id', '=', id).executeTakeFirst();
}

export async function getRoundBySlug(db: Kysely<Database>, slug: string) {
  return db.selectFrom('round').select(roundColumns).where('slug', '=', slug).executeTakeFirst();
}

export async function listRounds(db: Kysely<Database>) {
  return db.selectFrom('round').select(roundColumns).orderBy('year', 'desc').orderBy('id', 'desc').execute();
}

/** The municipalities taking part in a round. */
export async function roundMunicipalities(db: Kysely<Database>, roundId: number) {
  return db
    .selectFrom('round_municipality')
    .innerJoin('municipality', 'municipality.id', 'round_municipality.municipality_id')
    .select(['municipality.id', 'municipality.code', 'municipality.names', 'municipality.population'])
    .where('round_municipality.round_id', '=', roundId)
    .orderBy('municipality.code')
    .execute();
}

/** The previous round of the same family (for change figures), or undefined. */
export async function previousRoundOfFamily(db: Kysely<Database>, roundId: number) {
  return db
    .selectFrom('round as r')
    .innerJoin('round as prev', (j) =>
      j.onRef('prev.family_key', '=', 'r.family_key').onRef('prev.year', '<', 'r.year'),
    )
    .select(['prev.id', 'prev.slug', 'prev.year', 'prev.status', 'prev.instrument_version_id'])
    .where('r.id', '=', roundId)
    .orderBy('prev.year', 'desc')
    .limit(1)
    .executeTakeFirst();
}

/** Response counts per municipality for a round (complete responses only). */
export async function responseCounts(db: Kysely<Database>, roundId: number) {
  return db
    .selectFrom('stored_response')
    .select(['municipality_id', sql<number>`count(*)::int`.as('responses')])
    .where('round_id', '=', roundId)
    .groupBy('municipality_id')
    .execute();
}
