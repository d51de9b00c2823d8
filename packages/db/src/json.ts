import { type RawBuilder, sql } from 'kysely';

/**
 * A value for a jsonb column. Sent as text and cast in SQL, because postgres.js
 * would encode a JSON string parameter a second time while PGlite would not.
 */
export function json<T>(value: T): RawBuilder<T> {
  return sql<T>`cast(${JSON.stringify(value)}::text as jsonb)`;
}
