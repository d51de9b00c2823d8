import { type Kysely, sql } from 'kysely';
import {
  DomainError,
  type FamilyKey,
  InstrumentDefinition,
  type InstrumentDraftInput,
  type Lineage,
  carryTranslations,
  parseOrThrow,
  itemsOf,
  lineageOf,
  translationCompleteness,
} from '@gs/schema';
import type { Database } from '../database.ts';
import { inTransaction } from '../transaction.ts';
import { json } from '../json.ts';
import { recordAudit } from './audit.ts';
import { createInstrumentVersion, getInstrumentVersion, latestInstrumentVersion } from './instruments.ts';

async function roundsUsing(db: Kysely<Database>, versionId: number): Promise<number> {
  const r = await db
    .selectFrom('round')
    .select(sql<number>`count(*)::int`.as('n'))
    .where('instrument_version_id', '=', versionId)
    .executeTakeFirstOrThrow();
  return r.n;
}

/**
 * One instrument version for the console: its definition, each item's lineage
 * against the version it was copied from, the items removed, and whether it is
 * locked (a round uses it) or still a draft that may be edited.
 */
export async function instrumentVersionDetail(db: Kysely<Database>, id: number) {
  const v = await getInstrumentVersion(db, id);
  if (!v) throw new DomainError('not_found', 'no such instrument version', 'id', 404);
  const base = v.based_on_id ? await getInstrumentVersion(db, v.based_on_id) : undefined;
  const latest = await latestInstrumentVersion(db, v.family_key);
  const rounds = await roundsUsing(db, id);
  return {
    id: v.id,
    family: v.family_key,
    version: v.version,
    definition: v.definition,
    basedOn: base ? { id: base.id, version: base.version, definition: base.definition } : null,
    lineage: Object.fromEntries(itemsOf(v.definition).map((i) => [i.key, lineageOf(v.definition, i.key)])) as Record<
      string,
      Lineage
    >,
    removed: v.definition.removed,
    rounds,
    locked: rounds > 0,
    latest: latest?.id === v.id,
    /** Per home language: texts translated of all texts (issue 13.2). */
    completeness: translationCompleteness(v.definition),
  };
}

/**
 * Starts a new version of a family by copying its latest one: every item `same`,
 * nothing removed. Refuses while the latest version is itself an unused draft.
 */
export async function copyLatestInstrumentVersion(db: Kysely<Database>, family: FamilyKey, userId: number | null) {
  return inTransaction(db, async (trx) => {
    const latest = await latestInstrumentVersion(trx, family);
    if (!latest) throw new DomainError('not_found', `the ${family} family has no version to copy`, 'family', 404);
    if ((await roundsUsing(trx, latest.id)) === 0) {
      throw new DomainError(
        'conflict',
        `version ${latest.version} is still a draft no round uses: edit it instead of copying`,
        'family',
        409,
      );
    }
    const def = latest.definition;
    const created = await createInstrumentVersion(
      trx,
      {
        ...def,
        version: def.version + 1,
        lineage: Object.fromEntries(itemsOf(def).map((i) => [i.key, 'same' as const])),
        removed: [],
      },
      latest.id,
    );
    await recordAudit(trx, {
      userId,
      action: 'instrument.copy',
      entity: 'instrument_version',
      entityId: created.id,
      details: { family, version: def.version + 1, basedOn: latest.id },
    });
    return { id: created.id, version: def.version + 1 };
  });
}

/**
 * Replaces the texts and items of a draft version (no round uses it). Lineage is
 * checked against the base version: an item kept from it is `same` or `changed`
 * (and keeps its type), any other item is `new`; base items left out are recorded
 * as removed.
 */
export async function updateDraftInstrumentVersion(
  db: Kysely<Database>,
  id: number,
  draft: InstrumentDraftInput,
  userId: number | null,
) {
  return inTransaction(db, async (trx) => {
    const v = await trx
      .selectFrom('instrument_version')
      .select(['id', 'family_key', 'version', 'definition', 'based_on_id'])
      .where('id', '=', id)
      .forUpdate()
      .executeTakeFirst();
    if (!v) throw new DomainError('not_found', 'no such instrument version', 'id', 404);
    if ((await roundsUsing(trx, id)) > 0) {
      throw new DomainError('conflict', 'a round uses this version: it can no longer change', 'id', 409);
    }
    const base = v.based_on_id ? await getInstrumentVersion(trx, v.based_on_id) : undefined;
    const baseItems = new Map(base ? itemsOf(base.definition).map((i) => [i.key, i]) : []);
    const lineage: Record<string, Lineage> = {};
    draft.sections.forEach((s, si) => {
      s.items.forEach(({ item, lineage: l }, ii) => {
        const field = `sections.${si}.items.${ii}.lineage`;
        const old = baseItems.get(item.key);
        if (!old && l !== 'new') {
          throw new DomainError('validation_failed', `'${item.key}' is not in the earlier version: it is new`, field);
        }
        if (old && l === 'new') {
          throw new DomainError('validation_failed', `'${item.key}' is in the earlier version: same or changed`, field);
        }
        if (old && old.type !== item.type) {
          throw new DomainError('validation_failed', `'${item.key}' changed its type: give it a new key`, field);
        }
        lineage[item.key] = l;
      });
    });
    const parsed = parseOrThrow(
      InstrumentDefinition,
      {
        ...v.definition,
        title: draft.title,
        intro: draft.intro,
        estimatedMinutes: draft.estimatedMinutes,
        sections: draft.sections.map((s) => ({ ...s, items: s.items.map((i) => i.item) })),
        lineage,
        removed: [...baseItems.keys()].filter((k) => !(k in lineage)),
      },
      'instrument',
    );
    // Home-language translations are the import's (issue 13.2): kept when the editor leaves them out,
    // reused from the earlier version for items that stay the same, dropped where the meaning changed.
    const def = carryTranslations(parsed, v.definition, base?.definition);
    await trx
      .updateTable('instrument_version')
      .set((eb) => ({ definition: json(def), texts_revision: eb('texts_revision', '+', 1) }))
      .where('id', '=', id)
      .execute();
    await trx.deleteFrom('instrument_item').where('version_id', '=', id).execute();
    let position = 0;
    await trx
      .insertInto('instrument_item')
      .values(
        def.sections.flatMap((s) =>
          s.items.map((item) => ({
            version_id: id,
            key: item.key,
            section_key: s.key,
            position: position++,
            type: item.type,
            lineage: lineageOf(def, item.key),
          })),
        ),
      )
      .execute();
    const counts = { same: 0, changed: 0, new: 0, removed: def.removed.length };
    for (const l of Object.values(def.lineage)) counts[l] += 1;
    await recordAudit(trx, {
      userId,
      action: 'instrument.update',
      entity: 'instrument_version',
      entityId: id,
      details: { family: v.family_key, version: v.version, ...counts },
    });
    return { id, counts };
  });
}

/** Deletes the newest version of a family while no round uses it. */
export async function deleteDraftInstrumentVersion(db: Kysely<Database>, id: number, userId: number | null) {
  return inTransaction(db, async (trx) => {
    const v = await trx
      .selectFrom('instrument_version')
      .select(['id', 'family_key', 'version'])
      .where('id', '=', id)
      .forUpdate()
      .executeTakeFirst();
    if (!v) throw new DomainError('not_found', 'no such instrument version', 'id', 404);
    const latest = await latestInstrumentVersion(trx, v.family_key);
    if ((await roundsUsing(trx, id)) > 0 || latest?.id !== id || !v.version || v.version === 1) {
      throw new DomainError('conflict', 'only an unused newest version can be deleted', 'id', 409);
    }
    await trx.deleteFrom('instrument_version').where('id', '=', id).execute();
    await recordAudit(trx, {
      userId,
      action: 'instrument.delete',
      entity: 'instrument_version',
      entityId: id,
      details: { family: v.family_key, version: v.version },
    });
  });
}
