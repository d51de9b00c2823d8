import { type Kysely, sql } from 'kysely';
import { DomainError, type RoundProposal, canTransition, familyForYear } from '@gs/schema';
import type { Database } from '../database.ts';
import { inTransaction } from '../transaction.ts';
import { recordAudit } from './audit.ts';
import { latestInstrumentVersion } from './instruments.ts';
import { lockRound, transitionRound } from './rounds.ts';
import { getSettings } from './settings.ts';

/**
 * Whose data a console user may see: the whole network (`municipalityId: null`) or
 * one municipality (a municipality contact). Passed to every scoped query.
 */
export interface Scope {
  municipalityId: number | null;
}

export const NETWORK: Scope = { municipalityId: null };

/** Throws 403 unless the scope covers the municipality. */
export function assertMunicipalityInScope(scope: Scope, municipalityId: number | null | undefined, field?: string) {
  if (scope.municipalityId !== null && municipalityId !== scope.municipalityId) {
    throw new DomainError('forbidden', 'this municipality is outside your scope', field, 403);
  }
}

/** A round's row, or 404; for a municipality contact also 403 unless their municipality takes part. */
export async function roundInScope(db: Kysely<Database>, roundId: number, scope: Scope) {
  const round = await db
    .selectFrom('round')
    .select(['id', 'slug', 'family_key', 'instrument_version_id', 'year', 'opens_on', 'closes_on', 'status'])
    .where('id', '=', roundId)
    .executeTakeFirst();
  if (!round) throw new DomainError('not_found', 'no such round', 'id', 404);
  if (scope.municipalityId !== null) {
    const taking = await db
      .selectFrom('round_municipality')
      .select('municipality_id')
      .where('round_id', '=', roundId)
      .where('municipality_id', '=', scope.municipalityId)
      .executeTakeFirst();
    if (!taking) throw new DomainError('forbidden', 'your municipality does not take part in this round', 'id', 403);
  }
  return round;
}

function shiftYear(date: string, years: number): string {
  const y = Number(date.slice(0, 4)) + years;
  const md = date.slice(5);
  // 29 February only exists in leap years.
  if (md === '02-29' && !(y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0))) return `${y}-02-28`;
  return `${y}-${md}`;
}

/**
 * The next round the cycle rule calls for: the year after the newest round, the
 * family the rule gives that year and that family's latest instrument version;
 * dates as in the family's previous round (its month may differ from the other
 * family's), municipalities as in the newest round.
 */
export async function proposeNextRound(db: Kysely<Database>, today: string): Promise<RoundProposal> {
  const settings = await getSettings(db);
  const newest = await db
    .selectFrom('round')
    .select(['id', 'year'])
    .orderBy('year', 'desc')
    .orderBy('id', 'desc')
    .executeTakeFirst();
  const year = newest ? newest.year + 1 : Number(today.slice(0, 4));
  const family = familyForYear(settings.cycleRule, year);
  const version = await latestInstrumentVersion(db, family);
  const previous = await db
    .selectFrom('round')
    .select(['slug', 'year', 'opens_on', 'closes_on'])
    .where('family_key', '=', family)
    .orderBy('year', 'desc')
    .executeTakeFirst();
  const opensOn = previous ? shiftYear(previous.opens_on, year - previous.year) : `${year}-03-02`;
  const closesOn = previous ? shiftYear(previous.closes_on, year - previous.year) : `${year}-03-15`;
  const municipalities = newest
    ? await db
        .selectFrom('round_municipality')
        .innerJoin('municipality', 'municipality.id', 'round_municipality.municipality_id')
        .select('municipality.code')
        .where('round_municipality.round_id', '=', newest.id)
        .where('municipality.active', '=', true)
        .orderBy('municipality.code')
        .execute()
    : await db.selectFrom('municipality').select('code').where('active', '=', true).orderBy('code').execute();
  return {
    slug: `${year}-${family}`,
    family,
    year,
    instrumentVersionId: version?.id ?? null,
    instrumentVersion: version?.version ?? null,
    opensOn,
    closesOn,
    municipalityCodes: municipalities.map((m) => m.code),
    basedOn: previous?.slug ?? null,
  };
}

const roundRowColumns = [
  'round.id',
  'round.slug',
  'round.family_key',
  'round.instrument_version_id',
  'instrument_version.version as instrument_version',
  'round.year',
  'round.opens_on',
  'round.closes_on',
  'round.status',
  'round.cycle_override_reason',
] as const;

/** Rounds newest first with their response counts; a municipality contact sees the rounds their municipality is in. */
export async function listRoundsInScope(db: Kysely<Database>, scope: Scope) {
  let q = db
    .selectFrom('round')
    .innerJoin('instrument_version', 'instrument_version.id', 'round.instrument_version_id')
    .select((eb) => [
      ...roundRowColumns,
      eb
        .selectFrom('stored_response')
        .select(sql<number>`count(*)::int`.as('n'))
        .whereRef('stored_response.round_id', '=', 'round.id')
        .$if(scope.municipalityId !== null, (s) =>
          s.where('stored_response.municipality_id', '=', scope.municipalityId!),
        )
        .as('responses'),
      eb
        .selectFrom('published_snapshot')
        .select(sql<number>`count(*)::int`.as('n'))
        .whereRef('published_snapshot.round_id', '=', 'round.id')
        .as('snapshots'),
    ])
    .orderBy('round.year', 'desc')
    .orderBy('round.id', 'desc');
  if (scope.municipalityId !== null) {
    const mine = scope.municipalityId;
    q = q.where((eb) =>
      eb.exists(
        eb
          .selectFrom('round_municipality')
          .select('round_municipality.round_id')
          .whereRef('round_municipality.round_id', '=', 'round.id')
          .where('round_municipality.municipality_id', '=', mine),
      ),
    );
  }
  const rows = await q.execute();
  return rows.map((r) => ({ ...r, responses: r.responses ?? 0, snapshots: r.snapshots ?? 0 }));
}

/** One round with its municipalities (in scope), instrument version and published versions. */
export async function roundDetail(db: Kysely<Database>, roundId: number, scope: Scope) {
  await roundInScope(db, roundId, scope);
  const round = await db
    .selectFrom('round')
    .innerJoin('instrument_version', 'instrument_version.id', 'round.instrument_version_id')
    .select(roundRowColumns)
    .where('round.id', '=', roundId)
    .executeTakeFirstOrThrow();
  let mq = db
    .selectFrom('round_municipality')
    .innerJoin('municipality', 'municipality.id', 'round_municipality.municipality_id')
    .select(['municipality.id', 'municipality.code', 'municipality.names'])
    .where('round_municipality.round_id', '=', roundId)
    .orderBy('municipality.code');
  if (scope.municipalityId !== null) mq = mq.where('municipality.id', '=', scope.municipalityId);
  const snapshots = await db
    .selectFrom('published_snapshot')
    .leftJoin('app_user', 'app_user.id', 'published_snapshot.created_by')
    .select([
      'published_snapshot.id',
      'published_snapshot.version',
      'published_snapshot.reason',
      'published_snapshot.created_at',
      'app_user.name as created_by',
    ])
    .where('published_snapshot.round_id', '=', roundId)
    .orderBy('published_snapshot.version', 'desc')
    .execute();
  return { ...round, municipalities: await mq.execute(), snapshots };
}

/**
 * Opens a draft round, or reopens a closed one that is not yet published. A new
 * close date may be given; the close date must not have passed, or the automatic
 * close would shut the round again at once.
 */
export async function openRound(
  db: Kysely<Database>,
  id: number,
  opts: { closesOn?: string; today: string },
  userId: number | null,
) {
  return inTransaction(db, async (trx) => {
    const current = await lockRound(trx, id);
    if (!canTransition(current.status, 'open')) {
      const why =
        current.status === 'published'
          ? 'a published round cannot be reopened'
          : `a ${current.status} round cannot be opened`;
      throw new DomainError('illegal_transition', why, 'status', 409);
    }
    const closesOn = opts.closesOn ?? current.closes_on;
    if (closesOn < opts.today) {
      throw new DomainError(
        'validation_failed',
        `the close date ${closesOn} has passed: give a close date from ${opts.today} on`,
        'closesOn',
      );
    }
    if (closesOn < current.opens_on) {
      throw new DomainError('validation_failed', 'a round cannot close before it opens', 'closesOn');
    }
    const moved = closesOn !== current.closes_on;
    if (moved) await trx.updateTable('round').set({ closes_on: closesOn }).where('id', '=', id).execute();
    const done = await transitionRound(trx, id, 'open', userId, moved ? { closesOn } : {});
    return { ...done, closesOn };
  });
}

/** Deletes a draft round (nothing has been collected for it yet). */
export async function deleteDraftRound(db: Kysely<Database>, id: number, userId: number | null) {
  await inTransaction(db, async (trx) => {
    const current = await lockRound(trx, id);
    if (current.status !== 'draft') {
      throw new DomainError('illegal_transition', `a ${current.status} round cannot be deleted`, 'status', 409);
    }
    await trx.deleteFrom('round').where('id', '=', id).execute();
    await recordAudit(trx, {
      userId,
      action: 'round.delete',
      entity: 'round',
      entityId: id,
      details: { slug: current.slug },
    });
  });
}
