import { createHash } from 'node:crypto';
import { type Kysely, sql } from 'kysely';
import { DomainError } from '@gs/schema';
import type { Database } from '../database.ts';
import { json } from '../json.ts';
import { normaliseCode, randomCode } from './access-codes.ts';

/** A resume token: 24 characters of the code alphabet (about 116 bits), typeable as a resume code. */
export function newDraftToken(): string {
  return randomCode(24);
}

/** The stored form of a draft token (sha256 of its normalised form). */
export function draftTokenHash(token: string): string {
  return createHash('sha256').update(normaliseCode(token)).digest('hex');
}

/** The most a draft may hold, as JSON text: far beyond any questionnaire's answers, small enough to keep a table of them cheap. */
export const MAX_DRAFT_CHARS = 256 * 1024;

/** The draft as jsonb, refused with a 413 when larger than MAX_DRAFT_CHARS. */
function draftJson<T>(data: T) {
  const text = JSON.stringify(data);
  if (text.length > MAX_DRAFT_CHARS) {
    throw new DomainError(
      'payload_too_large',
      `unfinished answers hold at most ${MAX_DRAFT_CHARS} characters`,
      'data',
      413,
    );
  }
  return json(data);
}

/**
 * Starts an unfinished response and returns its token (only its hash is stored).
 * Drafts never count in results; closing the round deletes them.
 */
export async function createDraft<T>(db: Kysely<Database>, roundId: number, data: T): Promise<{ token: string }> {
  const token = newDraftToken();
  await db
    .insertInto('response_draft')
    .values({ token_hash: draftTokenHash(token), round_id: roundId, data: draftJson(data) })
    .execute();
  return { token };
}

/** The draft a token belongs to, or undefined (unknown, submitted, or its round closed). */
export async function readDraft<T>(db: Kysely<Database>, token: string) {
  if (!token || token.length > 64) return undefined;
  const row = await db
    .selectFrom('response_draft')
    .select(['round_id', 'data', sql<string>`updated_on::text`.as('updated_on')])
    .where('token_hash', '=', draftTokenHash(token))
    .executeTakeFirst();
  return row ? { roundId: row.round_id, data: row.data as T, updatedOn: row.updated_on } : undefined;
}

/** Replaces a draft's data; false when the draft no longer exists. */
export async function saveDraft<T>(db: Kysely<Database>, token: string, data: T): Promise<boolean> {
  const result = await db
    .updateTable('response_draft')
    .set({ data: draftJson(data), updated_on: sql<string>`current_date` })
    .where('token_hash', '=', draftTokenHash(token))
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/**
 * Moves a draft to a fresh token and returns it (undefined when the token is unknown), so a
 * resume link or code works once: whoever sent the link cannot read what was answered after it.
 */
export async function rotateDraftToken(db: Kysely<Database>, token: string) {
  if (!token || token.length > 64) return undefined;
  const fresh = newDraftToken();
  const row = await db
    .updateTable('response_draft')
    .set({ token_hash: draftTokenHash(fresh), updated_on: sql<string>`current_date` })
    .where('token_hash', '=', draftTokenHash(token))
    .returning(['round_id', 'data'])
    .executeTakeFirst();
  return row ? { token: fresh, roundId: row.round_id, data: row.data } : undefined;
}

/** Removes a draft (inside the caller's transaction when given one). */
export async function deleteDraft(db: Kysely<Database>, token: string): Promise<void> {
  await db.deleteFrom('response_draft').where('token_hash', '=', draftTokenHash(token)).execute();
}

/** Deletes drafts not touched since a date (ISO); returns how many went. */
export async function deleteStaleDrafts(db: Kysely<Database>, before: string): Promise<number> {
  const result = await db.deleteFrom('response_draft').where('updated_on', '<', before).executeTakeFirst();
  return Number(result.numDeletedRows);
}
