import type { Kysely } from 'kysely';
import { type CodesInput, DomainError, type Translations, slugify } from '@gs/schema';
import type { Database } from '../database.ts';
import { createAccessCodes, accessCodeCounts } from './access-codes.ts';
import { recordAudit } from './audit.ts';
import { municipalityInScope } from './console-organisation.ts';
import { type Scope, roundInScope } from './console-rounds.ts';

/** The open survey link path of a round for a municipality: `/s/<round-slug>/<municipality-slug>`. */
export function surveyPath(roundSlug: string, municipalityNames: Translations): string {
  return `/s/${roundSlug}/${slugify(municipalityNames.fi)}`;
}

/** Where a guardian types a one-time code (the code may come in `?code=`, as the QR codes on slips carry it). */
export const CODE_ENTRY_PATH = '/s/code';

/** A round's open link path per municipality in the scope. */
export async function roundLinks(db: Kysely<Database>, roundId: number, scope: Scope) {
  const round = await roundInScope(db, roundId, scope);
  let q = db
    .selectFrom('round_municipality')
    .innerJoin('municipality', 'municipality.id', 'round_municipality.municipality_id')
    .select(['municipality.id', 'municipality.code', 'municipality.names'])
    .where('round_municipality.round_id', '=', roundId)
    .orderBy('municipality.code');
  if (scope.municipalityId !== null) q = q.where('municipality.id', '=', scope.municipalityId);
  const rows = await q.execute();
  return rows.map((m) => ({ municipalityCode: m.code, names: m.names, path: surveyPath(round.slug, m.names) }));
}

/** Used and unused codes per municipality and unit of a round, with names, in the scope. */
export async function roundCodeCounts(db: Kysely<Database>, roundId: number, scope: Scope) {
  await roundInScope(db, roundId, scope);
  const counts = await accessCodeCounts(db, roundId);
  const names = new Map(
    (await db.selectFrom('municipality').select(['id', 'code', 'names']).execute()).map((m) => [m.id, m]),
  );
  const units = new Map((await db.selectFrom('unit').select(['id', 'code', 'names']).execute()).map((u) => [u.id, u]));
  return counts
    .filter((r) => scope.municipalityId === null || r.municipality_id === scope.municipalityId)
    .map((r) => {
      const m = r.municipality_id === null ? undefined : names.get(r.municipality_id);
      const u = r.unit_id === null ? undefined : units.get(r.unit_id);
      return {
        municipalityCode: m?.code ?? null,
        municipalityNames: m?.names ?? null,
        unitId: r.unit_id,
        unitNames: u?.names ?? null,
        used: r.used,
        unused: r.unused,
      };
    });
}

/**
 * Generates a batch of one-time codes for a municipality (or one of its units) in
 * a round and records it in the audit log (the count, never the codes). Returns
 * the plain codes, shown this once, the path where they are typed in, and the
 * municipality's open link path.
 */
export async function createRoundCodes(
  db: Kysely<Database>,
  roundId: number,
  input: CodesInput,
  userId: number | null,
) {
  const round = await roundInScope(db, roundId, { municipalityId: null });
  if (round.status === 'closed' || round.status === 'published') {
    throw new DomainError(
      'illegal_transition',
      `the round is ${round.status}: codes would never be used`,
      'status',
      409,
    );
  }
  const municipality = await municipalityInScope(db, input.municipalityCode, { municipalityId: null });
  const names = await db
    .selectFrom('municipality')
    .select('names')
    .where('id', '=', municipality.id)
    .executeTakeFirstOrThrow();
  let unitNames: Translations | null = null;
  if (input.unitId !== null) {
    const unit = await db
      .selectFrom('unit')
      .select(['municipality_id', 'names'])
      .where('id', '=', input.unitId)
      .executeTakeFirst();
    if (!unit || unit.municipality_id !== municipality.id) {
      throw new DomainError('validation_failed', 'the unit is not in this municipality', 'unitId');
    }
    unitNames = unit.names;
  }
  const { batch, codes } = await createAccessCodes(db, {
    roundId,
    municipalityId: municipality.id,
    unitId: input.unitId,
    count: input.count,
  });
  await recordAudit(db, {
    userId,
    action: 'codes.create',
    entity: 'round',
    entityId: roundId,
    details: { batch, count: codes.length, municipalityCode: input.municipalityCode, unitId: input.unitId },
  });
  return {
    batch,
    roundSlug: round.slug,
    municipalityCode: input.municipalityCode,
    municipalityNames: names.names,
    unitNames,
    codePath: CODE_ENTRY_PATH,
    openPath: surveyPath(round.slug, names.names),
    codes,
  };
}
