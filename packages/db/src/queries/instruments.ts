import type { Kysely } from 'kysely';
import { DEFAULT_INSTRUMENTS, FAMILY_NAMES } from '@gs/instruments';
import {
  DomainError,
  type FamilyKey,
  InstrumentDefinition,
  type InstrumentDefinitionInput,
  parseOrThrow,
  lineageOf,
  translationCompleteness,
  type Translations,
} from '@gs/schema';
import type { Database } from '../database.ts';
import { inTransaction } from '../transaction.ts';
import { json } from '../json.ts';

export async function upsertFamily(db: Kysely<Database>, key: string, names: Translations) {
  await db
    .insertInto('instrument_family')
    .values({ key, names: json(names) })
    .onConflict((oc) => oc.column('key').doUpdateSet({ names: json(names) }))
    .execute();
}

/**
 * Stores a new immutable instrument version after validating it; the version
 * number must follow the family's latest. Rejects with the offending field.
 */
export async function createInstrumentVersion(
  db: Kysely<Database>,
  input: InstrumentDefinitionInput,
  basedOnId: number | null = null,
) {
  const def = parseOrThrow(InstrumentDefinition, input, 'instrument');
  return inTransaction(db, async (trx) => {
    const latest = await trx
      .selectFrom('instrument_version')
      .select((eb) => eb.fn.max('version').as('v'))
      .where('family_key', '=', def.family)
      .executeTakeFirst();
    const expected = (latest?.v ?? 0) + 1;
    if (def.version !== expected) {
      throw new DomainError('conflict', `the next ${def.family} version is ${expected}`, 'version', 409);
    }
    const family = await trx
      .selectFrom('instrument_family')
      .select('key')
      .where('key', '=', def.family)
      .executeTakeFirst();
    if (!family) throw new DomainError('validation_failed', `unknown instrument family '${def.family}'`, 'family');
    const row = await trx
      .insertInto('instrument_version')
      .values({ family_key: def.family, version: def.version, definition: json(def), based_on_id: basedOnId })
      .returning(['id'])
      .executeTakeFirstOrThrow();
    let position = 0;
    const items = def.sections.flatMap((s) =>
      s.items.map((item) => ({
        version_id: row.id,
        key: item.key,
        section_key: s.key,
        position: position++,
        type: item.type,
        lineage: lineageOf(def, item.key),
      })),
    );
    await trx.insertInto('instrument_item').values(items).execute();
    return { id: row.id, definition: def };
  });
}

export async function getInstrumentVersion(db: Kysely<Database>, id: number) {
  return db
    .selectFrom('instrument_version')
    .select(['id', 'family_key', 'version', 'definition', 'based_on_id', 'created_at'])
    .where('id', '=', id)
    .executeTakeFirst();
}

/** The newest version of a family, or undefined when it has none. */
export async function latestInstrumentVersion(db: Kysely<Database>, familyKey: string) {
  return db
    .selectFrom('instrument_version')
    .select(['id', 'family_key', 'version', 'definition'])
    .where('family_key', '=', familyKey)
    .orderBy('version', 'desc')
    .limit(1)
    .executeTakeFirst();
}

export async function listInstrumentVersions(db: Kysely<Database>) {
  return db
    .selectFrom('instrument_version')
    .leftJoin('round', 'round.instrument_version_id', 'instrument_version.id')
    .select((eb) => [
      'instrument_version.id',
      'instrument_version.family_key',
      'instrument_version.version',
      'instrument_version.based_on_id',
      'instrument_version.created_at',
      'instrument_version.definition',
      eb.fn.count<number>('round.id').as('round_count'),
    ])
    .groupBy('instrument_version.id')
    .orderBy('instrument_version.family_key')
    .orderBy('instrument_version.version')
    .execute()
    .then((rows) =>
      rows.map(({ definition, ...r }) => ({
        ...r,
        round_count: Number(r.round_count),
        locked: Number(r.round_count) > 0,
        /** Per home language: texts translated of all texts (issue 13.2). */
        completeness: translationCompleteness(definition),
      })),
    );
}

export async function listFamilies(db: Kysely<Database>) {
  return db.selectFrom('instrument_family').select(['key', 'names']).orderBy('key').execute();
}

/**
 * Installs the instrument families and, for each family without a version, its default
 * instrument; returns each family's latest version. Safe to run on every start.
 */
export async function installDefaultInstruments(db: Kysely<Database>) {
  return inTransaction(db, async (trx) => {
    for (const [key, names] of Object.entries(FAMILY_NAMES)) await upsertFamily(trx, key, names);
    const installed = {} as Record<FamilyKey, { id: number; definition: InstrumentDefinition }>;
    for (const input of DEFAULT_INSTRUMENTS) {
      const latest = await latestInstrumentVersion(trx, input.family);
      installed[input.family] = latest ?? (await createInstrumentVersion(trx, input));
    }
    return installed;
  });
}
