import { type Kysely, sql } from 'kysely';
import {
  DomainError,
  type OpenAnswerState,
  type TextRange,
  type Translations,
  applyRedactions,
  itemsOf,
  suggestRedactions,
} from '@gs/schema';
import type { Database } from '../database.ts';
import { inTransaction } from '../transaction.ts';

// Held responses (a burst from one client) count nowhere until a coordinator releases them: neither do their open answers.
const NOT_HELD = sql<boolean>`not exists (select 1 from response r where r.id = open_answer.response_id and r.held)`;
import { recordAudit } from './audit.ts';
import { type Scope, roundInScope } from './console-rounds.ts';
import { getInstrumentVersion } from './instruments.ts';
import { getSettings } from './settings.ts';

/** The texts of a round's open questions by item key, so answers show the question they answer. */
async function questionTexts(db: Kysely<Database>, instrumentVersionId: number) {
  const version = await getInstrumentVersion(db, instrumentVersionId);
  return new Map(version ? itemsOf(version.definition).map((i) => [i.key, i.text]) : []);
}

/** How many open answers one page of the moderation queue holds at the most. */
export const MODERATION_PAGE_MAX = 200;

/**
 * A round's open answers for moderators (coordinators), oldest first, with suggested
 * redactions; optionally one municipality and one state. One page at a time: `limit` answers
 * (50 unless given, at most MODERATION_PAGE_MAX) after skipping `offset`; `total` counts every
 * answer the filters match, so the page can say "51–100 of 442".
 */
export async function moderationQueue(
  db: Kysely<Database>,
  roundId: number,
  opts: { municipalityId?: number; state?: OpenAnswerState; limit?: number; offset?: number },
) {
  const limit = Math.min(opts.limit ?? 50, MODERATION_PAGE_MAX);
  const offset = opts.offset ?? 0;
  const round = await roundInScope(db, roundId, { municipalityId: null });
  const questions = await questionTexts(db, round.instrument_version_id);
  let q = db
    .selectFrom('open_answer')
    .innerJoin('municipality', 'municipality.id', 'open_answer.municipality_id')
    .leftJoin('unit', 'unit.id', 'open_answer.unit_id')
    .select([
      'open_answer.id',
      'open_answer.item_key',
      'open_answer.text',
      'open_answer.state',
      'open_answer.redacted_text',
      'open_answer.moderated_at',
      'municipality.code as municipality_code',
      'municipality.names as municipality_names',
      'unit.names as unit_names',
    ])
    .where('open_answer.round_id', '=', roundId)
    .where(NOT_HELD)
    .orderBy('open_answer.id')
    .limit(limit)
    .offset(offset);
  if (opts.municipalityId) q = q.where('open_answer.municipality_id', '=', opts.municipalityId);
  if (opts.state) q = q.where('open_answer.state', '=', opts.state);
  const rows = await q.execute();
  const counts = await db
    .selectFrom('open_answer')
    .select(['state', (eb) => eb.fn.countAll<number>().as('n')])
    .where('round_id', '=', roundId)
    .where(NOT_HELD)
    .$if(Boolean(opts.municipalityId), (qb) => qb.where('municipality_id', '=', opts.municipalityId as number))
    .groupBy('state')
    .execute();
  const byState = { pending: 0, approved: 0, hidden: 0 };
  for (const c of counts) byState[c.state] = Number(c.n);
  const total = opts.state ? byState[opts.state] : byState.pending + byState.approved + byState.hidden;
  return {
    counts: byState,
    total,
    offset,
    limit,
    answers: rows.map((r) => ({
      ...r,
      item_text: questions.get(r.item_key) ?? null,
      suggestions: suggestRedactions(r.text),
    })),
  };
}

async function moderate(
  db: Kysely<Database>,
  id: number,
  userId: number,
  change: (text: string) => { state: OpenAnswerState; redacted_text: string | null; details: Record<string, unknown> },
) {
  return inTransaction(db, async (trx) => {
    const row = await trx
      .selectFrom('open_answer')
      .select(['id', 'text', 'state', 'round_id', 'municipality_id'])
      .where('id', '=', id)
      .forUpdate()
      .executeTakeFirst();
    if (!row) throw new DomainError('not_found', 'no such open answer', 'id', 404);
    const next = change(row.text);
    await trx
      .updateTable('open_answer')
      .set({ state: next.state, redacted_text: next.redacted_text, moderated_at: new Date() })
      .where('id', '=', id)
      .execute();
    // The audit line says what was done, never the guardian's text.
    await recordAudit(trx, {
      userId,
      action: next.state === 'approved' ? 'open_answer.approve' : 'open_answer.hide',
      entity: 'open_answer',
      entityId: id,
      details: { from: row.state, roundId: row.round_id, municipalityId: row.municipality_id, ...next.details },
    });
    return { id, state: next.state, redacted_text: next.redacted_text };
  });
}

/**
 * Approves an open answer, removing the given ranges of its text (each becomes `[…]`).
 * Without ranges the text is approved as written (redacted_text stays null).
 */
export async function approveOpenAnswer(db: Kysely<Database>, id: number, redactions: TextRange[], userId: number) {
  return moderate(db, id, userId, (text) => {
    redactions.forEach((r, i) => {
      if (r.end > text.length) {
        throw new DomainError('validation_failed', `the text has ${text.length} characters`, `redactions.${i}.end`);
      }
    });
    return {
      state: 'approved',
      redacted_text: redactions.length ? applyRedactions(text, redactions) : null,
      details: { redactions: redactions.length },
    };
  });
}

/** Hides an open answer: it is shown nowhere. */
export async function hideOpenAnswer(db: Kysely<Database>, id: number, reason: string | undefined, userId: number) {
  return moderate(db, id, userId, () => ({ state: 'hidden', redacted_text: null, details: reason ? { reason } : {} }));
}

/**
 * Approved open answers of a round in their redacted form, for coordinators and
 * the municipality's own contacts. Pending and hidden answers never leave here.
 * An answer names its unit only when the unit has at least the suppression
 * threshold of responses in the round; a smaller unit could single a guardian out.
 */
export async function approvedOpenAnswers(
  db: Kysely<Database>,
  roundId: number,
  scope: Scope,
  municipalityId?: number,
) {
  const round = await roundInScope(db, roundId, scope);
  const questions = await questionTexts(db, round.instrument_version_id);
  const { suppressionThreshold } = await getSettings(db);
  const only = scope.municipalityId ?? municipalityId;
  const namedUnits = db
    .selectFrom('stored_response')
    .select('unit_id')
    .where('round_id', '=', roundId)
    .where('held', '=', false)
    .where('unit_id', 'is not', null)
    .groupBy('unit_id')
    .having(sql`count(*)`, '>=', suppressionThreshold);
  let q = db
    .selectFrom('open_answer')
    .innerJoin('municipality', 'municipality.id', 'open_answer.municipality_id')
    .leftJoin('unit', (j) => j.onRef('unit.id', '=', 'open_answer.unit_id').on('unit.id', 'in', namedUnits))
    .select([
      'open_answer.id',
      'open_answer.item_key',
      sql<string>`coalesce(open_answer.redacted_text, open_answer.text)`.as('text'),
      'municipality.code as municipality_code',
      'municipality.names as municipality_names',
      'unit.names as unit_names',
    ])
    .where('open_answer.round_id', '=', roundId)
    .where('open_answer.state', '=', 'approved')
    .where(NOT_HELD)
    .orderBy('open_answer.item_key')
    .orderBy('municipality.code')
    .orderBy('open_answer.id');
  if (only) q = q.where('open_answer.municipality_id', '=', only);
  const rows = await q.execute();
  return rows.map((r) => ({
    ...r,
    item_text: questions.get(r.item_key) ?? null,
    unit_names: r.unit_names as Translations | null,
  }));
}
