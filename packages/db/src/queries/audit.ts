import type { Kysely } from 'kysely';
import type { Database } from '../database.ts';
import { json } from '../json.ts';

export interface AuditEntry {
  userId: number | null;
  action: string;
  entity: string;
  entityId?: string | number | null;
  details?: Record<string, unknown>;
}

/** Appends one line to the audit log (inside the caller's transaction when given one). */
export async function recordAudit(db: Kysely<Database>, entry: AuditEntry): Promise<void> {
  await db
    .insertInto('audit_log')
    .values({
      user_id: entry.userId,
      action: entry.action,
      entity: entry.entity,
      entity_id: entry.entityId == null ? null : String(entry.entityId),
      details: json(entry.details ?? {}),
    })
    .execute();
}

/** The newest audit lines first. */
export async function listAudit(db: Kysely<Database>, opts: { limit?: number; beforeId?: number } = {}) {
  let q = db
    .selectFrom('audit_log')
    .leftJoin('app_user', 'app_user.id', 'audit_log.user_id')
    .select([
      'audit_log.id',
      'audit_log.at',
      'audit_log.action',
      'audit_log.entity',
      'audit_log.entity_id',
      'audit_log.details',
      'app_user.email as user_email',
    ])
    .orderBy('audit_log.id', 'desc')
    .limit(opts.limit ?? 100);
  if (opts.beforeId) q = q.where('audit_log.id', '<', opts.beforeId);
  return q.execute();
}
