import type { Kysely } from 'kysely';
import type { Database } from './database.ts';

/**
 * Runs `fn` in a transaction, or inside the caller's when `db` already is one,
 * so query functions compose (Kysely refuses nested `transaction()` calls).
 */
export function inTransaction<T>(db: Kysely<Database>, fn: (trx: Kysely<Database>) => Promise<T>): Promise<T> {
  return db.isTransaction ? fn(db) : db.transaction().execute(fn);
}
