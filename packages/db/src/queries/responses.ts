import { type Kysely, sql } from 'kysely';
import {
  DomainError,
  InstrumentDefinition,
  type ResponseIssue,
  type Submission,
  type Translations,
  slugify,
  validateAgainstInstrument,
} from '@gs/schema';
import type { Database } from '../database.ts';
import { hashCode } from './access-codes.ts';
import { deleteDraft } from './drafts.ts';

/** A submission that does not fit; `issues` names every offending field (the first is in `field`). */
export class SubmissionRejectedError extends DomainError {
  constructor(readonly issues: ResponseIssue[]) {
    super('validation_failed', issues[0]?.message ?? 'invalid response', issues[0]?.field, 422);
    this.name = 'SubmissionRejectedError';
  }
}

export interface SurveyMunicipality {
  id: number;
  code: string;
  names: Translations;
  slug: string;
}

export interface SurveyContext {
  round: {
    id: number;
    slug: string;
    status: 'draft' | 'open' | 'closed' | 'published';
    year: number;
    familyKey: string;
    opensOn: string;
    closesOn: string;
    instrumentVersionId: number;
  };
  def: InstrumentDefinition;
  municipalities: SurveyMunicipality[];
}

// Instrument versions never change once a round uses them, so a parsed copy can be kept.
const definitions = new Map<number, InstrumentDefinition>();

async function definitionOf(db: Kysely<Database>, versionId: number): Promise<InstrumentDefinition> {
  const cached = definitions.get(versionId);
  if (cached) return cached;
  const row = await db
    .selectFrom('instrument_version')
    .select('definition')
    .where('id', '=', versionId)
    .executeTakeFirstOrThrow();
  const def = InstrumentDefinition.parse(row.definition);
  if (definitions.size > 50) definitions.clear();
  definitions.set(versionId, def);
  return def;
}

/**
 * A round by slug with its instrument version and participating municipalities
 * (each with its URL slug); undefined when there is no such round.
 */
export async function surveyContext(db: Kysely<Database>, roundSlug: string): Promise<SurveyContext | undefined> {
  const { rows } = await sql<{
    id: number;
    slug: string;
    status: SurveyContext['round']['status'];
    year: number;
    family_key: string;
    opens_on: string;
    closes_on: string;
    instrument_version_id: number;
    municipalities: { id: number; code: string; names: Translations }[] | string;
  }>`
    select r.id, r.slug, r.status, r.year, r.family_key, r.opens_on::text as opens_on, r.closes_on::text as closes_on,
      r.instrument_version_id,
      coalesce((
        select json_agg(json_build_object('id', m.id, 'code', m.code, 'names', m.names) order by m.code)
        from round_municipality rm join municipality m on m.id = rm.municipality_id
        where rm.round_id = r.id
      ), '[]'::json) as municipalities
    from round r where r.slug = ${roundSlug}`.execute(db);
  const row = rows[0];
  if (!row) return undefined;
  const list = typeof row.municipalities === 'string' ? JSON.parse(row.municipalities) : row.municipalities;
  return {
    round: {
      id: row.id,
      slug: row.slug,
      status: row.status,
      year: row.year,
      familyKey: row.family_key,
      opensOn: row.opens_on,
      closesOn: row.closes_on,
      instrumentVersionId: row.instrument_version_id,
    },
    def: await definitionOf(db, row.instrument_version_id),
    municipalities: (list as Omit<SurveyMunicipality, 'slug'>[]).map((m) => ({ ...m, slug: slugify(m.names.fi) })),
  };
}

/** The units a guardian can pick: active in the round's year and of a kind the instrument covers. */
export async function surveyUnits(db: Kysely<Database>, ctx: SurveyContext, municipalityIds?: readonly number[]) {
  let q = db
    .selectFrom('unit')
    .select(['id', 'municipality_id', 'names', 'kind'])
    .where('kind', 'in', ctx.def.unitKinds)
    .where('active_from', '<=', ctx.round.year)
    .where((eb) => eb.or([eb('active_to', 'is', null), eb('active_to', '>=', ctx.round.year)]))
    .orderBy('municipality_id')
    .orderBy((eb) => eb.ref('names', '->>').key('fi'));
  if (municipalityIds) {
    if (municipalityIds.length === 0) return [];
    q = q.where('municipality_id', 'in', [...municipalityIds]);
  }
  return q.execute();
}

/** What an access code fixes, for checking a response against it. */
export interface CodeScope {
  hash: string;
  municipalityId: number | null;
  unitId: number | null;
}

/**
 * Checks the parts of a submission that need the database: the municipality
 * takes part in the round, the unit is of that municipality, active that year and
 * of a kind the instrument allows, and an access code's fixed place matches.
 */
export async function placeIssues(
  db: Kysely<Database>,
  ctx: SurveyContext,
  submission: Pick<Submission, 'municipality' | 'unitId'>,
  code?: CodeScope,
): Promise<{ issues: ResponseIssue[]; municipalityId: number | null }> {
  const issues: ResponseIssue[] = [];
  const municipality = ctx.municipalities.find((m) => m.slug === submission.municipality);
  if (!municipality) {
    issues.push({
      field: 'municipality',
      code: 'unknown_municipality',
      message: `'${submission.municipality}' does not take part in this round`,
    });
  } else if (code?.municipalityId != null && code.municipalityId !== municipality.id) {
    issues.push({
      field: 'municipality',
      code: 'code_of_other_place',
      message: 'the code is for another municipality',
    });
  }
  if (submission.unitId !== null) {
    const unit = await db
      .selectFrom('unit')
      .select(['municipality_id', 'kind', 'active_from', 'active_to'])
      .where('id', '=', submission.unitId)
      .executeTakeFirst();
    if (!unit) {
      issues.push({ field: 'unitId', code: 'unknown_unit', message: `no unit ${submission.unitId}` });
    } else if (municipality && unit.municipality_id !== municipality.id) {
      issues.push({
        field: 'unitId',
        code: 'unit_of_other_municipality',
        message: `unit ${submission.unitId} is not in ${submission.municipality}`,
      });
    } else if (unit.active_from > ctx.round.year || (unit.active_to !== null && unit.active_to < ctx.round.year)) {
      issues.push({ field: 'unitId', code: 'unit_not_active', message: `unit ${submission.unitId} is not active` });
    } else if (!(ctx.def.unitKinds as string[]).includes(unit.kind)) {
      issues.push({
        field: 'unitId',
        code: 'unit_kind_not_allowed',
        message: `this survey is not for ${unit.kind} units`,
      });
    }
  }
  if (code?.unitId != null && code.unitId !== submission.unitId) {
    issues.push({ field: 'unitId', code: 'code_of_other_place', message: 'the code is for another unit' });
  }
  return { issues, municipalityId: municipality?.id ?? null };
}

/** What a submission answers with; a repeat with the same idempotency key gets the same. */
export interface SubmitResult {
  accepted: true;
  round: string;
  submittedOn: string;
}

export interface SubmitInput {
  roundSlug: string;
  idempotencyKey: string;
  submission: Submission;
  /** The hash of the access code when the code is not in `submission.accessCode` (the pages keep only the hash). */
  codeHash?: string;
  /** The draft to delete with the submission. */
  draftToken?: string;
}

/** The stored result of an idempotency key, or undefined when the key is new. */
export async function storedSubmitResult(db: Kysely<Database>, roundSlug: string, key: string) {
  const row = await db
    .selectFrom('idempotency_key')
    .innerJoin('round', 'round.id', 'idempotency_key.round_id')
    .select(['idempotency_key.result', 'round.slug'])
    .where('idempotency_key.key', '=', key)
    .executeTakeFirst();
  if (!row) return undefined;
  if (row.slug !== roundSlug) {
    throw new DomainError('conflict', 'this idempotency key was used for another round', 'idempotencyKey', 409);
  }
  return row.result as SubmitResult;
}

/**
 * Stores one complete response exactly once. In one transaction: claims the
 * idempotency key (a concurrent or later repeat waits for it and gets the first
 * result), marks a one-time code used, inserts the response with its answers and
 * pending open answers (date only), and deletes the draft. Throws
 * SubmissionRejectedError naming every field that does not fit, `round_not_open`
 * for a round that is not open, and `conflict` for a used code.
 */
export async function submitResponse(
  db: Kysely<Database>,
  input: SubmitInput,
): Promise<{ result: SubmitResult; replayed: boolean }> {
  const earlier = await storedSubmitResult(db, input.roundSlug, input.idempotencyKey);
  if (earlier) return { result: earlier, replayed: true };

  const ctx = await surveyContext(db, input.roundSlug);
  if (!ctx) throw new DomainError('not_found', `no round '${input.roundSlug}'`, 'round', 404);
  if (ctx.round.status !== 'open') {
    throw new DomainError('round_not_open', `the round '${ctx.round.slug}' is ${ctx.round.status}`, 'round', 409);
  }
  const s = input.submission;
  const codeHash = input.codeHash ?? (s.accessCode ? hashCode(s.accessCode) : undefined);
  let code: CodeScope | undefined;
  if (codeHash) {
    const row = await db
      .selectFrom('access_code')
      .select(['municipality_id', 'unit_id', 'used'])
      .where('code_hash', '=', codeHash)
      .where('round_id', '=', ctx.round.id)
      .executeTakeFirst();
    if (!row) throw new DomainError('validation_failed', 'unknown access code for this round', 'accessCode');
    if (row.used) {
      // A repeat that raced its first attempt finds the code used: answer it as the first was answered.
      const stored = await storedSubmitResult(db, input.roundSlug, input.idempotencyKey);
      if (stored) return { result: stored, replayed: true };
      throw new DomainError('conflict', 'this access code has already been used', 'accessCode', 409);
    }
    code = { hash: codeHash, municipalityId: row.municipality_id, unitId: row.unit_id };
  }
  const place = await placeIssues(db, ctx, s, code);
  const issues = [...place.issues, ...validateAgainstInstrument(ctx.def, s)];
  if (issues.length > 0 || place.municipalityId === null) throw new SubmissionRejectedError(issues);
  const municipalityId = place.municipalityId;

  const answers = Object.entries(s.answers).map(([k, v]) => ({ k, v }));
  const openAnswers = Object.entries(s.openAnswers)
    .map(([k, t]) => ({ k, t: t.trim() }))
    .filter((o) => o.t !== '');

  return db.transaction().execute(async (trx) => {
    const claimed = await sql<{ result: SubmitResult }>`
      insert into idempotency_key (key, round_id, result)
      values (${input.idempotencyKey}, ${ctx.round.id},
        json_build_object('accepted', true, 'round', ${ctx.round.slug}::text, 'submittedOn', current_date::text)::jsonb)
      on conflict (key) do nothing
      returning result`.execute(trx);
    const mine = claimed.rows[0];
    if (!mine) {
      // Another request with this key committed first (the insert waited for it): answer as it did.
      const stored = await storedSubmitResult(trx, input.roundSlug, input.idempotencyKey);
      if (!stored)
        throw new DomainError('conflict', 'a submission with this key is in progress', 'idempotencyKey', 409);
      return { result: stored, replayed: true };
    }
    if (code) {
      const used = await trx
        .updateTable('access_code')
        .set({ used: true })
        .where('code_hash', '=', code.hash)
        .where('used', '=', false)
        .executeTakeFirst();
      if (Number(used.numUpdatedRows) !== 1) {
        throw new DomainError('conflict', 'this access code has already been used', 'accessCode', 409);
      }
    }
    await sql`
      with r as (
        insert into response (round_id, municipality_id, unit_id, group_key, language)
        values (${ctx.round.id}, ${municipalityId}, ${s.unitId}, ${s.groupKey}, ${s.language})
        returning id
      ), a as (
        insert into answer (response_id, item_key, value)
        select r.id, x.k, x.v from r, json_to_recordset(cast(${JSON.stringify(answers)}::text as json)) as x(k text, v smallint)
      )
      insert into open_answer (response_id, round_id, municipality_id, unit_id, item_key, text)
      select r.id, ${ctx.round.id}, ${municipalityId}, ${s.unitId}, x.k, x.t
      from r, json_to_recordset(cast(${JSON.stringify(openAnswers)}::text as json)) as x(k text, t text)`.execute(trx);
    if (input.draftToken) await deleteDraft(trx, input.draftToken);
    return { result: mine.result, replayed: false };
  });
}

/** Complete responses of a round, optionally of one municipality (drafts never count). */
export async function countResponses(db: Kysely<Database>, roundId: number, municipalityId?: number) {
  let q = db.selectFrom('response').select(sql<number>`count(*)::int`.as('n')).where('round_id', '=', roundId);
  if (municipalityId !== undefined) q = q.where('municipality_id', '=', municipalityId);
  return (await q.executeTakeFirstOrThrow()).n;
}
