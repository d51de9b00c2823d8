import {
  type Db,
  type ReportContext,
  type ScopeRequest,
  familyRounds,
  findSnapshot,
  itemComparability,
  liveReport,
  liveReports,
  readerOf,
  reportContext,
  reportRounds,
  reportUnits,
  scopeKeyOf,
  snapshotScopeOfMany,
  snapshotScopes,
  unitMunicipality,
} from '@gs/db';
import {
  type Compare,
  type CompareQuery,
  DomainError,
  completeLanguages,
  type FamilyKey,
  type Overview,
  type ReportSource,
  type ScopeReport,
  type Trend,
  type TrendQuery,
} from '@gs/schema';
import {
  type TrendRoundInput,
  type UnitFilter,
  buildCompare,
  buildOverviewFamily,
  buildTrend,
  withoutUnits,
} from '@gs/stats';
import {
  type Viewer,
  assertMayFilter,
  assertMayFilterUnits,
  assertMayReadLiveSplit,
  contextOf,
  groupOf,
  languageOf,
  liveContextFor,
  mayReadLive,
  mayReadUnits,
  readsStepped,
} from './report-service.ts';

/** A unit kind the round's instrument covers, or a 404 naming the field. */
function kindOf(ctx: ReportContext, kind: string | undefined) {
  if (kind !== undefined && !ctx.def.unitKinds.includes(kind as (typeof ctx.def.unitKinds)[number])) {
    throw new DomainError('not_found', `no unit kind '${kind}' in this round`, 'kind', 404);
  }
}

/** The unit filter of a query (kind, provider), or undefined when it filters nothing. */
function unitFilterOf(query: { kind?: string; provider?: string }): UnitFilter | undefined {
  if (query.kind === undefined && query.provider === undefined) return undefined;
  return {
    ...(query.kind !== undefined ? { kind: query.kind } : {}),
    ...(query.provider !== undefined ? { provider: query.provider } : {}),
  };
}

const viewFilterOf = (filter: UnitFilter | undefined) =>
  filter
    ? {
        kind: (filter.kind ?? null) as NonNullable<Compare['filter']>['kind'],
        provider: (filter.provider ?? null) as NonNullable<Compare['filter']>['provider'],
      }
    : null;

/** The municipality a scope belongs to (null: the region), found through any round that has it. */
async function scopeMunicipality(db: Db, ctx: ReportContext, scope: string) {
  const [kind, value] = scope.split(':') as [string, string];
  if (kind === 'municipality') return ctx.municipalities.find((m) => m.code === value) ?? null;
  if (kind === 'unit') return (await unitMunicipality(db, ctx, Number(value))) ?? null;
  return null;
}

function scopeRequestOf(
  scope: string,
  group: string | undefined,
  filter?: UnitFilter,
  language?: string,
): ScopeRequest {
  const [kind, value] = scope.split(':') as [string, string];
  const filtered = { ...(filter ? { filter } : {}), ...(language ? { language } : {}) };
  if (kind === 'municipality')
    return { kind: 'municipality', code: value, units: false, ...(group ? { group } : {}), ...filtered };
  if (kind === 'unit') return { kind: 'unit', unitId: Number(value) };
  return { kind: 'region', ...(group ? { group } : {}), ...filtered };
}

/** The answer-language part of a view: the filter (null: none) and the round's languages to choose from. */
const languageView = (ctx: ReportContext, language: string | undefined) => ({
  language: language ?? null,
  languages: completeLanguages(ctx.def),
});

/**
 * Every item of a family across its rounds for one scope, as this reader may see it:
 * published snapshots for everybody, and open or closed rounds live for signed-in
 * readers who may see the scope's live figures. Units only for roles that may see them.
 */
export async function getTrend(db: Db, viewer: Viewer, family: FamilyKey, query: TrendQuery): Promise<Trend> {
  const found = await familyRounds(db, family);
  if (!found || found.rounds.length === 0)
    throw new DomainError('not_found', `no rounds of '${family}'`, 'family', 404);
  const contexts = (await Promise.all(found.rounds.map((r) => reportContext(db, r.id)))) as ReportContext[];
  const newest = contexts[contexts.length - 1] as ReportContext;
  if (query.scope.startsWith('unit:') && !viewer) {
    throw new DomainError('unauthorized', 'sign in to see unit figures', 'scope', 401);
  }
  if (query.group !== undefined && query.scope.startsWith('unit:')) {
    throw new DomainError('validation_failed', 'units are not split by group', 'group', 400);
  }
  if (query.scope.startsWith('municipality:')) await assertMayFilter(db, viewer, query.group);
  const filter = unitFilterOf(query);
  if ((filter || query.language) && query.scope.startsWith('unit:')) {
    throw new DomainError(
      'validation_failed',
      'units are not split by kind, provider or language',
      query.kind ? 'kind' : query.provider ? 'provider' : 'language',
      400,
    );
  }
  await assertMayFilterUnits(db, viewer, query);
  kindOf(newest, query.kind);
  const language = languageOf(newest, query.language);
  const fine = language !== undefined || (query.group !== undefined && filter !== undefined);
  let municipalityId: number | null = null;
  let names: ScopeReport['scope'] | null = null;
  for (const ctx of [...contexts].reverse()) {
    const m = await scopeMunicipality(db, ctx, query.scope);
    if (m) {
      municipalityId = m.id;
      break;
    }
  }
  if (query.scope !== 'region' && municipalityId === null) {
    throw new DomainError('not_found', `'${query.scope}' is in no round of '${family}'`, 'scope', 404);
  }
  if (query.scope.startsWith('unit:') && municipalityId !== null && !mayReadUnits(viewer, municipalityId)) {
    throw new DomainError('forbidden', 'this unit is not in your municipality', 'scope', 403);
  }
  // A stepped reader's live points are whole units only (assertMayReadLiveSplit): split ones wait for publishing.
  const live =
    mayReadLive(viewer, municipalityId) &&
    !(readsStepped(viewer) && (query.group !== undefined || language !== undefined));
  const key = scopeKeyOf(scopeRequestOf(query.scope, query.group, filter, language));
  const snapshots = await snapshotScopeOfMany(
    db,
    found.rounds.flatMap((r) => (r.snapshot ? [r.snapshot.id] : [])),
    key,
  );
  const rounds: (TrendRoundInput & { versionId: number })[] = [];
  for (const [i, r] of found.rounds.entries()) {
    const ctx = contexts[i] as ReportContext;
    if (query.group !== undefined && !ctx.def.group.options.some((o) => o.key === query.group)) continue;
    let report: ScopeReport | null = null;
    let source: 'published' | 'live' = 'published';
    if (r.snapshot) report = snapshots.get(r.snapshot.id) ?? null;
    else if (live) {
      source = 'live';
      const inRound =
        query.scope === 'region' ||
        (query.scope.startsWith('unit:')
          ? (await reportUnits(db, ctx, null)).some((u) => `unit:${u.id}` === query.scope)
          : (await scopeMunicipality(db, ctx, query.scope)) !== null);
      report = inRound
        ? ((
            await liveReports(
              db,
              await liveContextFor(db, viewer, ctx),
              [scopeRequestOf(query.scope, query.group, filter, language)],
              { read: readerOf(db) },
            )
          ).get(key) ?? null)
        : null;
    } else continue;
    if (report) names ??= report.scope;
    rounds.push({
      round: {
        slug: r.slug,
        year: r.year,
        status: r.status,
        source,
        version: r.snapshot?.version ?? null,
        ...(ctx.round.imported ? { imported: ctx.round.imported } : {}),
      },
      def: ctx.def,
      report,
      versionId: r.versionId,
    });
  }
  const comparable = await itemComparability(db, family);
  const option = groupOf(newest, query.group);
  const trend = buildTrend({
    family,
    familyNames: found.names,
    scope: names ?? { kind: 'region', key: 'region', code: null, names: REGION, parent: null },
    group: option ? { key: option.key, label: option.label } : null,
    threshold: newest.threshold,
    rounds,
    comparable: (a, b, k) =>
      comparable((rounds[a] as { versionId: number }).versionId, (rounds[b] as { versionId: number }).versionId, k),
    groups: newest.def.group.options.map((o) => ({ key: o.key, label: o.label })),
    municipalities: newest.municipalities.map((m) => ({ code: m.code, names: m.names })),
  });
  const languages = languageView(newest, language);
  if (!filter && !fine) return { ...trend, unitKinds: newest.def.unitKinds, ...languages };
  return {
    ...trend,
    unitKinds: newest.def.unitKinds,
    filter: viewFilterOf(filter),
    ...languages,
    // A round published before filters existed has no filtered scope: its points are null, not withheld.
    filterWithheld: rounds.map((r) => r.report?.filter?.withheld ?? false),
    filterRegionWithout: rounds.map((r) => r.report?.filter?.regionWithout ?? []),
  };
}

const REGION = { fi: 'Koko alue', sv: 'Hela regionen', en: 'Whole region' };

/** Reports of a round's scopes from its snapshot (`version` or the newest), or live; null when there is no snapshot. */
async function scopeReports(
  db: Db,
  ctx: ReportContext,
  scopes: ScopeRequest[],
  source: 'published' | 'live',
  version: number | undefined,
): Promise<{ reports: Map<string, ScopeReport>; source: ReportSource } | null> {
  if (source === 'live') {
    const reports = await liveReports(db, ctx, scopes, { read: readerOf(db) });
    const first = reports.values().next().value;
    return { reports, source: first?.source ?? { kind: 'live', asOf: new Date().toISOString() } };
  }
  const snapshot = await findSnapshot(db, ctx.roundId, version);
  if (!snapshot) return null;
  const reports = await snapshotScopes(db, snapshot.id, scopes.map(scopeKeyOf));
  return {
    reports,
    source: {
      kind: 'published',
      version: snapshot.version,
      publishedAt: new Date(snapshot.created_at).toISOString(),
      reason: snapshot.reason,
    },
  };
}

/**
 * One round side by side: every municipality against the region, or (for readers who
 * may see them) one municipality's units; optionally one age group or grade band.
 * Published unless the reader asks for live figures (signed-in roles that may see them).
 */
export async function getCompare(db: Db, viewer: Viewer, slug: string, query: CompareQuery): Promise<Compare> {
  const ctx = await contextOf(db, slug);
  const option = groupOf(ctx, query.group);
  await assertMayFilter(db, viewer, query.group);
  await assertMayFilterUnits(db, viewer, query);
  kindOf(ctx, query.kind);
  const filter = unitFilterOf(query);
  const language = languageOf(ctx, query.language);
  const fine = language !== undefined || (query.group !== undefined && filter !== undefined);
  let municipality: ReportContext['municipalities'][number] | undefined;
  if (query.level === 'units') {
    if (!query.municipality)
      throw new DomainError('validation_failed', 'which municipality’s units', 'municipality', 400);
    if (query.group) throw new DomainError('validation_failed', 'units are not split by group', 'group', 400);
    if (language) throw new DomainError('validation_failed', 'units are not split by language', 'language', 400);
    if (!viewer) throw new DomainError('unauthorized', 'sign in to see unit figures', 'level', 401);
    municipality = ctx.municipalities.find((m) => m.code === query.municipality);
    if (!municipality) {
      throw new DomainError(
        'not_found',
        `municipality ${query.municipality} is not in this round`,
        'municipality',
        404,
      );
    }
    if (!mayReadUnits(viewer, municipality.id)) {
      throw new DomainError('forbidden', 'units of your own municipality only', 'municipality', 403);
    }
  }
  const wantsLive = query.source === 'live';
  let source: 'published' | 'live' = wantsLive ? 'live' : 'published';
  const snapshot = wantsLive ? undefined : await findSnapshot(db, ctx.roundId, query.version);
  if (!wantsLive && !snapshot) {
    if (query.source === 'published' || query.version !== undefined || !viewer) {
      throw new DomainError(
        'not_found',
        `'${slug}' is not published${query.version ? ` as version ${query.version}` : ''}`,
        'version',
        404,
      );
    }
    source = 'live';
  }
  if (source === 'live') {
    if (!viewer) throw new DomainError('unauthorized', 'sign in to see live figures', 'source', 401);
    if (!mayReadLive(viewer, municipality?.id ?? null)) {
      throw new DomainError('forbidden', 'live figures of your own municipality only', 'source', 403);
    }
    assertMayReadLiveSplit(viewer, { group: query.group, language });
  }
  // A stepped reader's tables come from the round's live step, the units listed included.
  const figures = source === 'live' ? await liveContextFor(db, viewer, ctx) : ctx;
  let scopes: ScopeRequest[];
  if (municipality) {
    const units = (await reportUnits(db, figures, municipality.id)).filter(
      (u) =>
        (filter?.kind === undefined || u.kind === filter.kind) &&
        (filter?.provider === undefined || u.provider === filter.provider),
    );
    scopes = [
      filter
        ? { kind: 'municipality', code: municipality.code, units: false, filter }
        : { kind: 'municipality', code: municipality.code, units: true },
      ...units.map((u): ScopeRequest => ({ kind: 'unit', unitId: u.id })),
    ];
  } else {
    scopes = [
      scopeRequestOf('region', option?.key, filter, language),
      ...ctx.municipalities.map((m) => scopeRequestOf(`municipality:${m.code}`, option?.key, filter, language)),
    ];
  }
  const loaded = await scopeReports(db, figures, scopes, source, query.version);
  if (!loaded) throw new DomainError('not_found', `'${slug}' is not published`, 'version', 404);
  const [reference, ...children] = scopes.map((s) => loaded.reports.get(scopeKeyOf(s)));
  if (!reference || children.some((c) => !c)) {
    throw new DomainError(
      'not_found',
      language
        ? 'this published version has no tables by answer language (published before they existed); republish the round'
        : filter
          ? 'this published version has no tables by unit kind or provider (published before they existed); republish the round'
          : 'this published version has no such table (published before tables by group existed); republish the round',
      language ? 'language' : filter ? (query.kind ? 'kind' : 'provider') : 'group',
      404,
    );
  }
  const compare = buildCompare({
    round: ctx.round,
    source: loaded.source,
    threshold: ctx.threshold,
    group: option ? { key: option.key, label: option.label } : null,
    groups: ctx.def.group.options.map((o) => ({ key: o.key, label: o.label })),
    reference: municipality ? reference : withoutUnits(reference),
    children: children as ScopeReport[],
    level: query.level,
  });
  const languages = languageView(ctx, language);
  if (!filter && !fine) return { ...compare, ...languages };
  return {
    ...compare,
    ...languages,
    filter: viewFilterOf(filter),
    filterWithheld: [reference, ...(children as ScopeReport[])].flatMap((r) =>
      r.filter?.withheld ? [r.scope.key] : [],
    ),
    filterRegionWithout: municipality ? [] : (reference.filter?.regionWithout ?? []),
  };
}

/**
 * A steering member's first page: for each family its latest round this reader may
 * see, the region's clear changes since the previous round and the municipalities
 * furthest from the rest of the region.
 */
export async function getOverview(db: Db, viewer: Viewer): Promise<Overview> {
  const rounds = await reportRounds(db, {
    municipalityId: viewer?.role === 'municipality_contact' ? viewer.municipalityId : null,
  });
  const live = mayReadLive(viewer, null);
  const families: Overview['families'] = [];
  for (const family of ['ecec', 'basic'] as const) {
    const latest = rounds.find((r) => r.family === family && (r.published !== null || live));
    if (!latest) continue;
    const ctx = await contextOf(db, latest.slug);
    const source = latest.published ? 'published' : 'live';
    const scopes: ScopeRequest[] = [
      { kind: 'region' },
      ...ctx.municipalities.map((m): ScopeRequest => ({ kind: 'municipality', code: m.code, units: false })),
    ];
    const loaded = await scopeReports(db, ctx, scopes, source, undefined);
    // Live tables carry no previous-round figures; the region's live report does.
    const region =
      source === 'live'
        ? await liveReport(db, ctx, { kind: 'region' }, { read: readerOf(db) })
        : loaded?.reports.get('region');
    if (!loaded || !region) continue;
    families.push(
      buildOverviewFamily({
        family,
        familyNames: latest.familyNames,
        round: { slug: latest.slug, year: latest.year, status: latest.status, source },
        previous: ctx.previous ? { slug: ctx.previous.slug, year: ctx.previous.year } : null,
        region,
        municipalities: scopes.slice(1).flatMap((s) => loaded.reports.get(scopeKeyOf(s)) ?? []),
      }),
    );
  }
  return { families };
}
