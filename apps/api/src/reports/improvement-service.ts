import {
  type Db,
  type ImprovementAreaRow,
  type TargetRound,
  findSnapshot,
  listImprovementAreas,
  targetRound,
} from '@gs/db';
import {
  DomainError,
  type ImprovementArea,
  type ImprovementAreaList,
  type ImprovementProgress,
  type ImprovementProgressQuery,
  type Translations,
  resolveTarget,
} from '@gs/schema';
import { type TargetToFollow, followTargets } from '@gs/stats';
import { type ScopeParam, type Viewer, getReport } from './report-service.ts';

const REGION: Translations = { fi: 'Koko alue', sv: 'Hela regionen', en: 'Whole region' };

/** Coordinators and the steering group set development targets; nobody else does. */
export const mayEditTargets = (viewer: Viewer) => viewer?.role === 'coordinator' || viewer?.role === 'steering_group';

async function roundOf(db: Db, slug: string): Promise<TargetRound> {
  const round = await targetRound(db, slug);
  if (!round || round.status === 'draft') throw new DomainError('not_found', `no round '${slug}'`, 'slug', 404);
  return round;
}

/**
 * Which scopes' targets of a round this reader may see: every scope once the round is
 * published (as its report is); before that coordinators and the steering group every scope,
 * a municipality contact the region's and their own municipality's, the public nothing.
 */
async function visibleScopes(db: Db, viewer: Viewer, round: TargetRound): Promise<(number | null)[] | 'all' | null> {
  if (mayEditTargets(viewer) || (await findSnapshot(db, round.id))) return 'all';
  if (viewer?.role === 'municipality_contact') return [null, viewer.municipalityId];
  return null;
}

function areaOf(row: ImprovementAreaRow, round: TargetRound, viewer: Viewer): ImprovementArea {
  const target = resolveTarget(round.def, row.kind, row.key);
  const scope = row.municipality_code === null ? 'region' : `municipality:${row.municipality_code}`;
  return {
    id: row.id,
    round: round.slug,
    scope,
    scopeNames: row.municipality_names ?? REGION,
    kind: row.kind,
    key: row.key,
    label: target?.label ?? { fi: row.key, sv: row.key, en: row.key },
    theme: target?.theme ?? { fi: row.key, sv: row.key, en: row.key },
    note: row.note,
    // The name of who decided is for signed-in readers; the public report shows the decision, not the person.
    decidedBy: viewer ? { id: row.decided_by, name: row.decided_by_name } : null,
    createdAt: new Date(row.created_at).toISOString(),
    updatedAt: new Date(row.updated_at).toISOString(),
  };
}

function keepScope(rows: ImprovementAreaRow[], scope: string | undefined) {
  if (scope === undefined) return rows;
  const code = scope === 'region' ? null : scope.slice('municipality:'.length);
  return rows.filter((r) => r.municipality_code === code);
}

/** The development targets set in a round, as this reader may see them, and whether they may still change. */
export async function listTargets(
  db: Db,
  viewer: Viewer,
  slug: string,
  scope: string | undefined,
): Promise<ImprovementAreaList> {
  const round = await roundOf(db, slug);
  const visible = await visibleScopes(db, viewer, round);
  if (visible === null) {
    throw new DomainError(
      'unauthorized',
      `sign in to see the targets of '${slug}': it is not published yet`,
      'slug',
      401,
    );
  }
  const rows = await listImprovementAreas(db, round.id, visible === 'all' ? {} : { municipalityIds: visible });
  const open = round.status === 'closed' || round.status === 'published';
  return {
    round: { slug: round.slug, year: round.year, status: round.status },
    nextRound: round.next && { slug: round.next.slug, year: round.next.year, status: round.next.status },
    frozen: round.frozen,
    editable: mayEditTargets(viewer) && open && !round.frozen,
    areas: keepScope(rows, scope).map((r) => areaOf(r, round, viewer)),
  };
}

/** One target as the list shows it (after it was created or edited). */
export async function targetOf(db: Db, viewer: Viewer, slug: string, id: number): Promise<ImprovementArea> {
  const round = await roundOf(db, slug);
  const row = (await listImprovementAreas(db, round.id)).find((r) => r.id === id);
  if (!row) throw new DomainError('not_found', `no development target ${id} in this round`, 'id', 404);
  return areaOf(row, round, viewer);
}

/**
 * How the previous round's development targets moved, on one report of this round: the
 * region's targets, and on a municipality's report also that municipality's. The figures
 * come from the very report the reader may open (same source, version and access rules),
 * already protected in both rounds; the statistics are the report's own change test.
 */
export async function targetProgress(
  db: Db,
  viewer: Viewer,
  slug: string,
  query: ImprovementProgressQuery,
): Promise<ImprovementProgress> {
  const param: ScopeParam =
    query.scope === 'region' ? { kind: 'region' } : { kind: 'municipality', code: query.scope.slice(13) };
  const report = await getReport(db, viewer, slug, param, { source: query.source, version: query.version });
  const base = {
    round: { slug: report.round.slug, year: report.round.year },
    previous: report.round.previous,
    scope: query.scope,
    scopeNames: report.scope.names,
    source: report.source,
  };
  const previous = report.round.previous && (await targetRound(db, report.round.previous.slug));
  if (!previous) return { ...base, targets: [] };
  const visible = await visibleScopes(db, viewer, previous);
  const code = param.kind === 'municipality' ? param.code : null;
  const rows = (visible === null ? [] : await listImprovementAreas(db, previous.id)).filter(
    (r) =>
      (r.municipality_code === null || r.municipality_code === code) &&
      (visible === 'all' || visible?.includes(r.municipality_id)),
  );
  const targets: TargetToFollow[] = rows.map((row) => {
    const keys = resolveTarget(previous.def, row.kind, row.key)?.itemKeys ?? [];
    const texts = new Map(previous.def.sections.flatMap((s) => s.items).map((i) => [i.key, i.text]));
    return {
      area: areaOf(row, previous, viewer),
      items: keys.map((key) => ({ key, text: texts.get(key) as Translations })),
    };
  });
  // A municipality's own targets first, then the region's as they show in the municipality.
  targets.sort((a, b) => Number(a.area.scope === 'region') - Number(b.area.scope === 'region'));
  return { ...base, targets: followTargets(report, targets) };
}
