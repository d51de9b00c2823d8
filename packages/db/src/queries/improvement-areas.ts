import type { Kysely, Selectable } from 'kysely';
import {
  DomainError,
  ImprovementAreaInput,
  ImprovementAreaPatch,
  InstrumentDefinition,
  type RoundStatus,
  type Translations,
  parseOrThrow,
  resolveTarget,
} from '@gs/schema';
import type { Database, ImprovementAreaTable } from '../database.ts';
import { inTransaction } from '../transaction.ts';
import { recordAudit } from './audit.ts';

/** A round as development targets see it, with the next round of its family (where they are followed up). */
export interface TargetRound {
  id: number;
  slug: string;
  year: number;
  family: string;
  status: RoundStatus;
  def: InstrumentDefinition;
  next: { id: number; slug: string; year: number; status: RoundStatus } | null;
  /** The next round of the family has opened: the targets can no longer change. */
  frozen: boolean;
}

/** Who records a decision: the signed-in user, whose name is kept with the target. */
export interface Decider {
  id: number;
  name: string;
}

/** A stored target with its municipality's code and names (null: the region's). */
export type ImprovementAreaRow = Selectable<ImprovementAreaTable> & {
  municipality_code: string | null;
  municipality_names: Translations | null;
};

/**
 * A round and the next round of the same family (the newest year after it), or undefined.
 * With `lock`, inside a transaction, the next round's row is locked against opening meanwhile.
 */
export async function targetRound(
  db: Kysely<Database>,
  slug: string,
  opts: { lock?: boolean } = {},
): Promise<TargetRound | undefined> {
  const round = await db
    .selectFrom('round')
    .innerJoin('instrument_version', 'instrument_version.id', 'round.instrument_version_id')
    .select([
      'round.id',
      'round.slug',
      'round.year',
      'round.family_key',
      'round.status',
      'instrument_version.definition',
    ])
    .where('round.slug', '=', slug)
    .executeTakeFirst();
  if (!round) return undefined;
  let next = db
    .selectFrom('round')
    .select(['id', 'slug', 'year', 'status'])
    .where('family_key', '=', round.family_key)
    .where('year', '>', round.year)
    .orderBy('year')
    .limit(1);
  if (opts.lock) next = next.forShare();
  const after = await next.executeTakeFirst();
  const definition = typeof round.definition === 'string' ? JSON.parse(round.definition) : round.definition;
  return {
    id: round.id,
    slug: round.slug,
    year: round.year,
    family: round.family_key,
    status: round.status,
    def: InstrumentDefinition.parse(definition),
    next: after ?? null,
    frozen: after !== undefined && after.status !== 'draft',
  };
}

/**
 * The targets set in a round, region first, then by municipality code, theme before item.
 * `municipalityIds` keeps the region's (null) and those municipalities' targets only.
 */
export async function listImprovementAreas(
  db: Kysely<Database>,
  roundId: number,
  opts: { municipalityIds?: readonly (number | null)[] } = {},
): Promise<ImprovementAreaRow[]> {
  let q = db
    .selectFrom('improvement_area as a')
    .leftJoin('municipality as m', 'm.id', 'a.municipality_id')
    .selectAll('a')
    .select(['m.code as municipality_code', 'm.names as municipality_names'])
    .where('a.round_id', '=', roundId);
  if (opts.municipalityIds) {
    const ids = opts.municipalityIds.filter((id): id is number => id !== null);
    const region = opts.municipalityIds.includes(null);
    q = q.where((eb) =>
      eb.or([
        ...(region ? [eb('a.municipality_id', 'is', null)] : []),
        ...(ids.length ? [eb('a.municipality_id', 'in', ids)] : []),
      ]),
    );
  }
  return q
    .orderBy((eb) => eb.fn.coalesce('m.code', eb.val('')))
    .orderBy('a.kind', 'desc')
    .orderBy('a.id')
    .execute() as Promise<ImprovementAreaRow[]>;
}

function assertEditable(round: TargetRound) {
  if (round.frozen && round.next) {
    throw new DomainError(
      'frozen',
      `the development targets of ${round.slug} are frozen: ${round.next.slug} has opened and follows them up`,
      'round',
      409,
    );
  }
  if (round.status !== 'closed' && round.status !== 'published') {
    throw new DomainError(
      'conflict',
      `a ${round.status} round has no results to pick development targets from yet`,
      'round',
      409,
    );
  }
}

async function lockedRound(trx: Kysely<Database>, slug: string) {
  const round = await targetRound(trx, slug, { lock: true });
  if (!round) throw new DomainError('not_found', `no round '${slug}'`, 'slug', 404);
  return round;
}

/** The municipality id of a scope key, checked to take part in the round (null: the region). */
async function municipalityOfScope(trx: Kysely<Database>, roundId: number, scope: string): Promise<number | null> {
  if (scope === 'region') return null;
  const code = scope.slice('municipality:'.length);
  const row = await trx
    .selectFrom('round_municipality')
    .innerJoin('municipality', 'municipality.id', 'round_municipality.municipality_id')
    .select('municipality.id')
    .where('round_municipality.round_id', '=', roundId)
    .where('municipality.code', '=', code)
    .executeTakeFirst();
  if (!row) throw new DomainError('validation_failed', `municipality ${code} is not in this round`, 'scope');
  return row.id;
}

/**
 * Marks an item or a theme of a closed or published round as a development target for the
 * region or one municipality, with a note and who decided it (audited). 409 `frozen` once the
 * next round of the family has opened; 409 `conflict` when the same target already exists.
 *
 * @example
 * await createImprovementArea(db, '2023-ecec', { scope: 'region', kind: 'item', key: 'safety_feels_safe', note: '…' }, user);
 */
export async function createImprovementArea(db: Kysely<Database>, slug: string, input: unknown, by: Decider) {
  const a = parseOrThrow(ImprovementAreaInput, input, 'development target');
  return inTransaction(db, async (trx) => {
    const round = await lockedRound(trx, slug);
    assertEditable(round);
    if (!resolveTarget(round.def, a.kind, a.key)) {
      throw new DomainError('validation_failed', `the questionnaire of ${slug} has no ${a.kind} '${a.key}'`, 'key');
    }
    const municipalityId = await municipalityOfScope(trx, round.id, a.scope);
    const clash = await trx
      .selectFrom('improvement_area')
      .select('id')
      .where('round_id', '=', round.id)
      .where('municipality_id', municipalityId === null ? 'is' : '=', municipalityId)
      .where('kind', '=', a.kind)
      .where('key', '=', a.key)
      .executeTakeFirst();
    if (clash) throw new DomainError('conflict', 'this is already a development target; edit its note', 'key', 409);
    const row = await trx
      .insertInto('improvement_area')
      .values({
        round_id: round.id,
        municipality_id: municipalityId,
        kind: a.kind,
        key: a.key,
        note: a.note,
        decided_by: by.id,
        decided_by_name: by.name,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await recordAudit(trx, {
      userId: by.id,
      action: 'improvement_area.create',
      entity: 'improvement_area',
      entityId: row.id,
      details: { round: slug, scope: a.scope, kind: a.kind, key: a.key, note: a.note },
    });
    return { id: row.id };
  });
}

async function lockedArea(trx: Kysely<Database>, roundId: number, id: number) {
  const area = await trx
    .selectFrom('improvement_area')
    .selectAll()
    .where('id', '=', id)
    .where('round_id', '=', roundId)
    .forUpdate()
    .executeTakeFirst();
  if (!area) throw new DomainError('not_found', `no development target ${id} in this round`, 'id', 404);
  return area;
}

/** Changes a target's note (and records who changed it); audited with the note before and after. */
export async function updateImprovementArea(
  db: Kysely<Database>,
  slug: string,
  id: number,
  input: unknown,
  by: Decider,
) {
  const { note } = parseOrThrow(ImprovementAreaPatch, input, 'development target');
  return inTransaction(db, async (trx) => {
    const round = await lockedRound(trx, slug);
    assertEditable(round);
    const before = await lockedArea(trx, round.id, id);
    await trx
      .updateTable('improvement_area')
      .set({ note, decided_by: by.id, decided_by_name: by.name, updated_at: new Date() })
      .where('id', '=', id)
      .execute();
    await recordAudit(trx, {
      userId: by.id,
      action: 'improvement_area.update',
      entity: 'improvement_area',
      entityId: id,
      details: { round: slug, kind: before.kind, key: before.key, from: before.note, to: note },
    });
    return { id };
  });
}

/** Removes a target; the audit line keeps what it was. */
export async function deleteImprovementArea(db: Kysely<Database>, slug: string, id: number, by: Decider) {
  return inTransaction(db, async (trx) => {
    const round = await lockedRound(trx, slug);
    assertEditable(round);
    const before = await lockedArea(trx, round.id, id);
    await trx.deleteFrom('improvement_area').where('id', '=', id).execute();
    await recordAudit(trx, {
      userId: by.id,
      action: 'improvement_area.delete',
      entity: 'improvement_area',
      entityId: id,
      details: {
        round: slug,
        municipalityId: before.municipality_id,
        kind: before.kind,
        key: before.key,
        note: before.note,
      },
    });
  });
}
