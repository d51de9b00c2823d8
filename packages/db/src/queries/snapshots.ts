import { type Kysely, sql } from 'kysely';
import { DomainError } from '@gs/schema';
import {
  type ImportedMeanRow,
  type ImportedShape,
  importedMeansByScope,
  trimImportedReport,
  withImportedMeans,
} from '@gs/stats';
import type { Database } from '../database.ts';
import { json } from '../json.ts';
import { inTransaction } from '../transaction.ts';
import { foldResponses } from './aggregates.ts';
import { recordAudit } from './audit.ts';
import { allScopeReports, reportContext } from './reports.ts';
import { lockRound, transitionRound } from './rounds.ts';
import { withoutTexts } from './snapshot-texts.ts';

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
    // An imported round: without what its file never had; from a file of means and n, protection as
    // for any round, then the means.
    const shape = ctx.round.imported ? await importedShape(trx, roundId) : null;
    const means = ctx.round.imported?.meansOnly ? importedMeansByScope(await importedMeanRows(trx, roundId)) : null;
    for await (const [scope, computed] of allScopeReports(trx, ctx, source)) {
      // A file without units has no unit pages (the municipality pages list none).
      if (shape && !shape.units && scope.startsWith('unit:')) continue;
      const filled = means ? withImportedMeans(computed, scope, means) : computed;
      const report = shape ? trimImportedReport(filled, shape) : filled;
      batch.push({ snapshot_id: snapshot.id, scope, report: json(withoutTexts(report)) });
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

/** The means of a round imported from a means-only file (none for any other round). */
async function importedMeanRows(db: Kysely<Database>, roundId: number): Promise<ImportedMeanRow[]> {
  return db
    .selectFrom('imported_mean as i')
    .innerJoin('municipality as m', 'm.id', 'i.municipality_id')
    .select(['m.code as municipalityCode', 'i.unit_id as unitId', 'i.item_key as itemKey', 'i.n', 'i.mean', 'i.sd'])
    .where('i.round_id', '=', roundId)
    .execute();
}

/** The items an imported round has answers for, and whether its file breaks down by unit. */
export async function importedShape(db: Kysely<Database>, roundId: number): Promise<ImportedShape> {
  const items = await sql<{ item_key: string }>`select distinct item_key from answer_size_municipality
    where round_id = ${roundId}::int`.execute(db);
  const units = await sql<{ any: boolean }>`select exists (
      select 1 from response_count where round_id = ${roundId}::int and unit_id is not null
    ) as any`.execute(db);
  return { items: new Set(items.rows.map((r) => r.item_key)), units: units.rows[0]?.any === true };
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
