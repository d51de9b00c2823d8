import type { Kysely } from 'kysely';
import { DomainError } from '@gs/schema';
import type { Database } from '../database.ts';
import { json } from '../json.ts';
import { inTransaction } from '../transaction.ts';
import { foldResponses } from './aggregates.ts';
import { recordAudit } from './audit.ts';
import { allScopeReports, reportContext } from './reports.ts';
import { lockRound, transitionRound } from './rounds.ts';

export interface PublishResult {
  snapshotId: number;
  version: number;
  scopes: number;
}

/**
 * Publishes a closed round, or republishes a published one (a reason is then
 * required): in one transaction, freezes every scope's protected report (region,
 * each group, municipality and unit) as a new snapshot version, moves a closed
 * round to 'published' and writes the audit log. Earlier versions stay readable;
 * published figures never change afterwards, whatever happens to the data.
 * `publishedAt` back-dates the snapshot (demo data, imported history).
 */
export async function publishRound(
  db: Kysely<Database>,
  roundId: number,
  opts: { userId: number | null; reason?: string | null; publishedAt?: Date },
): Promise<PublishResult> {
  const reason = opts.reason?.trim() || null;
  return inTransaction(db, async (trx) => {
    const round = await lockRound(trx, roundId);
    if (round.status !== 'closed' && round.status !== 'published') {
      throw new DomainError('illegal_transition', `a ${round.status} round cannot be published`, 'status', 409);
    }
    if (round.status === 'published' && !reason) {
      throw new DomainError('validation_failed', 'give a reason for publishing a new version', 'reason');
    }
    await foldResponses(trx, roundId);
    const latest = await trx
      .selectFrom('published_snapshot')
      .select((eb) => eb.fn.max('version').as('v'))
      .where('round_id', '=', roundId)
      .executeTakeFirst();
    const version = (latest?.v ?? 0) + 1;
    const snapshot = await trx
      .insertInto('published_snapshot')
      .values({ round_id: roundId, version, reason, created_by: opts.userId, created_at: opts.publishedAt })
      .returning(['id', 'created_at'])
      .executeTakeFirstOrThrow();
    const ctx = await reportContext(trx, roundId);
    if (!ctx) throw new DomainError('not_found', 'no such round', 'id', 404);
    // The snapshot says 'published' even when it is frozen just before the status changes.
    ctx.round = { ...ctx.round, status: 'published' };
    const source = {
      kind: 'published' as const,
      version,
      publishedAt: new Date(snapshot.created_at).toISOString(),
      reason,
    };
    let batch: { snapshot_id: number; scope: string; report: ReturnType<typeof json> }[] = [];
    let scopes = 0;
    for await (const [scope, report] of allScopeReports(trx, ctx, source)) {
      batch.push({ snapshot_id: snapshot.id, scope, report: json(report) });
      scopes++;
      if (batch.length >= 100) {
        await trx.insertInto('snapshot_report').values(batch).execute();
        batch = [];
      }
    }
    if (batch.length) await trx.insertInto('snapshot_report').values(batch).execute();
    if (round.status === 'closed') {
      await transitionRound(trx, roundId, 'published', opts.userId, { version, ...(reason ? { reason } : {}) });
    } else {
      await recordAudit(trx, {
        userId: opts.userId,
        action: 'round.republished',
        entity: 'round',
        entityId: roundId,
        details: { version, reason },
      });
    }
    return { snapshotId: snapshot.id, version, scopes };
  });
}

/** The published versions of a round, newest first. */
export async function listSnapshots(db: Kysely<Database>, roundId: number) {
  const rows = await db
    .selectFrom('published_snapshot')
    .select(['id', 'version', 'reason', 'created_at'])
    .where('round_id', '=', roundId)
    .orderBy('version', 'desc')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    version: r.version,
    reason: r.reason,
    publishedAt: new Date(r.created_at).toISOString(),
  }));
}
