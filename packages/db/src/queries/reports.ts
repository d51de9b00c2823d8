import { type Kysely, sql } from 'kysely';
import {
  InstrumentDefinition,
  completeLanguages,
  type ImportedMark,
  type ReportRound,
  type ReportSource,
  type RoundStatus,
  type ScopeReport,
  type Translations,
} from '@gs/schema';
import {
  type FineFilter,
  type Place,
  RoundReportBuilder,
  fineSuffix,
  isInformative,
  parseFineKey,
  type RoundInput,
  type UnitFilter,
  type UnitInput,
  type UnitPlace,
  type UnitSizeRow,
  withheldFineReport,
} from '@gs/stats';
import type { Database } from '../database.ts';
import { liveSource } from '../replica.ts';
import {
  aggregateTable,
  type FigureSource,
  foldResponses,
  municipalityCounts,
  municipalityGroupCounts,
  municipalitySizes,
  municipalityTotals,
  regionCounts,
  responseCountRows,
  unitCounts,
  unitSizes,
  unitSizesOfRound,
} from './aggregates.ts';
import { classCounts, languageCells } from './filters.ts';
import { steppedSource } from './live-steps.ts';
import { withTexts } from './snapshot-texts.ts';
import { getSettings } from './settings.ts';

/** A round as reports see it: metadata, instrument, municipalities and what it compares with. */
export interface ReportContext {
  roundId: number;
  round: ReportRound;
  def: InstrumentDefinition;
  municipalities: Place[];
  threshold: number;
  previous: { id: number; slug: string; year: number; status: RoundStatus } | null;
  /** Items comparable with the previous round: all of them on the same instrument version, else lineage 'same'. */
  comparable: Set<string>;
  /**
   * Live figures from the round's live step rather than the latest fold: what readers below the
   * steering group see (queries/live-steps.ts, docs/reports.md "Live figures and differencing").
   */
  stepped?: boolean;
}

/**
 * Which report to build: the region (optionally one group of it), a municipality, or a unit.
 * `filter`: the region or municipality filtered by unit kind and provider; `language`: by answer
 * language. A language, or a group with a unit filter, is a finer filter (`isFine`).
 */
export type ScopeRequest =
  | { kind: 'region'; group?: string; filter?: UnitFilter; language?: string }
  | { kind: 'municipality'; code: string; units: boolean; group?: string; filter?: UnitFilter; language?: string }
  | { kind: 'unit'; unitId: number };

/** A unit filter as a scope key suffix ('kind:ecec/provider:private'), or '' when it filters nothing. */
export function filterSuffix(filter: UnitFilter | undefined): string {
  return [
    ...(filter?.kind ? [`kind:${filter.kind}`] : []),
    ...(filter?.provider ? [`provider:${filter.provider}`] : []),
  ].join('/');
}

/** Whether a scope is filtered by answer language, or by group together with kind or provider. */
export const isFine = (scope: ScopeRequest): boolean =>
  scope.kind !== 'unit' &&
  (scope.language !== undefined || (scope.group !== undefined && filterSuffix(scope.filter) !== ''));

/** A finer filter of a scope request, as the report builder takes it. */
const fineFilterOf = (scope: Exclude<ScopeRequest, { kind: 'unit' }>): FineFilter => ({
  ...(scope.group !== undefined ? { group: scope.group } : {}),
  ...scope.filter,
  ...(scope.language !== undefined ? { language: scope.language } : {}),
});

/** A region or municipality filtered by answer language, or by group with kind or provider. */
function fineReport(builder: RoundReportBuilder, ctx: ReportContext, scope: Exclude<ScopeRequest, { kind: 'unit' }>) {
  const m = scope.kind === 'municipality' ? ctx.municipalities.find((x) => x.code === scope.code) : undefined;
  if (scope.kind === 'municipality' && !m) throw new Error('scope outside the round');
  return builder.fineFiltered(m?.id ?? null, fineFilterOf(scope));
}

/**
 * Every finer filter a snapshot stores for each scope: each group with each unit filter, and
 * each answer language of the instrument alone, with each group, each unit filter, and both.
 */
export function fineFiltersOf(ctx: ReportContext): FineFilter[] {
  const groups = [undefined, ...ctx.def.group.options.map((o) => o.key)];
  const units = [undefined, ...unitFiltersOf(ctx)];
  const languages = [undefined, ...completeLanguages(ctx.def)];
  return languages.flatMap((language) =>
    groups.flatMap((group) =>
      units.flatMap((unit): FineFilter[] =>
        language === undefined && (group === undefined || unit === undefined) ? [] : [{ group, ...unit, language }],
      ),
    ),
  );
}

export function scopeKeyOf(scope: ScopeRequest): string {
  if (isFine(scope) && scope.kind !== 'unit') {
    return `${scope.kind === 'region' ? 'region' : `municipality:${scope.code}`}/${fineSuffix(fineFilterOf(scope))}`;
  }
  if (scope.kind !== 'unit' && filterSuffix(scope.filter)) {
    const base = scope.kind === 'region' ? 'region' : `municipality:${scope.code}`;
    return `${base}/${filterSuffix(scope.filter)}`;
  }
  if (scope.kind === 'region') return scope.group ? `group:${scope.group}` : 'region';
  if (scope.kind === 'municipality')
    return scope.group ? `municipality:${scope.code}/group:${scope.group}` : `municipality:${scope.code}`;
  return `unit:${scope.unitId}`;
}

const isFiltered = (scope: ScopeRequest) =>
  scope.kind !== 'unit' && !isFine(scope) && filterSuffix(scope.filter) !== '';

/** Every filter by unit kind and provider a round's views offer: each kind, each provider, and each pair. */
export function unitFiltersOf(ctx: ReportContext): UnitFilter[] {
  const providers = ['municipal', 'private'];
  return [
    ...ctx.def.unitKinds.map((kind) => ({ kind })),
    ...providers.map((provider) => ({ provider })),
    ...ctx.def.unitKinds.flatMap((kind) => providers.map((provider) => ({ kind, provider }))),
  ];
}

// Parsed questionnaires by version and texts revision: a translation imported into a version in use
// bumps the revision, so reports offer the new language at once (as the survey does).
const definitions = new Map<string, InstrumentDefinition>();

/** The report context of a round by slug (or id), or undefined when there is no such round. */
export async function reportContext(db: Kysely<Database>, round: string | number): Promise<ReportContext | undefined> {
  const { rows } = await sql<{
    id: number;
    slug: string;
    family_key: ReportRound['family'];
    year: number;
    opens_on: string;
    closes_on: string;
    status: RoundStatus;
    instrument_version_id: number;
    definition: unknown;
    texts_revision: number;
    family_names: Translations;
    imported_source: string | null;
    imported_format: string | null;
  }>`
    select r.id, r.slug, r.family_key, r.year, r.opens_on::text as opens_on, r.closes_on::text as closes_on,
      r.status, r.instrument_version_id, v.definition, v.texts_revision, f.names as family_names,
      h.source as imported_source, h.format as imported_format
    from round r
    join instrument_version v on v.id = r.instrument_version_id
    join instrument_family f on f.key = r.family_key
    left join history_import h on h.round_id = r.id
    where ${typeof round === 'number' ? sql`r.id = ${round}::int` : sql`r.slug = ${round}`}`.execute(db);
  const row = rows[0];
  if (!row) return undefined;
  const defKey = `${row.instrument_version_id}/${row.texts_revision}`;
  let def = definitions.get(defKey);
  if (!def) {
    def = InstrumentDefinition.parse(typeof row.definition === 'string' ? JSON.parse(row.definition) : row.definition);
    definitions.set(defKey, def);
  }
  const [municipalities, previous, settings] = await Promise.all([
    db
      .selectFrom('round_municipality')
      .innerJoin('municipality', 'municipality.id', 'round_municipality.municipality_id')
      .select(['municipality.id', 'municipality.code', 'municipality.names'])
      .where('round_municipality.round_id', '=', row.id)
      .orderBy('municipality.code')
      .execute(),
    db
      .selectFrom('round')
      .select(['id', 'slug', 'year', 'status', 'instrument_version_id'])
      .where('family_key', '=', row.family_key)
      .where('year', '<', row.year)
      .orderBy('year', 'desc')
      .limit(1)
      .executeTakeFirst(),
    getSettings(db),
  ]);
  const comparable = new Set<string>();
  if (previous) {
    const sameVersion = previous.instrument_version_id === row.instrument_version_id;
    const items = await sql<{ key: string }>`
      select i.key from instrument_item i
      where i.version_id = ${row.instrument_version_id}::int and i.type <> 'open'
        ${
          sameVersion
            ? sql``
            : sql`and i.lineage = 'same' and exists (
                select 1 from instrument_item p
                where p.version_id = ${previous.instrument_version_id}::int and p.key = i.key and p.type = i.type)`
        }`.execute(db);
    for (const i of items.rows) comparable.add(i.key);
  }
  return {
    roundId: row.id,
    round: {
      slug: row.slug,
      year: row.year,
      family: row.family_key,
      familyNames: row.family_names,
      title: def.title,
      status: row.status,
      opensOn: row.opens_on,
      closesOn: row.closes_on,
      previous: previous ? { slug: previous.slug, year: previous.year } : null,
      ...(row.imported_source !== null
        ? { imported: { source: row.imported_source, meansOnly: row.imported_format === 'means' } }
        : {}),
    },
    def,
    municipalities,
    threshold: settings.suppressionThreshold,
    previous: previous ? { id: previous.id, slug: previous.slug, year: previous.year, status: previous.status } : null,
    comparable,
  };
}

export interface ReportRoundRow {
  id: number;
  slug: string;
  year: number;
  family: ReportRound['family'];
  familyNames: Translations;
  title: Translations;
  status: RoundStatus;
  published: { version: number; publishedAt: string } | null;
  /** Set when the round was imported from an earlier tool (history import). */
  imported?: ImportedMark;
}

/**
 * Rounds that have or may have reports (every status but draft), newest first, with
 * their newest published version; `municipalityId` keeps those the municipality is in.
 */
export async function reportRounds(
  db: Kysely<Database>,
  opts: { municipalityId?: number | null } = {},
): Promise<ReportRoundRow[]> {
  const { rows } = await sql<{
    id: number;
    slug: string;
    year: number;
    family: ReportRound['family'];
    family_names: Translations;
    definition: unknown;
    status: RoundStatus;
    version: number | null;
    published_at: Date | string | null;
    imported_source: string | null;
    imported_format: string | null;
  }>`
    select r.id, r.slug, r.year, r.family_key as family, f.names as family_names, v.definition, r.status,
      s.version, s.created_at as published_at, h.source as imported_source, h.format as imported_format
    from round r
    left join history_import h on h.round_id = r.id
    join instrument_family f on f.key = r.family_key
    join instrument_version v on v.id = r.instrument_version_id
    left join lateral (
      select version, created_at from published_snapshot where round_id = r.id order by version desc limit 1
    ) s on true
    where r.status <> 'draft'
      ${
        opts.municipalityId
          ? sql`and exists (select 1 from round_municipality m
                 where m.round_id = r.id and m.municipality_id = ${opts.municipalityId}::int)`
          : sql``
      }
    order by r.year desc, r.id desc`.execute(db);
  return rows.map((r) => {
    const def = (typeof r.definition === 'string' ? JSON.parse(r.definition) : r.definition) as { title: Translations };
    return {
      id: r.id,
      slug: r.slug,
      year: r.year,
      family: r.family,
      familyNames: r.family_names,
      title: def.title,
      status: r.status,
      published:
        r.version === null || r.published_at === null
          ? null
          : { version: r.version, publishedAt: new Date(r.published_at).toISOString() },
      ...(r.imported_source !== null
        ? { imported: { source: r.imported_source, meansOnly: r.imported_format === 'means' } }
        : {}),
    };
  });
}

/**
 * The units listed for a municipality in a round (or, with null, for every municipality
 * of the round): active that year and of a kind the instrument covers, or answered for.
 */
export async function reportUnits(db: Kysely<Database>, ctx: ReportContext, municipalityId: number | null) {
  const { rows } = await sql<UnitPlace>`
    select u.id, u.code, u.names, u.municipality_id as "municipalityId", u.kind, u.provider from unit u
    where ${
      municipalityId === null
        ? sql`u.municipality_id in (select municipality_id from round_municipality where round_id = ${ctx.roundId}::int)`
        : sql`u.municipality_id = ${municipalityId}::int`
    }
      and ((u.active_from <= ${ctx.round.year}::int and (u.active_to is null or u.active_to >= ${ctx.round.year}::int)
            and u.kind in (${sql.join(ctx.def.unitKinds.map((k) => sql`${k}`))}))
        or exists (select 1 from ${aggregateTable('response_count', ctx, 'c')}
                   where c.round_id = ${ctx.roundId}::int and c.municipality_id = u.municipality_id and c.unit_id = u.id))
    order by u.municipality_id, u.code`.execute(db);
  return rows;
}

/**
 * What a report needs besides units: `grouped` lists the items whose sizes it needs by
 * group (all of them, or only some; the others come as municipality totals), `counts`
 * which municipalities' and items' value counts it shows.
 */
async function roundInput(
  db: Kysely<Database>,
  ctx: ReportContext,
  source: ReportSource,
  grouped: string[] | 'all',
  counts: {
    municipalityIds?: number[];
    itemKeys?: string[];
    group?: string | 'every';
    classes?: boolean;
    /** The cells by answer language (finer filters; needs `group: 'every'` and `classes`). */
    cells?: boolean;
  },
): Promise<RoundInput> {
  const group = counts.group;
  const everyUnit = group !== undefined || counts.classes === true;
  const figures: FigureSource = { stepped: ctx.stepped };
  const [sizes, totals, region, municipality, responses, base, byGroup, allUnits, byClass, cells] = await Promise.all([
    municipalitySizes(db, ctx.roundId, grouped === 'all' ? figures : { itemKeys: grouped, ...figures }),
    grouped === 'all' ? [] : municipalityTotals(db, ctx.roundId, figures),
    regionCounts(db, ctx.roundId, figures),
    municipalityCounts(db, ctx.roundId, { ...counts, ...figures }),
    responseCountRows(db, ctx.roundId, figures),
    db
      .selectFrom('base_count')
      .select(['municipality_id as municipalityId', 'unit_id as unitId', 'group_key as groupKey', 'enrolled'])
      .where('round_id', '=', ctx.roundId)
      .execute(),
    group === undefined
      ? []
      : municipalityGroupCounts(db, ctx.roundId, {
          municipalityIds: counts.municipalityIds,
          itemKeys: counts.itemKeys,
          groupKey: group === 'every' ? undefined : group,
          ...figures,
        }),
    everyUnit ? everyMunicipalityUnits(db, ctx) : undefined,
    counts.classes ? classCounts(db, ctx.roundId, figures) : undefined,
    counts.cells ? languageCells(db, ctx.roundId, figures) : undefined,
  ]);
  return {
    threshold: ctx.threshold,
    round: ctx.round,
    def: ctx.def,
    source,
    municipalities: ctx.municipalities,
    comparable: ctx.comparable,
    sizes,
    groupedItems: grouped === 'all' ? 'all' : new Set(grouped),
    totals,
    regionCounts: region,
    municipalityCounts: municipality,
    responses,
    base,
    municipalityGroupCounts: byGroup,
    allUnits,
    classCounts: byClass,
    cells,
  };
}

/** Every municipality's units with their sizes (no value counts): what protection by group needs. */
async function everyMunicipalityUnits(db: Kysely<Database>, ctx: ReportContext): Promise<UnitInput[]> {
  const [units, sizes] = await Promise.all([
    reportUnits(db, ctx, null),
    unitSizesOfRound(db, ctx.roundId, { stepped: ctx.stepped }),
  ]);
  const byMunicipality = new Map(
    ctx.municipalities.map((m): [number, UnitInput & { units: UnitPlace[]; sizes: UnitSizeRow[] }] => [
      m.id,
      { municipalityId: m.id, units: [], sizes: [], counts: [] },
    ]),
  );
  for (const u of units) byMunicipality.get(u.municipalityId)?.units.push(u);
  for (const r of sizes) byMunicipality.get(r.municipalityId)?.sizes.push(r);
  return [...byMunicipality.values()];
}

async function unitInput(
  db: Kysely<Database>,
  ctx: ReportContext,
  municipalityId: number,
  counts: { unitIds?: number[]; itemKeys?: string[] },
): Promise<UnitInput> {
  const [units, sizes, unitRows] = await Promise.all([
    reportUnits(db, ctx, municipalityId),
    // Every item's sizes: units are protected across measures jointly (jointly in packages/stats).
    unitSizes(db, ctx.roundId, municipalityId, { stepped: ctx.stepped }),
    unitCounts(db, ctx.roundId, municipalityId, { ...counts, stepped: ctx.stepped }),
  ]);
  return { municipalityId, units, sizes, counts: unitRows };
}

/** The municipality a unit belongs to, when the unit exists and its municipality takes part in the round. */
export async function unitMunicipality(db: Kysely<Database>, ctx: ReportContext, unitId: number) {
  const unit = await db
    .selectFrom('unit')
    .select(['id', 'municipality_id'])
    .where('id', '=', unitId)
    .executeTakeFirst();
  return unit ? ctx.municipalities.find((m) => m.id === unit.municipality_id) : undefined;
}

/** The newest published snapshot of a round, or the given version. */
export async function findSnapshot(db: Kysely<Database>, roundId: number, version?: number) {
  let q = db
    .selectFrom('published_snapshot')
    .select(['id', 'version', 'reason', 'created_at'])
    .where('round_id', '=', roundId)
    .orderBy('version', 'desc')
    .limit(1);
  if (version !== undefined) q = q.where('version', '=', version);
  return q.executeTakeFirst();
}

async function storedScopes(
  db: Kysely<Database>,
  snapshotId: number,
  scopes: readonly string[],
): Promise<Map<string, ScopeReport>> {
  if (scopes.length === 0) return new Map();
  const rows = await db
    .selectFrom('snapshot_report')
    .select(['scope', 'report'])
    .where('snapshot_id', '=', snapshotId)
    .where('scope', 'in', [...scopes])
    .execute();
  const reports = await withTexts(
    db,
    rows.map((r) => ({ snapshotId, report: r.report })),
  );
  return new Map(rows.map((r, i) => [r.scope, reports[i] as ScopeReport]));
}

/**
 * Reports of some scopes of a snapshot, by scope key. A snapshot stores the finer scopes (answer
 * language, group with kind or provider) only where they show something: the others are rebuilt
 * here from the scope's unfiltered report (`withheldFineReport`), equal to what was computed at
 * publishing. So they are also answered, every figure withheld, for versions published before
 * finer filters existed.
 */
export async function snapshotScopes(
  db: Kysely<Database>,
  snapshotId: number,
  scopes: readonly string[],
): Promise<Map<string, ScopeReport>> {
  const found = await storedScopes(db, snapshotId, scopes);
  const missing = scopes.flatMap((key) => {
    const fine = found.has(key) ? null : parseFineKey(key);
    return fine ? [{ key, ...fine }] : [];
  });
  if (missing.length === 0) return found;
  const bases = await storedScopes(db, snapshotId, [...new Set(['region', ...missing.map((f) => f.base)])]);
  const groups = bases.get('region')?.groups ?? [];
  for (const { key, base, filter } of missing) {
    const report = bases.get(base);
    if (!report) continue;
    const group = filter.group === undefined ? null : groups.find((g) => g.key === filter.group);
    if (group === undefined) continue;
    const place =
      report.scope.kind === 'municipality' ? { code: report.scope.code ?? '', names: report.scope.names } : null;
    found.set(key, withheldFineReport(report, place, filter, group));
  }
  return found;
}

/** A published report of one scope (newest version unless `version` is given), or undefined. */
export async function publishedReport(
  db: Kysely<Database>,
  roundId: number,
  scopeKey: string,
  version?: number,
): Promise<ScopeReport | undefined> {
  const snapshot = await findSnapshot(db, roundId, version);
  if (!snapshot) return undefined;
  return (await snapshotScopes(db, snapshot.id, [scopeKey])).get(scopeKey);
}

/**
 * The same scope in the previous round of the family: from its newest published
 * snapshot, or (`live`, for signed-in readers) computed live when it has none.
 */
async function previousReport(
  db: Kysely<Database>,
  read: Kysely<Database>,
  ctx: ReportContext,
  scope: ScopeRequest,
  live: boolean,
): Promise<ScopeReport | null> {
  if (!ctx.previous) return null;
  const published = await publishedReport(read, ctx.previous.id, scopeKeyOf(scope));
  if (published) return published;
  if (!live) return null;
  const previousCtx = await reportContext(read, ctx.previous.id);
  if (!previousCtx) return null;
  await foldResponses(db, previousCtx.roundId);
  // A stepped reader gets the previous round as of its own live step (taken when it was read live).
  const stepped = ctx.stepped ? { ...previousCtx, stepped: true } : previousCtx;
  return buildLiveReport(db, read, stepped, scope, { previousLive: false }).catch(() => null);
}

/**
 * A report computed from the current aggregates (after folding in new responses),
 * with small-group protection applied. Previous-round figures come from that round's
 * snapshot, or with `previousLive` (default) from its live aggregates when it has none.
 * Callers check that the scope belongs to the round first. The fold writes to `db`; with
 * `read` (a replica of it) the figures are read there, and the source says how far it lags.
 */
export async function liveReport(
  db: Kysely<Database>,
  ctx: ReportContext,
  scope: ScopeRequest,
  opts: { previousLive?: boolean; read?: Kysely<Database>; fold?: boolean } = {},
): Promise<ScopeReport> {
  // fold: false when the caller relies on the background fold (apps/api/src/reports/report-cache.ts).
  if (opts.fold !== false) await foldResponses(db, ctx.roundId);
  return buildLiveReport(db, opts.read ?? db, ctx, scope, { previousLive: opts.previousLive ?? true });
}

/** The source of live figures: the latest fold, or for a stepped context the round's live step. */
function liveSourceOf(primary: Kysely<Database>, read: Kysely<Database>, ctx: ReportContext): Promise<ReportSource> {
  return ctx.stepped ? steppedSource(read, ctx.roundId, ctx.threshold) : liveSource(primary, read);
}

/** `db` is where the figures are read: the primary, or a replica of it (folds go to `primary`). */
async function buildLiveReport(
  primary: Kysely<Database>,
  db: Kysely<Database>,
  ctx: ReportContext,
  scope: ScopeRequest,
  opts: { previousLive: boolean },
): Promise<ScopeReport> {
  const source = await liveSourceOf(primary, db, ctx);
  const previous = await previousReport(primary, db, ctx, scope, opts.previousLive);
  const gradeKey = ctx.def.sections.flatMap((s) => s.items).find((i) => i.type === 'grade')?.key;
  const grade = gradeKey ? [gradeKey] : [];
  if (isFine(scope) && scope.kind !== 'unit') {
    const input = await roundInput(db, ctx, source, 'all', {
      group: 'every',
      classes: true,
      cells: true,
      itemKeys: [],
    });
    return fineReport(new RoundReportBuilder(input), ctx, scope);
  }
  if (isFiltered(scope) && scope.kind !== 'unit') {
    const input = await roundInput(db, ctx, source, 'all', { group: 'every', classes: true, itemKeys: [] });
    const builder = new RoundReportBuilder(input);
    const m = scope.kind === 'municipality' ? ctx.municipalities.find((x) => x.code === scope.code) : undefined;
    if (scope.kind === 'municipality' && !m) throw new Error('scope outside the round');
    return builder.filtered(m?.id ?? null, scope.filter ?? {});
  }
  if (scope.kind === 'region') {
    // The whole region's items need no protection pattern; a group's do, against every municipality.
    const grouped = scope.group === undefined ? grade : 'all';
    const input = await roundInput(db, ctx, source, grouped, { itemKeys: grade });
    return new RoundReportBuilder(input).region({ group: scope.group, previous });
  }
  const municipality =
    scope.kind === 'municipality'
      ? ctx.municipalities.find((m) => m.code === scope.code)
      : await unitMunicipality(db, ctx, scope.unitId);
  if (!municipality) throw new Error('scope outside the round');
  if (scope.kind === 'municipality' && scope.group !== undefined) {
    // By group: the whole protection pattern, every municipality's units included.
    const input = await roundInput(db, ctx, source, 'all', { municipalityIds: [municipality.id], group: scope.group });
    return new RoundReportBuilder(input).municipality(municipality.id, { group: scope.group, previous });
  }
  if (scope.kind === 'municipality') {
    // Without units only the grade needs sizes by group; units are protected across every measure, which needs all.
    const input = await roundInput(db, ctx, source, scope.units ? 'all' : grade, {
      municipalityIds: [municipality.id],
    });
    const builder = new RoundReportBuilder(input);
    if (!scope.units) {
      const hasUnits = (await reportUnits(db, ctx, municipality.id)).length > 0;
      return builder.municipality(municipality.id, { hasUnits, previous });
    }
    const units = await unitInput(db, ctx, municipality.id, { itemKeys: grade });
    return builder.municipality(municipality.id, { units, previous });
  }
  const input = await roundInput(db, ctx, source, 'all', { municipalityIds: [municipality.id] });
  const units = await unitInput(db, ctx, municipality.id, { unitIds: [scope.unitId] });
  return new RoundReportBuilder(input).unit(units, scope.unitId, { previous });
}

/**
 * Every scope of a round at once (for a snapshot): the region, each group of it, each
 * municipality with its units, and each unit. Previous-round figures come from the
 * previous round's newest published snapshot only.
 */
export async function* allScopeReports(
  db: Kysely<Database>,
  ctx: ReportContext,
  source: ReportSource,
): AsyncGenerator<[string, ScopeReport]> {
  const previousSnapshot = ctx.previous ? await findSnapshot(db, ctx.previous.id) : undefined;
  const previousOf = async (keys: string[]) =>
    previousSnapshot ? snapshotScopes(db, previousSnapshot.id, keys) : new Map<string, ScopeReport>();
  const builder = new RoundReportBuilder(
    await roundInput(db, ctx, source, 'all', { group: 'every', classes: true, cells: true }),
  );
  const fineFilters = fineFiltersOf(ctx);
  const groupKeys = ctx.def.group.options.map((o) => `group:${o.key}`);
  const before = await previousOf(['region', ...groupKeys]);
  yield ['region', builder.region({ previous: before.get('region') ?? null })];
  for (const o of ctx.def.group.options) {
    const key = `group:${o.key}`;
    yield [key, builder.region({ group: o.key, previous: before.get(key) ?? null })];
  }
  const filters = unitFiltersOf(ctx);
  for (const filter of filters) {
    yield [scopeKeyOf({ kind: 'region', filter }), builder.filtered(null, filter)];
  }
  // Finer scopes that show nothing are not stored: snapshotScopes rebuilds them (withheldFineReport).
  for (const filter of fineFilters) {
    const report = builder.fineStored(null, filter);
    if (report && isInformative(report)) yield [`region/${fineSuffix(filter)}`, report];
  }
  const allUnits = new Map((builder.input.allUnits ?? []).map((u) => [u.municipalityId, u]));
  for (const m of ctx.municipalities) {
    // The same unit sizes as protection by group used, so the builder computes unit protection once.
    const sized = allUnits.get(m.id);
    const units = sized
      ? { ...sized, counts: await unitCounts(db, ctx.roundId, m.id, {}) }
      : await unitInput(db, ctx, m.id, {});
    const key = `municipality:${m.code}`;
    const unitKeys = units.units.map((u) => `unit:${u.id}`);
    const earlier = await previousOf([key, ...unitKeys]);
    yield [key, builder.municipality(m.id, { units, previous: earlier.get(key) ?? null })];
    for (const u of units.units) {
      yield [`unit:${u.id}`, builder.unit(units, u.id, { previous: earlier.get(`unit:${u.id}`) ?? null })];
    }
    const filtered = ctx.def.group.options.map((o) => `${key}/group:${o.key}`);
    const earlierFiltered = await previousOf(filtered);
    for (const [i, o] of ctx.def.group.options.entries()) {
      const k = filtered[i] as string;
      yield [
        k,
        builder.municipality(m.id, {
          group: o.key,
          previous: earlierFiltered.get(k) ?? null,
        }),
      ];
    }
    for (const filter of filters) {
      yield [scopeKeyOf({ kind: 'municipality', code: m.code, units: false, filter }), builder.filtered(m.id, filter)];
    }
    for (const filter of fineFilters) {
      const report = builder.fineStored(m.id, filter);
      if (report && isInformative(report)) yield [`${key}/${fineSuffix(filter)}`, report];
    }
  }
}

/**
 * Several scopes of a round computed live at once (after folding), without
 * previous-round figures: what tables and trends need. One protection pattern
 * serves every scope, so the figures are the same as in each scope's own report. The fold
 * writes to `primary`; with `read` (a replica of it) the figures are read there.
 */
export async function liveReports(
  primary: Kysely<Database>,
  ctx: ReportContext,
  scopes: readonly ScopeRequest[],
  opts: { read?: Kysely<Database> } = {},
): Promise<Map<string, ScopeReport>> {
  await foldResponses(primary, ctx.roundId);
  const db = opts.read ?? primary;
  const source = await liveSourceOf(primary, db, ctx);
  const groups = new Set(scopes.flatMap((s) => (s.kind === 'municipality' && s.group ? [s.group] : [])));
  const cells = scopes.some(isFine);
  const classes = cells || scopes.some(isFiltered);
  const builder = new RoundReportBuilder(
    await roundInput(db, ctx, source, 'all', {
      group: classes ? 'every' : groups.size === 0 ? undefined : groups.size === 1 ? [...groups][0] : 'every',
      classes,
      cells,
    }),
  );
  const unitsOf = new Map<number, UnitInput>();
  const out = new Map<string, ScopeReport>();
  for (const scope of scopes) {
    if (isFine(scope) && scope.kind !== 'unit') {
      out.set(scopeKeyOf(scope), fineReport(builder, ctx, scope));
      continue;
    }
    if (isFiltered(scope) && scope.kind !== 'unit') {
      const m = scope.kind === 'municipality' ? ctx.municipalities.find((x) => x.code === scope.code) : undefined;
      if (scope.kind === 'municipality' && !m) throw new Error('scope outside the round');
      out.set(scopeKeyOf(scope), builder.filtered(m?.id ?? null, scope.filter ?? {}));
      continue;
    }
    if (scope.kind === 'region') {
      out.set(scopeKeyOf(scope), builder.region({ group: scope.group }));
      continue;
    }
    const municipality =
      scope.kind === 'municipality'
        ? ctx.municipalities.find((m) => m.code === scope.code)
        : await unitMunicipality(db, ctx, scope.unitId);
    if (!municipality) throw new Error('scope outside the round');
    let units = unitsOf.get(municipality.id);
    if (!units && (scope.kind === 'unit' || scope.units) && !(scope.kind === 'municipality' && scope.group)) {
      units = await unitInput(db, ctx, municipality.id, {});
      unitsOf.set(municipality.id, units);
    }
    if (scope.kind === 'municipality') {
      out.set(
        scopeKeyOf(scope),
        builder.municipality(municipality.id, scope.group ? { group: scope.group } : { units, hasUnits: false }),
      );
    } else {
      out.set(scopeKeyOf(scope), builder.unit(units as UnitInput, scope.unitId));
    }
  }
  return out;
}
