import { type Kysely, sql } from 'kysely';
import type { FamilyKey, RoundStatus, ScopeReport, Translations } from '@gs/schema';
import { parseFineKey } from '@gs/stats';
import type { Database } from '../database.ts';
import { snapshotScopes } from './reports.ts';
import { withTexts } from './snapshot-texts.ts';

/** A round of a family as trends see it: status, instrument version and newest snapshot. */
export interface FamilyRound {
  id: number;
  slug: string;
  year: number;
  status: RoundStatus;
  versionId: number;
  snapshot: { id: number; version: number } | null;
}

/** The family's names and its rounds that have or may have reports (not drafts), oldest first. */
export async function familyRounds(
  db: Kysely<Database>,
  family: FamilyKey,
): Promise<{ names: Translations; rounds: FamilyRound[] } | undefined> {
  const f = await db.selectFrom('instrument_family').select('names').where('key', '=', family).executeTakeFirst();
  if (!f) return undefined;
  const { rows } = await sql<{
    id: number;
    slug: string;
    year: number;
    status: RoundStatus;
    version_id: number;
    snapshot_id: number | null;
    snapshot_version: number | null;
  }>`
    select r.id, r.slug, r.year, r.status, r.instrument_version_id as version_id,
      s.id as snapshot_id, s.version as snapshot_version
    from round r
    left join lateral (
      select id, version from published_snapshot where round_id = r.id order by version desc limit 1
    ) s on true
    where r.family_key = ${family} and r.status <> 'draft'
    order by r.year, r.id`.execute(db);
  return {
    names: f.names,
    rounds: rows.map((r) => ({
      id: r.id,
      slug: r.slug,
      year: r.year,
      status: r.status,
      versionId: r.version_id,
      snapshot:
        r.snapshot_id === null || r.snapshot_version === null
          ? null
          : { id: r.snapshot_id, version: r.snapshot_version },
    })),
  };
}

/**
 * Whether an item compares between two instrument versions of a family: the same
 * version, or the newer one descends from the older and every version on the way
 * keeps the item with lineage 'same' and the same type.
 */
export async function itemComparability(
  db: Kysely<Database>,
  family: FamilyKey,
): Promise<(olderVersionId: number, newerVersionId: number, itemKey: string) => boolean> {
  const [versions, items] = await Promise.all([
    db.selectFrom('instrument_version').select(['id', 'based_on_id']).where('family_key', '=', family).execute(),
    db
      .selectFrom('instrument_item')
      .innerJoin('instrument_version', 'instrument_version.id', 'instrument_item.version_id')
      .select(['instrument_item.version_id', 'instrument_item.key', 'instrument_item.type', 'instrument_item.lineage'])
      .where('instrument_version.family_key', '=', family)
      .execute(),
  ]);
  const parent = new Map(versions.map((v) => [v.id, v.based_on_id]));
  const item = new Map(items.map((i) => [`${i.version_id}:${i.key}`, i]));
  return (older, newer, key) => {
    if (older === newer) return item.has(`${older}:${key}`);
    const first = item.get(`${older}:${key}`);
    if (!first) return false;
    let v: number | null | undefined = newer;
    while (v !== older) {
      if (v === null || v === undefined) return false;
      const here = item.get(`${v}:${key}`);
      if (here?.lineage !== 'same' || here.type !== first.type) return false;
      v = parent.get(v);
    }
    return true;
  };
}

/** One scope's report from several snapshots at once, by snapshot id. */
export async function snapshotScopeOfMany(
  db: Kysely<Database>,
  snapshotIds: readonly number[],
  scope: string,
): Promise<Map<number, ScopeReport>> {
  if (snapshotIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('snapshot_report')
    .select(['snapshot_id', 'report'])
    .where('snapshot_id', 'in', [...snapshotIds])
    .where('scope', '=', scope)
    .execute();
  const reports = await withTexts(
    db,
    rows.map((r) => ({ snapshotId: r.snapshot_id, report: r.report })),
  );
  const found = new Map(rows.map((r, i) => [r.snapshot_id, reports[i] as ScopeReport]));
  // A finer scope that showed nothing is not stored; snapshotScopes rebuilds it.
  if (parseFineKey(scope)) {
    for (const id of snapshotIds.filter((x) => !found.has(x))) {
      const report = (await snapshotScopes(db, id, [scope])).get(scope);
      if (report) found.set(id, report);
    }
  }
  return found;
}
