import { type Kysely, sql } from 'kysely';
import type { Database } from '../database.ts';

/**
 * Fixed-window counters shared by every API instance (table sign_in_window, which holds
 * all throttles: sign-in per address and per client, submissions and code guesses per
 * client). Keys are hashes; nothing identifies a person or links to a response.
 */
export const THROTTLE_WINDOW_MINUTES = 15;

export function windowStart(now: Date): Date {
  const ms = THROTTLE_WINDOW_MINUTES * 60_000;
  return new Date(Math.floor(now.getTime() / ms) * ms);
}

export function windowEnd(now: Date): Date {
  return new Date(windowStart(now).getTime() + THROTTLE_WINDOW_MINUTES * 60_000);
}

/** Seconds from `now` until `t`, at least 1 (for Retry-After). */
export function secondsUntil(t: Date, now: Date): number {
  return Math.max(1, Math.ceil((t.getTime() - now.getTime()) / 1000));
}

/** Adds `by` (may be negative; never below 0) to a key's count in the current window, atomically; returns the new count. */
export async function countInWindow(db: Kysely<Database>, key: string, now: Date, by = 1): Promise<number> {
  const row = await db
    .insertInto('sign_in_window')
    .values({ email_hash: key, window_start: windowStart(now), failures: Math.max(by, 0) })
    .onConflict((oc) =>
      oc
        .columns(['email_hash', 'window_start'])
        .doUpdateSet({ failures: sql`greatest(sign_in_window.failures + ${by}::int, 0)` }),
    )
    .returning('failures')
    .executeTakeFirstOrThrow();
  return row.failures;
}

/** The count of a key in the current window, without changing it. */
export async function countOfWindow(db: Kysely<Database>, key: string, now: Date): Promise<number> {
  const row = await db
    .selectFrom('sign_in_window')
    .select('failures')
    .where('email_hash', '=', key)
    .where('window_start', '=', windowStart(now))
    .executeTakeFirst();
  return row?.failures ?? 0;
}

/** Drops windows older than a day: only the current one is ever read. */
export async function purgeOldWindows(db: Kysely<Database>, now: Date) {
  await db
    .deleteFrom('sign_in_window')
    .where('window_start', '<', new Date(now.getTime() - 24 * 3600_000))
    .execute();
}
