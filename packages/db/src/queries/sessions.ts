import { createHash } from 'node:crypto';
import { type Kysely, sql } from 'kysely';
import { DomainError } from '@gs/schema';
import type { Database } from '../database.ts';
import { hashPassword, verifyPassword } from '../passwords.ts';

/** The active user behind an unexpired session, found by the hash of its token. */
export async function findSessionUser(db: Kysely<Database>, idHash: string, now = new Date()) {
  return sessionInfo(db, idHash, now);
}

export async function insertSession(
  db: Kysely<Database>,
  s: { idHash: string; userId: number; csrfToken: string; expiresAt: Date },
) {
  await db
    .insertInto('session')
    .values({ id_hash: s.idHash, user_id: s.userId, csrf_token: s.csrfToken, expires_at: s.expiresAt })
    .execute();
}

export async function deleteSession(db: Kysely<Database>, idHash: string) {
  await db.deleteFrom('session').where('id_hash', '=', idHash).execute();
}

/** Ends every session of a user except, optionally, the one making the request. */
export async function deleteUserSessions(db: Kysely<Database>, userId: number, exceptIdHash?: string) {
  let q = db.deleteFrom('session').where('user_id', '=', userId);
  if (exceptIdHash) q = q.where('id_hash', '!=', exceptIdHash);
  await q.execute();
}

/** Deletes sessions that expired; returns how many. */
export async function purgeExpiredSessions(db: Kysely<Database>, now = new Date()): Promise<number> {
  const r = await db.deleteFrom('session').where('expires_at', '<=', now).executeTakeFirst();
  return Number(r.numDeletedRows);
}

/** Limits on failed sign-ins; per account and for the whole service, in fixed windows. */
export const SIGN_IN_LIMITS = {
  windowMinutes: 15,
  /** Failures allowed for one e-mail address in a window. */
  perAccountPerWindow: 10,
  /** Consecutive failures after which an account is locked, for 1 min doubling to at most `maxLockMinutes`. */
  lockAfter: 5,
  maxLockMinutes: 60,
  /** Failures allowed across all addresses in a window before every sign-in waits. */
  globalPerWindow: 500,
} as const;

/** The key under which attempts for an address are counted: a hash, so typed addresses are not kept. */
export function signInKey(email: string): string {
  return createHash('sha256').update(`sign-in:${email.trim().toLowerCase()}`).digest('base64url');
}

function windowStart(now: Date): Date {
  const ms = SIGN_IN_LIMITS.windowMinutes * 60_000;
  return new Date(Math.floor(now.getTime() / ms) * ms);
}

/**
 * Whether a sign-in for this address may be tried now. Returns the seconds to wait
 * when the account is locked, its window is used up, or the service-wide limit is hit.
 */
export async function signInWait(db: Kysely<Database>, email: string, now = new Date()): Promise<number> {
  const key = signInKey(email);
  const start = windowStart(now);
  const untilWindowEnds = Math.ceil((start.getTime() + SIGN_IN_LIMITS.windowMinutes * 60_000 - now.getTime()) / 1000);
  const [account, window, global] = await Promise.all([
    db.selectFrom('sign_in_account').select('locked_until').where('email_hash', '=', key).executeTakeFirst(),
    db
      .selectFrom('sign_in_window')
      .select('failures')
      .where('email_hash', '=', key)
      .where('window_start', '=', start)
      .executeTakeFirst(),
    db
      .selectFrom('sign_in_window')
      .select(sql<number>`coalesce(sum(failures), 0)::int`.as('failures'))
      .where('window_start', '=', start)
      .executeTakeFirstOrThrow(),
  ]);
  let wait = 0;
  if (account?.locked_until && new Date(account.locked_until) > now) {
    wait = Math.ceil((new Date(account.locked_until).getTime() - now.getTime()) / 1000);
  }
  if ((window?.failures ?? 0) >= SIGN_IN_LIMITS.perAccountPerWindow) wait = Math.max(wait, untilWindowEnds);
  if (global.failures >= SIGN_IN_LIMITS.globalPerWindow) wait = Math.max(wait, untilWindowEnds);
  return wait;
}

/** Counts a failed sign-in for the address, locking it after repeated failures. */
export async function recordSignInFailure(db: Kysely<Database>, email: string, now = new Date()) {
  const key = signInKey(email);
  const start = windowStart(now);
  await db
    .insertInto('sign_in_window')
    .values({ email_hash: key, window_start: start, failures: 1 })
    .onConflict((oc) =>
      oc.columns(['email_hash', 'window_start']).doUpdateSet({ failures: sql`sign_in_window.failures + 1` }),
    )
    .execute();
  const row = await db
    .insertInto('sign_in_account')
    .values({ email_hash: key, consecutive_failures: 1, last_failure_at: now })
    .onConflict((oc) =>
      oc.column('email_hash').doUpdateSet({
        consecutive_failures: sql`sign_in_account.consecutive_failures + 1`,
        last_failure_at: now,
      }),
    )
    .returning('consecutive_failures')
    .executeTakeFirstOrThrow();
  const over = row.consecutive_failures - SIGN_IN_LIMITS.lockAfter;
  if (over >= 0) {
    const minutes = Math.min(2 ** over, SIGN_IN_LIMITS.maxLockMinutes);
    await db
      .updateTable('sign_in_account')
      .set({ locked_until: new Date(now.getTime() + minutes * 60_000) })
      .where('email_hash', '=', key)
      .execute();
  }
  // Old windows are only needed for the current one; tidy up as we go.
  await db
    .deleteFrom('sign_in_window')
    .where('window_start', '<', new Date(now.getTime() - 24 * 3600_000))
    .execute();
}

/** A successful sign-in clears the address's run of failures. */
export async function clearSignInFailures(db: Kysely<Database>, email: string) {
  await db.deleteFrom('sign_in_account').where('email_hash', '=', signInKey(email)).execute();
}

let dummyHash: Promise<string> | undefined;

/** A new session's token hash, CSRF token and expiry, made by the caller (which owns the cookie). */
export interface NewSession {
  idHash: string;
  csrfToken: string;
  expiresAt: Date;
}

/**
 * Checks an e-mail and password under the sign-in limits and opens a session.
 * Unknown addresses, inactive users and wrong passwords fail alike (and take as
 * long), so the answer does not tell which addresses have accounts.
 */
export async function signIn(
  db: Kysely<Database>,
  input: { email: string; password: string },
  session: NewSession,
  now = new Date(),
) {
  const wait = await signInWait(db, input.email, now);
  if (wait > 0) {
    const minutes = Math.ceil(wait / 60);
    throw new SignInLimitError(
      `too many failed sign-ins: try again in ${minutes} minute${minutes === 1 ? '' : 's'}`,
      wait,
    );
  }
  const user = await findUserForSignIn(db, input.email);
  dummyHash ??= hashPassword('not a real password');
  const ok = await verifyPassword(input.password, user?.password_hash ?? (await dummyHash));
  if (!user || !ok || !user.active) {
    await recordSignInFailure(db, input.email, now);
    throw new DomainError('unauthorized', 'wrong e-mail or password', undefined, 401);
  }
  await clearSignInFailures(db, input.email);
  // Expired sessions are useless; each sign-in sweeps them (indexed on expires_at).
  await purgeExpiredSessions(db, now);
  await insertSession(db, { ...session, userId: user.id });
  const { password_hash: _hash, active: _active, ...rest } = user;
  return rest;
}

/** Signing in is refused for a while; `retryAfter` is in seconds. */
export class SignInLimitError extends DomainError {
  constructor(
    message: string,
    readonly retryAfter: number,
  ) {
    super('rate_limited', message, undefined, 429);
    this.name = 'SignInLimitError';
  }
}

/** The session behind a token hash with its user and expiry, or undefined when it expired. */
export async function sessionInfo(db: Kysely<Database>, idHash: string, now = new Date()) {
  return db
    .selectFrom('session')
    .innerJoin('app_user', 'app_user.id', 'session.user_id')
    .leftJoin('municipality', 'municipality.id', 'app_user.municipality_id')
    .select([
      'app_user.id',
      'app_user.email',
      'app_user.name',
      'app_user.role',
      'app_user.municipality_id',
      'municipality.code as municipality_code',
      'session.csrf_token',
      'session.expires_at',
    ])
    .where('session.id_hash', '=', idHash)
    .where('session.expires_at', '>', now)
    .where('app_user.active', '=', true)
    .executeTakeFirst();
}

/** A user and their password hash, by e-mail (lower-cased), for signing in. */
export async function findUserForSignIn(db: Kysely<Database>, email: string) {
  return db
    .selectFrom('app_user')
    .leftJoin('municipality', 'municipality.id', 'app_user.municipality_id')
    .select([
      'app_user.id',
      'app_user.email',
      'app_user.name',
      'app_user.role',
      'app_user.municipality_id',
      'app_user.password_hash',
      'app_user.active',
      'municipality.code as municipality_code',
    ])
    .where('app_user.email', '=', email.trim().toLowerCase())
    .executeTakeFirst();
}
