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
import { draftTokenHash } from './drafts.ts';

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

/** The columns of a unit that decide whether a response may name it. */
export interface UnitFacts {
  municipality_id: number;
  kind: string;
  active_from: number;
  active_to: number | null;
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
    /** The version's texts revision `def` was read at: a translation import bumps it. */
    textsRevision: number;
  };
  def: InstrumentDefinition;
  municipalities: SurveyMunicipality[];
  /** The unit asked for with `withUnit`, or null when there is no such unit. */
  unit?: UnitFacts | null;
}

// An instrument version's meaning never changes once a round uses it, but its translations may
// (issue 13.2): a parsed copy is kept per version and texts revision.
const definitions = new Map<string, InstrumentDefinition>();
const slugs = new Map<string, string>();

function slugOf(name: string): string {
  let slug = slugs.get(name);
  if (slug === undefined) {
    slug = slugify(name);
    if (slugs.size > 10_000) slugs.clear();
    slugs.set(name, slug);
  }
  return slug;
}

/** A questionnaire version's parsed definition, cached by version and texts revision. */
export async function definitionOf(
  db: Kysely<Database>,
  versionId: number,
  revision = 0,
): Promise<InstrumentDefinition> {
  const cacheKey = `${versionId}:${revision}`;
  const cached = definitions.get(cacheKey);
  if (cached) return cached;
  const row = await db
    .selectFrom('instrument_version')
    .select('definition')
    .where('id', '=', versionId)
    .executeTakeFirstOrThrow();
  const def = InstrumentDefinition.parse(row.definition);
  if (definitions.size > 50) definitions.clear();
  definitions.set(cacheKey, def);
  return def;
}

/**
 * A round by slug with its instrument version and participating municipalities
 * (each with its URL slug), and a unit's facts when `withUnit` names one, all in one
 * query; undefined when there is no such round.
 */
export async function surveyContext(
  db: Kysely<Database>,
  roundSlug: string,
  withUnit?: number | null,
): Promise<SurveyContext | undefined> {
  const { rows } = await sql<{
    id: number;
    slug: string;
    status: SurveyContext['round']['status'];
    year: number;
    family_key: string;
    opens_on: string;
    closes_on: string;
    instrument_version_id: number;
    texts_revision: number;
    municipalities: { id: number; code: string; names: Translations }[] | string;
    unit: UnitFacts | string | null;
  }>`
    select r.id, r.slug, r.status, r.year, r.family_key, r.opens_on::text as opens_on, r.closes_on::text as closes_on,
      r.instrument_version_id,
      (select v.texts_revision from instrument_version v where v.id = r.instrument_version_id) as texts_revision,
      coalesce((
        select json_agg(json_build_object('id', m.id, 'code', m.code, 'names', m.names) order by m.code)
        from round_municipality rm join municipality m on m.id = rm.municipality_id
        where rm.round_id = r.id
      ), '[]'::json) as municipalities,
      (
        select json_build_object('municipality_id', u.municipality_id, 'kind', u.kind,
          'active_from', u.active_from, 'active_to', u.active_to)
        from unit u where u.id = ${withUnit ?? null}::int
      ) as unit
    from round r where r.slug = ${roundSlug}`.execute(db);
  const row = rows[0];
  if (!row) return undefined;
  const list = typeof row.municipalities === 'string' ? JSON.parse(row.municipalities) : row.municipalities;
  const unit = typeof row.unit === 'string' ? (JSON.parse(row.unit) as UnitFacts) : row.unit;
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
      textsRevision: row.texts_revision,
    },
    def: await definitionOf(db, row.instrument_version_id, row.texts_revision),
    municipalities: (list as Omit<SurveyMunicipality, 'slug'>[]).map((m) => ({ ...m, slug: slugOf(m.names.fi) })),
    ...(withUnit != null ? { unit } : {}),
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
    const unit =
      ctx.unit !== undefined
        ? (ctx.unit ?? undefined)
        : await db
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
  /** Keep the response for a coordinator's review instead of counting it (an implausible burst from one client). */
  held?: boolean;
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
 * result), marks a one-time code used, puts the response with its answers and open
 * answers into the inbox (date only, random id), and deletes the draft. Throws
 * SubmissionRejectedError naming every field that does not fit, `round_not_open`
 * for a round that is not open, and `conflict` for a used code.
 */
export async function submitResponse(
  db: Kysely<Database>,
  input: SubmitInput,
): Promise<{ result: SubmitResult; replayed: boolean }> {
  const s = input.submission;
  const fast = input.codeHash || s.accessCode ? undefined : await openLinkFastPath(db, input);
  if (fast) return fast;
  // A retry whose first attempt went through must get the first result even when the round has
  // closed or the code is used since; the stored key is looked up only on those refusals.
  const refuse = async (err: DomainError) => {
    const earlier = await storedSubmitResult(db, input.roundSlug, input.idempotencyKey);
    if (earlier) return { result: earlier, replayed: true };
    throw err;
  };
  const ctx = await surveyContext(db, input.roundSlug, s.unitId);
  if (!ctx) throw new DomainError('not_found', `no round '${input.roundSlug}'`, 'round', 404);
  if (ctx.round.status !== 'open') {
    return refuse(
      new DomainError('round_not_open', `the round '${ctx.round.slug}' is ${ctx.round.status}`, 'round', 409),
    );
  }
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
    if (row.used)
      return refuse(new DomainError('conflict', 'this access code has already been used', 'accessCode', 409));
    code = { hash: codeHash, municipalityId: row.municipality_id, unitId: row.unit_id };
  }
  const place = await placeIssues(db, ctx, s, code);
  const issues = [...place.issues, ...validateAgainstInstrument(ctx.def, s)];
  if (issues.length > 0 || place.municipalityId === null) return refuse(new SubmissionRejectedError(issues));

  const rows: ResponseRows = {
    roundId: ctx.round.id,
    roundSlug: ctx.round.slug,
    municipalityId: place.municipalityId,
    unitKinds: ctx.def.unitKinds,
    textsRevision: ctx.round.textsRevision,
    submission: s,
    key: input.idempotencyKey,
    held: input.held ?? false,
  };
  if (!code) {
    // One statement is one transaction: the key, the response and its answers, or nothing.
    const row = (await insertResponseStatement(rows, input.draftToken).execute(db)).rows[0];
    if (row?.result) return { result: row.result, replayed: false };
    return row?.ok ? replayOf(db, input) : refuse(changedMeanwhile(ctx.round.slug));
  }
  const codeScope = code;
  return db.transaction().execute(async (trx) => {
    const row = (await insertResponseStatement(rows, input.draftToken).execute(trx)).rows[0];
    const mine = row?.result;
    if (!mine) {
      if (row?.ok) return replayOf(trx, input);
      throw changedMeanwhile(ctx.round.slug);
    }
    const used = await trx
      .updateTable('access_code')
      .set({ used: true, used_on: sql<string>`current_date` })
      .where('code_hash', '=', codeScope.hash)
      .where('used', '=', false)
      .executeTakeFirst();
    if (Number(used.numUpdatedRows) !== 1) {
      throw new DomainError('conflict', 'this access code has already been used', 'accessCode', 409);
    }
    return { result: mine, replayed: false };
  });
}

function changedMeanwhile(roundSlug: string) {
  return new DomainError('round_not_open', `the round '${roundSlug}' closed or changed; try again`, 'round', 409);
}

interface ResponseRows {
  /** The texts revision the submission was validated against (its languages): re-checked in the statement. */
  textsRevision: number;
  roundId: number;
  roundSlug: string;
  municipalityId: number;
  unitKinds: readonly string[];
  submission: Submission;
  key: string;
  held: boolean;
}

// Round, municipalities and instrument of a slug for a few seconds, for the open-link fast path;
// the statement itself re-checks everything that could have changed since.
const CONTEXT_TTL_MS = 5000;
const contexts = new WeakMap<object, Map<string, { ctx: SurveyContext; at: number }>>();

async function recentContext(db: Kysely<Database>, roundSlug: string): Promise<SurveyContext | undefined> {
  let perDb = contexts.get(db);
  if (!perDb) {
    perDb = new Map();
    contexts.set(db, perDb);
  }
  const hit = perDb.get(roundSlug);
  if (hit && performance.now() - hit.at < CONTEXT_TTL_MS) return hit.ctx;
  const ctx = await surveyContext(db, roundSlug);
  if (ctx) perDb.set(roundSlug, { ctx, at: performance.now() });
  return ctx;
}

/**
 * An open-link response that fits: one statement that checks the round, municipality and unit
 * in the database and stores everything. Undefined sends the caller down the checked path,
 * which explains a refusal field by field.
 */
async function openLinkFastPath(db: Kysely<Database>, input: SubmitInput) {
  const s = input.submission;
  const ctx = await recentContext(db, input.roundSlug);
  const municipality = ctx?.municipalities.find((m) => m.slug === s.municipality);
  if (ctx?.round.status !== 'open' || !municipality) return undefined;
  if (validateAgainstInstrument(ctx.def, s).length > 0) return undefined;
  const rows: ResponseRows = {
    roundId: ctx.round.id,
    roundSlug: ctx.round.slug,
    municipalityId: municipality.id,
    unitKinds: ctx.def.unitKinds,
    textsRevision: ctx.round.textsRevision,
    submission: s,
    key: input.idempotencyKey,
    held: input.held ?? false,
  };
  const stored = await insertResponseStatement(rows, input.draftToken).execute(db);
  const row = stored.rows[0];
  if (row?.result) return { result: row.result, replayed: false };
  if (row?.ok) return replayOf(db, input);
  return undefined;
}

async function replayOf(db: Kysely<Database>, input: SubmitInput) {
  // Another request with this key committed first (the insert waited for it): answer as it did.
  const stored = await storedSubmitResult(db, input.roundSlug, input.idempotencyKey);
  if (!stored) throw new DomainError('conflict', 'a submission with this key is in progress', 'idempotencyKey', 409);
  return { result: stored, replayed: true };
}

/**
 * Checks in the same statement that the round is open, its questionnaire's texts are the ones the
 * answers were checked against, the municipality takes part and the unit fits; then claims the idempotency key and, only when it was new, puts the response (date only) with its
 * answers and open answers into the inbox, and deletes the draft. Returns the result, or no row
 * when the key was taken (then nothing else was written).
 */
function insertResponseStatement(r: ResponseRows, draftToken?: string) {
  const s = r.submission;
  const answers = JSON.stringify(Object.entries(s.answers).map(([k, v]) => ({ k, v })));
  const open = JSON.stringify(
    Object.entries(s.openAnswers)
      .map(([k, t]) => ({ k, t: t.trim() }))
      .filter((o) => o.t !== ''),
  );
  return sql<{ result: SubmitResult | null; ok: boolean }>`
    with ok as (
      select 1 from round r
      where r.id = ${r.roundId} and r.status = 'open'
        -- The questionnaire's texts (so its languages) are the ones the answers were checked against:
        -- a context cached for the open-link fast path may predate a translation import.
        and exists (select 1 from instrument_version v
          where v.id = r.instrument_version_id and v.texts_revision = ${r.textsRevision}::int)
        and exists (select 1 from round_municipality rm where rm.round_id = r.id and rm.municipality_id = ${r.municipalityId})
        and (${s.unitId}::int is null or exists (
          select 1 from unit u
          where u.id = ${s.unitId}::int and u.municipality_id = ${r.municipalityId}
            and u.kind = any(string_to_array(${r.unitKinds.join(',')}::text, ','))
            and u.active_from <= r.year and (u.active_to is null or u.active_to >= r.year)))
    ), k as (
      insert into idempotency_key (key, round_id, result)
      select ${r.key}, ${r.roundId},
        json_build_object('accepted', true, 'round', ${r.roundSlug}::text, 'submittedOn', current_date::text)::jsonb
      from ok
      on conflict (key) do nothing
      returning result
    ), resp as (
      -- Into the inbox, with a random id: the fold rewrites it and the day moves it into response, answer
      -- and open_answer in random order, so nothing stored links it to the code, key or draft of this transaction.
      insert into response_inbox (round_id, municipality_id, unit_id, group_key, language, held, answers, open_answers)
      select ${r.roundId}, ${r.municipalityId}, ${s.unitId}::int, ${s.groupKey}::text, ${s.language}, ${r.held}::boolean,
        cast(${answers}::text as jsonb), cast(${open}::text as jsonb)
      from k
    ), d as (
      delete from response_draft where token_hash = ${draftToken ? draftTokenHash(draftToken) : ''} and exists (select 1 from k)
    )
    select (select result from k) as result, exists (select 1 from ok) as ok`;
}

/** Complete responses of a round, optionally of one municipality (drafts never count; held ones do). */
export async function countResponses(db: Kysely<Database>, roundId: number, municipalityId?: number) {
  let q = db.selectFrom('stored_response').select(sql<number>`count(*)::int`.as('n')).where('round_id', '=', roundId);
  if (municipalityId !== undefined) q = q.where('municipality_id', '=', municipalityId);
  return (await q.executeTakeFirstOrThrow()).n;
}
