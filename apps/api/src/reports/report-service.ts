import {
  type Db,
  getSettings,
  type ReportContext,
  importedShape,
  type ScopeRequest,
  listSnapshots,
  liveReport,
  publishedReport,
  readerOf,
  reportContext,
  reportRounds,
  scopeKeyOf,
  stepLiveFigures,
  unitMunicipality,
} from '@gs/db';
import {
  type ContentLanguage,
  DomainError,
  FILTER_KINDS,
  completeLanguages,
  type ReportQuery,
  type ReportRoundDetail,
  type ReportRoundList,
  type ScopeReport,
} from '@gs/schema';
import { annotateReport, withoutUnits } from '@gs/stats';
import type { SessionUser } from '../env.ts';
import { cachedLiveReport } from './report-cache.ts';

/** Who is reading: nobody (the public) or a signed-in console user. */
export type Viewer = Pick<SessionUser, 'role' | 'municipalityId'> | null;

/** The scope of a report request as the routes take it. */
export type ScopeParam =
  | { kind: 'region'; group?: string; language?: string }
  | { kind: 'municipality'; code: string; group?: string; language?: string }
  | { kind: 'unit'; unitId: number };

/** Whether the reader may see live figures of this municipality (null: the region or another municipality). */
export function mayReadLive(viewer: Viewer, municipalityId: number | null): boolean {
  if (!viewer) return false;
  if (viewer.role === 'municipality_contact')
    return municipalityId !== null && viewer.municipalityId === municipalityId;
  return true;
}

/**
 * Whether the reader's live figures are those of the round's live step rather than the latest fold:
 * everybody below the steering group (municipality contacts). Coordinators and the steering group
 * see current figures. Why: docs/reports.md, "Live figures and differencing".
 */
export function readsStepped(viewer: Viewer): boolean {
  return viewer !== null && viewer.role !== 'coordinator' && viewer.role !== 'steering_group';
}

// How often a round is stepped at most, per database (LIVE_STEP_INTERVAL_MS; set by createApp).
const stepIntervals = new WeakMap<Db, number>();

/** Sets how often a round's live step may move at most (ms; 0: whenever a stepped reader reads). */
export function setLiveStepInterval(db: Db, ms: number) {
  stepIntervals.set(db, ms);
}

/**
 * The context this reader's live figures are computed in: for a stepped reader the round's live
 * step, checked first when a check is due (which folds and copies the units that gained a batch).
 */
export async function liveContextFor(db: Db, viewer: Viewer, ctx: ReportContext): Promise<ReportContext> {
  if (!readsStepped(viewer)) return ctx;
  await stepLiveFigures(db, ctx.roundId, { threshold: ctx.threshold, minIntervalMs: stepIntervals.get(db) });
  return { ...ctx, stepped: true };
}

/**
 * Stepped readers get no live figures split by group or answer language: those are not sums of
 * whole units, so a unit's batch could fall 4 + 1 into two groups and the 1 would show.
 */
export function assertMayReadLiveSplit(viewer: Viewer, split: { group?: string; language?: string }) {
  if (!readsStepped(viewer)) return;
  const field = split.group !== undefined ? 'group' : split.language !== undefined ? 'language' : undefined;
  if (field) {
    throw new DomainError(
      'forbidden',
      `live figures by ${field === 'group' ? 'group' : 'answer language'} are for coordinators and the steering group; published reports have them`,
      field,
      403,
    );
  }
}

/** Whether the reader may see a municipality's units: coordinators and the steering group all, a contact their own. */
export function mayReadUnits(viewer: Viewer, municipalityId: number): boolean {
  if (!viewer) return false;
  return viewer.role !== 'municipality_contact' || viewer.municipalityId === municipalityId;
}

/** A municipality report split by group: signed-in readers, and the public when the network allows it. */
export async function assertMayFilter(db: Db, viewer: Viewer, group: string | undefined) {
  if (group === undefined || viewer) return;
  if (!(await getSettings(db)).publicFilters.includes('group')) {
    throw new DomainError('unauthorized', 'sign in to filter municipalities by group', 'group', 401);
  }
}

/**
 * Views filtered by unit kind, provider or answer language: signed-in readers, and the public
 * only for the filters the network setting `publicFilters` lists. Each combines with the group
 * filter (finer filters, rule 8: where a combination cannot be protected the view says so).
 */
export async function assertMayFilterUnits(
  db: Db,
  viewer: Viewer,
  query: { group?: string; kind?: string; provider?: string; language?: string },
) {
  const fields = (['kind', 'provider', 'language'] as const).filter((f) => query[f] !== undefined);
  if (fields.length === 0) return;
  if (viewer) return;
  const allowed = (await getSettings(db)).publicFilters;
  const missing = fields.find((f) => !allowed.includes(f));
  if (missing) throw new DomainError('unauthorized', `sign in to filter by ${missing}`, missing, 401);
}

/** The group option of a round, or a 404 naming the field. */
export function groupOf(ctx: ReportContext, group: string | undefined) {
  if (group === undefined) return undefined;
  const option = ctx.def.group.options.find((o) => o.key === group);
  if (!option) throw new DomainError('not_found', `no group '${group}' in this round`, 'group', 404);
  return option;
}

/** An answer language of the round's instrument, or a 400 naming the field. */
export function languageOf(ctx: ReportContext, language: string | undefined) {
  if (language !== undefined && !completeLanguages(ctx.def).includes(language as ContentLanguage)) {
    throw new DomainError('validation_failed', `'${language}' is not a language of this round`, 'language', 400);
  }
  return language;
}

export async function contextOf(db: Db, slug: string): Promise<ReportContext> {
  const ctx = await reportContext(db, slug);
  if (!ctx || ctx.round.status === 'draft') throw new DomainError('not_found', `no round '${slug}'`, 'slug', 404);
  return ctx;
}

/** Rounds with reports: published ones for everybody, and rounds with live figures for signed-in readers. */
export async function listReportRounds(db: Db, viewer: Viewer): Promise<ReportRoundList> {
  const rows = await reportRounds(db, {
    municipalityId: viewer?.role === 'municipality_contact' ? viewer.municipalityId : null,
  });
  return {
    rounds: rows
      .filter((r) => r.published !== null || viewer !== null)
      .map(({ id: _id, ...r }) => ({ ...r, live: viewer !== null && !r.imported })),
  };
}

/** A round's published versions, municipalities and groups, and what the reader may see of it. */
export async function reportRoundDetail(db: Db, viewer: Viewer, slug: string): Promise<ReportRoundDetail> {
  const ctx = await contextOf(db, slug);
  const versions = (await listSnapshots(db, ctx.roundId)).map(({ id: _id, ...v }) => v);
  if (versions.length === 0 && !viewer)
    throw new DomainError('not_found', `'${slug}' is not published yet`, 'slug', 404);
  // An imported round has no live figures of its own and no split by group, unit kind or language,
  // and no units when its file has none.
  const imported = ctx.round.imported !== undefined;
  const units = imported ? (await importedShape(db, ctx.roundId)).units : true;
  return {
    round: ctx.round,
    versions,
    live: viewer !== null && !imported,
    municipalities: ctx.municipalities.map((m) => ({ code: m.code, names: m.names })),
    groups: imported ? [] : ctx.def.group.options.map((o) => ({ key: o.key, label: o.label })),
    unitsVisibleFor: units ? ctx.municipalities.filter((m) => mayReadUnits(viewer, m.id)).map((m) => m.code) : [],
    unitKinds: imported ? [] : ctx.def.unitKinds,
    languages: imported ? [] : completeLanguages(ctx.def),
    filters: viewer ? [...FILTER_KINDS] : (await getSettings(db)).publicFilters,
  };
}

/**
 * One scope's report for this reader. Published (a snapshot version) unless the
 * reader asks for live figures or the round has no snapshot yet; live figures only
 * for signed-in roles (a municipality contact: their own municipality), and units
 * only for roles that may see them. Protection is already applied in either source.
 */
export async function getReport(
  db: Db,
  viewer: Viewer,
  slug: string,
  param: ScopeParam,
  query: ReportQuery,
): Promise<ScopeReport> {
  const ctx = await contextOf(db, slug);
  let municipalityId: number | null = null;
  let scope: ScopeRequest;
  const language = param.kind === 'unit' ? undefined : languageOf(ctx, param.language);
  const filtered = {
    ...(param.kind !== 'unit' && param.group !== undefined ? { group: param.group } : {}),
    ...(language !== undefined ? { language } : {}),
  };
  if (param.kind !== 'unit') await assertMayFilterUnits(db, viewer, filtered);
  if (param.kind === 'region') {
    groupOf(ctx, param.group);
    scope = { kind: 'region', ...filtered };
  } else if (param.kind === 'municipality') {
    const m = ctx.municipalities.find((x) => x.code === param.code);
    if (!m) throw new DomainError('not_found', `municipality ${param.code} is not in this round`, 'code', 404);
    groupOf(ctx, param.group);
    await assertMayFilter(db, viewer, param.group);
    municipalityId = m.id;
    scope =
      param.group === undefined && language === undefined
        ? { kind: 'municipality', code: m.code, units: mayReadUnits(viewer, m.id) }
        : { kind: 'municipality', code: m.code, units: false, ...filtered };
  } else {
    if (!viewer) throw new DomainError('unauthorized', 'sign in to see unit figures', undefined, 401);
    const m = await unitMunicipality(db, ctx, param.unitId);
    if (!m) throw new DomainError('not_found', `unit ${param.unitId} is not in this round`, 'unitId', 404);
    if (!mayReadUnits(viewer, m.id))
      throw new DomainError('forbidden', 'this unit is not in your municipality', 'unitId', 403);
    municipalityId = m.id;
    scope = { kind: 'unit', unitId: param.unitId };
  }

  const wantsLive = query.source === 'live';
  // Figures are read from the replica when there is one (DATABASE_REPLICA_URL); folds stay on the primary.
  const read = readerOf(db);
  if (!wantsLive) {
    const key = scopeKeyOf(scope);
    const report =
      (await publishedReport(read, ctx.roundId, key, query.version)) ??
      (read === db ? null : await publishedReport(db, ctx.roundId, key, query.version));
    if (report) {
      if (scope.kind === 'municipality' && !scope.units) return annotateReport(withoutUnits(report));
      return annotateReport(report);
    }
    if (query.source === 'published' || query.version !== undefined || !viewer) {
      throw new DomainError(
        'not_found',
        query.version === undefined ? `'${slug}' is not published yet` : `'${slug}' has no version ${query.version}`,
        'version',
        404,
      );
    }
  }
  if (!viewer) throw new DomainError('unauthorized', 'sign in to see live figures', 'source', 401);
  if (!mayReadLive(viewer, municipalityId)) {
    throw new DomainError('forbidden', 'live figures of your own municipality only', 'source', 403);
  }
  assertMayReadLiveSplit(viewer, filtered);
  const live = await liveContextFor(db, viewer, ctx);
  return cachedLiveReport(db, read, live, scope, viewer, async (fold) =>
    annotateReport(await liveReport(db, live, scope, { read, fold })),
  );
}
