import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import { DomainError } from '@gs/schema';
import type { Database } from '../database.ts';
import { inTransaction } from '../transaction.ts';
import {
  THROTTLE_WINDOW_MINUTES,
  countInWindow,
  countOfWindow,
  purgeOldWindows,
  secondsUntil,
  windowEnd,
} from './throttle.ts';
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

/**
 * Limits on password checks (sign-in and password change), counted before the slow hash so
 * that parallel guesses cannot slip past them. Per e-mail address typed (known or not, alike)
 * and per client address; there is no service-wide lock, so no stranger can shut everyone out.
 */
export const SIGN_IN_LIMITS = {
  windowMinutes: THROTTLE_WINDOW_MINUTES,
  /** Failed attempts allowed for one e-mail address in a window. */
  perAccountPerWindow: 10,
  /** Consecutive failures after which an address is locked, for 1 min doubling to at most `maxLockMinutes`. */
  lockAfter: 5,
  maxLockMinutes: 60,
  /** Failed attempts allowed from one client address in a window, over all e-mail addresses. */
  perClientPerWindow: 30,
} as const;

/** The key under which attempts for an address are counted: a hash, so typed addresses are not kept. */
export function signInKey(email: string): string {
  return createHash('sha256').update(`sign-in:${email.trim().toLowerCase()}`).digest('base64url');
}

/**
 * Whether a password check for this address may be tried now (read only). Returns the
 * seconds to wait when the address is locked or its window is used up.
 */
export async function signInWait(db: Kysely<Database>, email: string, now = new Date()): Promise<number> {
  const key = signInKey(email);
  const [account, failures] = await Promise.all([
    db.selectFrom('sign_in_account').select('locked_until').where('email_hash', '=', key).executeTakeFirst(),
    countOfWindow(db, key, now),
  ]);
  let wait = 0;
  if (account?.locked_until && new Date(account.locked_until) > now)
    wait = secondsUntil(new Date(account.locked_until), now);
  if (failures >= SIGN_IN_LIMITS.perAccountPerWindow) wait = Math.max(wait, secondsUntil(windowEnd(now), now));
  return wait;
}

/**
 * Counts one password check for the address (and the client, when known) as a failure
 * before the hash is computed, atomically: the address's row is locked for the
 * decision, so of twenty parallel guesses only those within the limits are checked.
 * Reaching `lockAfter` locks the address at once (1 min, doubling). Returns 0 when the
 * check may go ahead, else the seconds to wait. A check that succeeds is then taken
 * back with `settleSignIn`.
 */
export async function reserveSignIn(
  db: Kysely<Database>,
  email: string,
  now = new Date(),
  clientKey?: string,
): Promise<number> {
  const key = signInKey(email);
  const wait = await inTransaction(db, async (trx) => {
    await trx
      .insertInto('sign_in_account')
      .values({ email_hash: key })
      .onConflict((oc) => oc.doNothing())
      .execute();
    const account = await trx
      .selectFrom('sign_in_account')
      .select(['consecutive_failures', 'locked_until'])
      .where('email_hash', '=', key)
      .forUpdate()
      .executeTakeFirstOrThrow();
    if (account.locked_until && new Date(account.locked_until) > now) {
      return secondsUntil(new Date(account.locked_until), now);
    }
    if ((await countOfWindow(trx, key, now)) >= SIGN_IN_LIMITS.perAccountPerWindow) {
      return secondsUntil(windowEnd(now), now);
    }
    if (clientKey && (await countInWindow(trx, clientKey, now, 1)) > SIGN_IN_LIMITS.perClientPerWindow) {
      return secondsUntil(windowEnd(now), now);
    }
    await countInWindow(trx, key, now, 1);
    const failures = account.consecutive_failures + 1;
    const over = failures - SIGN_IN_LIMITS.lockAfter;
    await trx
      .updateTable('sign_in_account')
      .set({
        consecutive_failures: failures,
        last_failure_at: now,
        ...(over >= 0
          ? { locked_until: new Date(now.getTime() + Math.min(2 ** over, SIGN_IN_LIMITS.maxLockMinutes) * 60_000) }
          : {}),
      })
      .where('email_hash', '=', key)
      .execute();
    return 0;
  });
  await purgeOldWindows(db, now);
  return wait;
}

/** Counts a failed password check for the address regardless of the limits (tests and tools). */
export async function recordSignInFailure(db: Kysely<Database>, email: string, now = new Date()) {
  await db
    .updateTable('sign_in_account')
    .set({ locked_until: null })
    .where('email_hash', '=', signInKey(email))
    .execute();
  await reserveSignIn(db, email, now);
}

/** A password check that succeeded: the address's run of failures is cleared and the attempt taken back. */
export async function settleSignIn(db: Kysely<Database>, email: string, now = new Date(), clientKey?: string) {
  const key = signInKey(email);
  await inTransaction(db, async (trx) => {
    await trx.deleteFrom('sign_in_account').where('email_hash', '=', key).execute();
    await countInWindow(trx, key, now, -1);
    if (clientKey) await countInWindow(trx, clientKey, now, -1);
  });
}

/** Refuses a password check while the limits hold (429 with the wait). */
export async function assertMayCheckPassword(db: Kysely<Database>, email: string, now: Date, clientKey?: string) {
  const wait = await reserveSignIn(db, email, now, clientKey);
  if (wait > 0) {
    const minutes = Math.ceil(wait / 60);
    throw new SignInLimitError(
      `too many failed attempts: try again in ${minutes} minute${minutes === 1 ? '' : 's'}`,
      wait,
    );
  }
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
  clientKey?: string,
) {
  await assertMayCheckPassword(db, input.email, now, clientKey);
  const user = await findUserForSignIn(db, input.email);
  dummyHash ??= hashPassword('not a real password');
  const ok = await verifyPassword(input.password, user?.password_hash ?? (await dummyHash));
  if (!user || !ok || !user.active) throw new DomainError('unauthorized', 'wrong e-mail or password', undefined, 401);
  await settleSignIn(db, input.email, now, clientKey);
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
