import type { Kysely } from 'kysely';
import { DomainError, type MunicipalityInput, type UnitInput } from '@gs/schema';
import type { Database } from '../database.ts';
import { json } from '../json.ts';

export async function listMunicipalities(db: Kysely<Database>) {
  return db
    .selectFrom('municipality')
    .select(['id', 'code', 'names', 'population', 'active'])
    .orderBy('code')
    .execute();
}

/** Inserts or updates a municipality by its official code. */
export async function upsertMunicipality(db: Kysely<Database>, m: MunicipalityInput) {
  return db
    .insertInto('municipality')
    .values({ code: m.code, names: json(m.names), population: m.population })
    .onConflict((oc) => oc.column('code').doUpdateSet({ names: json(m.names), population: m.population }))
    .returning(['id', 'code'])
    .executeTakeFirstOrThrow();
}

/** Maps official codes to ids; throws naming the field when a code is unknown. */
export async function municipalityIdsByCode(
  db: Kysely<Database>,
  codes: readonly string[],
  field = 'municipalityCodes',
): Promise<Map<string, number>> {
  const rows = codes.length
    ? await db
        .selectFrom('municipality')
        .select(['id', 'code'])
        .where('code', 'in', [...codes])
        .execute()
    : [];
  const byCode = new Map(rows.map((r) => [r.code, r.id]));
  codes.forEach((code, i) => {
    if (!byCode.has(code)) {
      throw new DomainError('validation_failed', `unknown municipality code '${code}'`, `${field}.${i}`);
    }
  });
  return byCode;
}

export async function listUnits(db: Kysely<Database>, opts: { municipalityId?: number; year?: number } = {}) {
  let q = db
    .selectFrom('unit')
    .innerJoin('municipality', 'municipality.id', 'unit.municipality_id')
    .select([
      'unit.id',
      'unit.code',
      'unit.names',
      'unit.kind',
      'unit.provider',
      'unit.active_from',
      'unit.active_to',
      'unit.municipality_id',
      'municipality.code as municipality_code',
    ])
    .orderBy('municipality.code')
    .orderBy((eb) => eb.ref('unit.names', '->>').key('fi'));
  if (opts.municipalityId) q = q.where('unit.municipality_id', '=', opts.municipalityId);
  if (opts.year) {
    const year = opts.year;
    q = q
      .where('unit.active_from', '<=', year)
      .where((eb) => eb.or([eb('unit.active_to', 'is', null), eb('unit.active_to', '>=', year)]));
  }
  return q.execute();
}

/** Inserts or updates a unit by municipality and unit code. */
export async function upsertUnit(db: Kysely<Database>, u: UnitInput) {
  const ids = await municipalityIdsByCode(db, [u.municipalityCode], 'municipalityCode');
  const municipalityId = ids.get(u.municipalityCode) as number;
  const values = {
    names: json(u.names),
    kind: u.kind,
    provider: u.provider,
    active_from: u.activeFrom,
    active_to: u.activeTo,
  };
  return db
    .insertInto('unit')
    .values({ municipality_id: municipalityId, code: u.code, ...values })
    .onConflict((oc) => oc.columns(['municipality_id', 'code']).doUpdateSet(values))
    .returning(['id'])
    .executeTakeFirstOrThrow();
}

export interface BaseCountRow {
  municipalityId: number;
  unitId: number | null;
  groupKey: string;
  enrolled: number;
}

/** Replaces a round's base counts in one statement set (call inside a transaction). */
export async function replaceBaseCounts(db: Kysely<Database>, roundId: number, rows: readonly BaseCountRow[]) {
  await db.deleteFrom('base_count').where('round_id', '=', roundId).execute();
  for (let i = 0; i < rows.length; i += 1000) {
    await db
      .insertInto('base_count')
      .values(
        rows.slice(i, i + 1000).map((r) => ({
          round_id: roundId,
          municipality_id: r.municipalityId,
          unit_id: r.unitId,
          group_key: r.groupKey,
          enrolled: r.enrolled,
        })),
      )
      .execute();
  }
}

export async function listBaseCounts(db: Kysely<Database>, roundId: number, municipalityId?: number) {
  let q = db
    .selectFrom('base_count')
    .select(['id', 'municipality_id', 'unit_id', 'group_key', 'enrolled'])
    .where('round_id', '=', roundId)
    .orderBy('municipality_id')
    .orderBy('unit_id')
    .orderBy('group_key');
  if (municipalityId) q = q.where('municipality_id', '=', municipalityId);
  return q.execute();
}
