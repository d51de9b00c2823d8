import type { Kysely } from 'kysely';
import type { Database } from '../database.ts';

/** The active user behind an unexpired session, found by the hash of its token. */
export async function findSessionUser(db: Kysely<Database>, idHash: string, now = new Date()) {
  return db
    .selectFrom('session')
    .innerJoin('app_user', 'app_user.id', 'session.user_id')
    .select([
      'app_user.id',
      'app_user.email',
      'app_user.name',
      'app_user.role',
      'app_user.municipality_id',
      'session.csrf_token',
      'session.expires_at',
    ])
    .where('session.id_hash', '=', idHash)
    .where('session.expires_at', '>', now)
    .where('app_user.active', '=', true)
    .executeTakeFirst();
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
