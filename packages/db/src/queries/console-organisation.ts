import type { Kysely } from 'kysely';
import { type BaseCountsUpdate, DomainError, type MunicipalityUpdate, type UnitInput } from '@gs/schema';
import type { Database } from '../database.ts';
import { inTransaction } from '../transaction.ts';
import { json } from '../json.ts';
import { recordAudit } from './audit.ts';
import { type Scope, assertMunicipalityInScope, roundInScope } from './console-rounds.ts';
import { getInstrumentVersion } from './instruments.ts';
import { listUnits, upsertUnit } from './organisation.ts';

/** Municipalities in the scope, with how many units each has. */
export async function listMunicipalitiesInScope(db: Kysely<Database>, scope: Scope) {
  let q = db
    .selectFrom('municipality')
    .select((eb) => [
      'municipality.id',
      'municipality.code',
      'municipality.names',
      'municipality.population',
      'municipality.active',
      eb
        .selectFrom('unit')
        .select(eb.fn.countAll<number>().as('n'))
        .whereRef('unit.municipality_id', '=', 'municipality.id')
        .as('units'),
    ])
    .orderBy('municipality.code');
  if (scope.municipalityId !== null) q = q.where('municipality.id', '=', scope.municipalityId);
  const rows = await q.execute();
  return rows.map((r) => ({ ...r, units: Number(r.units ?? 0) }));
}

/** The municipality id for a code, or 404; 403 when it is outside the scope. */
export async function municipalityInScope(
  db: Kysely<Database>,
  code: string,
  scope: Scope,
  field = 'municipalityCode',
) {
  const row = await db.selectFrom('municipality').select(['id', 'code']).where('code', '=', code).executeTakeFirst();
  if (!row) throw new DomainError('not_found', `no municipality with code ${code}`, field, 404);
  assertMunicipalityInScope(scope, row.id, field);
  return row;
}

/** Edits a municipality's names, population and whether it is active. */
export async function updateMunicipality(
  db: Kysely<Database>,
  code: string,
  input: MunicipalityUpdate,
  userId: number | null,
) {
  return inTransaction(db, async (trx) => {
    const r = await trx
      .updateTable('municipality')
      .set({ names: json(input.names), population: input.population, active: input.active })
      .where('code', '=', code)
      .returning(['id', 'code', 'names', 'population', 'active'])
      .executeTakeFirst();
    if (!r) throw new DomainError('not_found', `no municipality with code ${code}`, 'code', 404);
    await recordAudit(trx, {
      userId,
      action: 'municipality.update',
      entity: 'municipality',
      entityId: code,
      details: input,
    });
    return r;
  });
}

/** Units of the scope, optionally of one municipality (which must be in the scope). */
export async function listUnitsInScope(db: Kysely<Database>, scope: Scope, municipalityCode?: string) {
  let municipalityId = scope.municipalityId;
  if (municipalityCode) municipalityId = (await municipalityInScope(db, municipalityCode, scope, 'municipality')).id;
  return listUnits(db, municipalityId === null ? {} : { municipalityId });
}

/** Creates or updates a unit (by municipality and unit code) within the scope. */
export async function saveUnit(db: Kysely<Database>, input: UnitInput, scope: Scope, userId: number | null) {
  await municipalityInScope(db, input.municipalityCode, scope);
  return inTransaction(db, async (trx) => {
    const row = await upsertUnit(trx, input);
    await recordAudit(trx, {
      userId,
      action: 'unit.save',
      entity: 'unit',
      entityId: row.id,
      details: { municipalityCode: input.municipalityCode, code: input.code },
    });
    return row;
  });
}

/** The groups (age groups or grade bands) a round's instrument asks about, in order. */
export async function roundGroups(db: Kysely<Database>, instrumentVersionId: number) {
  const version = await getInstrumentVersion(db, instrumentVersionId);
  return version?.definition.group.options.map((o) => ({ key: o.key, label: o.label })) ?? [];
}

/** The group keys of a round's instrument. */
export async function roundGroupKeys(db: Kysely<Database>, instrumentVersionId: number): Promise<string[]> {
  return (await roundGroups(db, instrumentVersionId)).map((g) => g.key);
}

/** A round's base counts in the scope, with municipality and unit codes, and the groups the instrument asks about. */
export async function baseCountsInScope(db: Kysely<Database>, roundId: number, scope: Scope) {
  const round = await roundInScope(db, roundId, scope);
  let q = db
    .selectFrom('base_count')
    .innerJoin('municipality', 'municipality.id', 'base_count.municipality_id')
    .leftJoin('unit', 'unit.id', 'base_count.unit_id')
    .select([
      'base_count.municipality_id',
      'municipality.code as municipality_code',
      'base_count.unit_id',
      'unit.code as unit_code',
      'unit.names as unit_names',
      'base_count.group_key',
      'base_count.enrolled',
    ])
    .where('base_count.round_id', '=', roundId)
    .orderBy('municipality.code')
    .orderBy('unit.code', (ob) => ob.nullsFirst())
    .orderBy('base_count.group_key');
  if (scope.municipalityId !== null) q = q.where('base_count.municipality_id', '=', scope.municipalityId);
  const groups = await roundGroups(db, round.instrument_version_id);
  const version = await getInstrumentVersion(db, round.instrument_version_id);
  return {
    groupKeys: groups.map((g) => g.key),
    groups,
    unitKinds: version?.definition.unitKinds ?? [],
    rows: await q.execute(),
  };
}

/**
 * Replaces one municipality's base counts in a round. Units must belong to the
 * municipality and group keys to the round's instrument. Rows add up: a row
 * without a unit counts children not listed under any unit.
 */
export async function setBaseCounts(
  db: Kysely<Database>,
  roundId: number,
  input: BaseCountsUpdate,
  scope: Scope,
  userId: number | null,
) {
  const round = await roundInScope(db, roundId, scope);
  const municipality = await municipalityInScope(db, input.municipalityCode, scope);
  const groups = new Set(await roundGroupKeys(db, round.instrument_version_id));
  const unitIds = new Set(
    (await db.selectFrom('unit').select('id').where('municipality_id', '=', municipality.id).execute()).map(
      (u) => u.id,
    ),
  );
  const seen = new Set<string>();
  input.rows.forEach((r, i) => {
    if (r.unitId !== null && !unitIds.has(r.unitId)) {
      throw new DomainError('validation_failed', 'the unit is not in this municipality', `rows.${i}.unitId`);
    }
    if (!groups.has(r.groupKey)) {
      throw new DomainError('validation_failed', `the round asks no group '${r.groupKey}'`, `rows.${i}.groupKey`);
    }
    const key = `${r.unitId}/${r.groupKey}`;
    if (seen.has(key)) throw new DomainError('validation_failed', 'the same unit and group twice', `rows.${i}`);
    seen.add(key);
  });
  await inTransaction(db, async (trx) => {
    const taking = await trx
      .selectFrom('round_municipality')
      .select('municipality_id')
      .where('round_id', '=', roundId)
      .where('municipality_id', '=', municipality.id)
      .executeTakeFirst();
    if (!taking)
      throw new DomainError('validation_failed', 'the municipality is not in this round', 'municipalityCode');
    await writeBaseCounts(trx, roundId, municipality.id, input.rows);
    await recordAudit(trx, {
      userId,
      action: 'base_counts.set',
      entity: 'round',
      entityId: roundId,
      details: { municipalityCode: input.municipalityCode, rows: input.rows.length },
    });
  });
}

/** Replaces a municipality's base counts in a round (inside the caller's transaction). */
export async function writeBaseCounts(
  trx: Kysely<Database>,
  roundId: number,
  municipalityId: number,
  rows: readonly { unitId: number | null; groupKey: string; enrolled: number }[],
) {
  await trx
    .deleteFrom('base_count')
    .where('round_id', '=', roundId)
    .where('municipality_id', '=', municipalityId)
    .execute();
  for (let i = 0; i < rows.length; i += 1000) {
    await trx
      .insertInto('base_count')
      .values(
        rows.slice(i, i + 1000).map((r) => ({
          round_id: roundId,
          municipality_id: municipalityId,
          unit_id: r.unitId,
          group_key: r.groupKey,
          enrolled: r.enrolled,
        })),
      )
      .execute();
  }
}
