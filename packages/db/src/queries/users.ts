import type { Kysely } from 'kysely';
import { DomainError, type Role } from '@gs/schema';
import type { Database } from '../database.ts';
import { inTransaction } from '../transaction.ts';
import { hashPassword, verifyPassword, weakPasswordReason } from '../passwords.ts';
import { assertMayCheckPassword, settleSignIn } from './sessions.ts';
import { recordAudit } from './audit.ts';
import { municipalityIdsByCode } from './organisation.ts';
import { deleteUserSessions } from './sessions.ts';

const userColumns = [
  'app_user.id',
  'app_user.email',
  'app_user.name',
  'app_user.role',
  'app_user.municipality_id',
  'app_user.active',
  'municipality.code as municipality_code',
] as const;

export async function getUser(db: Kysely<Database>, id: number) {
  return db
    .selectFrom('app_user')
    .leftJoin('municipality', 'municipality.id', 'app_user.municipality_id')
    .select([...userColumns, 'app_user.password_hash'])
    .where('app_user.id', '=', id)
    .executeTakeFirst();
}

export async function listUsers(db: Kysely<Database>) {
  return db
    .selectFrom('app_user')
    .leftJoin('municipality', 'municipality.id', 'app_user.municipality_id')
    .select([...userColumns, 'app_user.created_at'])
    .orderBy('app_user.role')
    .orderBy('app_user.email')
    .execute();
}

export interface NewUser {
  email: string;
  name: string;
  role: Role;
  municipalityCode: string | null;
  passwordHash: string;
}

/** Creates a console user; a municipality contact needs a municipality, other roles none. */
export async function createUser(db: Kysely<Database>, u: NewUser, byUserId: number | null) {
  if ((u.role === 'municipality_contact') !== (u.municipalityCode !== null)) {
    throw new DomainError('validation_failed', 'only a municipality contact has a municipality', 'municipalityCode');
  }
  return inTransaction(db, async (trx) => {
    const email = u.email.trim().toLowerCase();
    const clash = await trx.selectFrom('app_user').select('id').where('email', '=', email).executeTakeFirst();
    if (clash) throw new DomainError('conflict', 'a user with this e-mail already exists', 'email', 409);
    const municipalityId = u.municipalityCode
      ? (await municipalityIdsByCode(trx, [u.municipalityCode], 'municipalityCode')).get(u.municipalityCode)
      : null;
    const row = await trx
      .insertInto('app_user')
      .values({
        email,
        name: u.name.trim(),
        role: u.role,
        municipality_id: municipalityId ?? null,
        password_hash: u.passwordHash,
      })
      .returning(['id', 'email', 'role'])
      .executeTakeFirstOrThrow();
    await recordAudit(trx, {
      userId: byUserId,
      action: 'user.create',
      entity: 'user',
      entityId: row.id,
      details: { email, role: u.role, municipalityCode: u.municipalityCode },
    });
    return row;
  });
}

/** Activates or deactivates a user; deactivating ends their sessions. Nobody deactivates themselves. */
export async function setUserActive(db: Kysely<Database>, id: number, active: boolean, byUserId: number) {
  if (id === byUserId && !active) {
    throw new DomainError('conflict', 'you cannot deactivate yourself', 'active', 409);
  }
  return inTransaction(db, async (trx) => {
    const r = await trx.updateTable('app_user').set({ active }).where('id', '=', id).executeTakeFirst();
    if (Number(r.numUpdatedRows) === 0) throw new DomainError('not_found', 'no such user', 'id', 404);
    if (!active) await deleteUserSessions(trx, id);
    await recordAudit(trx, {
      userId: byUserId,
      action: active ? 'user.activate' : 'user.deactivate',
      entity: 'user',
      entityId: id,
    });
  });
}

/** Stores a new password hash and ends the user's other sessions. */
export async function setPasswordHash(
  db: Kysely<Database>,
  userId: number,
  passwordHash: string,
  keepSessionHash?: string,
) {
  await inTransaction(db, async (trx) => {
    await trx.updateTable('app_user').set({ password_hash: passwordHash }).where('id', '=', userId).execute();
    await deleteUserSessions(trx, userId, keepSessionHash);
    await recordAudit(trx, { userId, action: 'user.password_change', entity: 'user', entityId: userId });
  });
}

/**
 * Changes a user's password after checking the current one (under the same limits as
 * signing in, so a stolen session cannot guess it); the new one must not be easy to
 * guess. Ends their other sessions.
 */
export async function changePassword(
  db: Kysely<Database>,
  userId: number,
  input: { currentPassword: string; newPassword: string },
  keepSessionHash?: string,
  clientKey?: string,
  now = new Date(),
) {
  const user = await getUser(db, userId);
  if (!user) throw new DomainError('not_found', 'no such user', undefined, 404);
  await assertMayCheckPassword(db, user.email, now, clientKey);
  if (!(await verifyPassword(input.currentPassword, user.password_hash))) {
    throw new DomainError('validation_failed', 'the current password is wrong', 'currentPassword');
  }
  await settleSignIn(db, user.email, now, clientKey);
  await assertStrongPassword(input.newPassword, [user.email, user.name], 'newPassword');
  await setPasswordHash(db, userId, await hashPassword(input.newPassword), keepSessionHash);
}

/** 400 naming `field` when a chosen password is easy to guess. */
export async function assertStrongPassword(password: string, userInputs: readonly string[], field: string) {
  const reason = await weakPasswordReason(password, userInputs);
  if (reason) throw new DomainError('validation_failed', reason, field);
}
