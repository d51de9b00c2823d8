import { createHash, randomInt } from 'node:crypto';
import { type Kysely, sql } from 'kysely';
import { DomainError } from '@gs/schema';
import type { Database } from '../database.ts';

/** Letters and digits that cannot be mistaken for each other (no 0/O, 1/I/L, U/V). */
export const CODE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTWXYZ';

/** Random characters from the code alphabet, grouped by four with dashes: `K7XM-4QPD`. */
export function randomCode(length = 8): string {
  let s = '';
  for (let i = 0; i < length; i++) {
    if (i > 0 && i % 4 === 0) s += '-';
    s += CODE_ALPHABET[randomInt(CODE_ALPHABET.length)];
  }
  return s;
}

/** A typed code in its one canonical form: upper case, without spaces or dashes. */
export function normaliseCode(code: string): string {
  return code.toUpperCase().replace(/[\s\-–_.]/g, '');
}

/** The stored form of a code: sha256 of the normalised code (hex). The code itself is never stored. */
export function hashCode(code: string): string {
  return createHash('sha256').update(normaliseCode(code)).digest('hex');
}

export interface CreateAccessCodesInput {
  roundId: number;
  municipalityId: number | null;
  unitId: number | null;
  count: number;
}

/**
 * Creates one-time codes for a round, optionally tied to a municipality and a
 * unit, as a new batch. Returns the plain codes: this is the only time they are
 * seen, only their hashes are stored.
 *
 * @example
 * const { codes } = await createAccessCodes(db, { roundId, municipalityId: 1, unitId: null, count: 30 });
 */
export async function createAccessCodes(db: Kysely<Database>, input: CreateAccessCodesInput) {
  if (!Number.isInteger(input.count) || input.count < 1 || input.count > 10_000) {
    throw new DomainError('validation_failed', 'create 1-10000 codes at a time', 'count');
  }
  return db.transaction().execute(async (trx) => {
    const round = await trx.selectFrom('round').select(['id']).where('id', '=', input.roundId).executeTakeFirst();
    if (!round) throw new DomainError('not_found', 'no such round', 'roundId', 404);
    if (input.unitId !== null) {
      const unit = await trx
        .selectFrom('unit')
        .select(['municipality_id'])
        .where('id', '=', input.unitId)
        .executeTakeFirst();
      if (!unit) throw new DomainError('validation_failed', 'no such unit', 'unitId');
      if (input.municipalityId !== null && unit.municipality_id !== input.municipalityId) {
        throw new DomainError('validation_failed', 'the unit is not in that municipality', 'unitId');
      }
      input = { ...input, municipalityId: unit.municipality_id };
    }
    if (input.municipalityId !== null) {
      const taking = await trx
        .selectFrom('round_municipality')
        .select('municipality_id')
        .where('round_id', '=', input.roundId)
        .where('municipality_id', '=', input.municipalityId)
        .executeTakeFirst();
      if (!taking)
        throw new DomainError('validation_failed', 'the municipality is not in this round', 'municipalityId');
    }
    const last = await trx
      .selectFrom('access_code')
      .select(sql<number>`coalesce(max(batch), 0)::int`.as('batch'))
      .where('round_id', '=', input.roundId)
      .executeTakeFirstOrThrow();
    const batch = last.batch + 1;
    const codes: string[] = [];
    while (codes.length < input.count) {
      const fresh = Array.from({ length: Math.min(1000, input.count - codes.length) }, () => randomCode());
      const inserted = await trx
        .insertInto('access_code')
        .values(
          fresh.map((code) => ({
            round_id: input.roundId,
            municipality_id: input.municipalityId,
            unit_id: input.unitId,
            code_hash: hashCode(code),
            batch,
          })),
        )
        .onConflict((oc) => oc.column('code_hash').doNothing())
        .returning('code_hash')
        .execute();
      const kept = new Set(inserted.map((r) => r.code_hash));
      for (const code of fresh) if (kept.has(hashCode(code))) codes.push(code);
    }
    return { batch, codes };
  });
}

/** Used and unused codes per municipality and unit of a round (null = not tied). */
export async function accessCodeCounts(db: Kysely<Database>, roundId: number) {
  return db
    .selectFrom('access_code')
    .select([
      'municipality_id',
      'unit_id',
      sql<number>`count(*) filter (where used)::int`.as('used'),
      sql<number>`count(*) filter (where not used)::int`.as('unused'),
    ])
    .where('round_id', '=', roundId)
    .groupBy(['municipality_id', 'unit_id'])
    .orderBy('municipality_id')
    .orderBy('unit_id')
    .execute();
}

/** Looks a typed code up: its round and what it fixes, or undefined when no such code exists. */
export async function findAccessCode(db: Kysely<Database>, code: string) {
  const normal = normaliseCode(code);
  if (normal.length < 4 || normal.length > 32) return undefined;
  return db
    .selectFrom('access_code')
    .innerJoin('round', 'round.id', 'access_code.round_id')
    .select([
      'access_code.round_id',
      'round.slug as round_slug',
      'round.status as round_status',
      'access_code.municipality_id',
      'access_code.unit_id',
      'access_code.used',
      'access_code.code_hash',
    ])
    .where('access_code.code_hash', '=', hashCode(normal))
    .executeTakeFirst();
}
