import { Hono } from 'hono';
import * as z from 'zod';
import {
  Compare,
  CompareQuery,
  FamilyKey,
  Id,
  MunicipalityCode,
  Overview,
  ROLES,
  RegionReportQuery,
  ReportQuery,
  ReportRoundDetail,
  ReportRoundList,
  RoundSlug,
  ScopeReport,
  Trend,
  TrendQuery,
} from '@gs/schema';
import type { AppEnv } from '../env.ts';
import { requireRole } from '../lib/auth.ts';
import { describe, validate } from '../lib/openapi.ts';
import { getCompare, getOverview, getTrend } from '../reports/comparison-service.ts';
import { getReport, listReportRounds, reportRoundDetail } from '../reports/report-service.ts';
import { improvementAreaRoutes } from './improvement-areas.ts';
import { reportExportRoutes } from './report-exports.ts';

const tags = ['reports'];
const RoundParam = z.object({ slug: RoundSlug });
const MunicipalityParam = RoundParam.extend({ code: MunicipalityCode });
const UnitParam = RoundParam.extend({ unitId: Id });

const SOURCES =
  'Published figures come from the newest snapshot (or `version`); `source=live` computes them from the current ' +
  'answers and needs a signed-in role (a municipality contact: their own municipality, as of the round’s live step, ' +
  'which moves a unit only by a batch of new responses; not split by group or language). Every figure is already ' +
  'protected: a hidden cell is `{ "suppressed": true }` with nothing else, and open answers are never included.';

const reportResponses = { 200: { description: 'The report', schema: ScopeReport } };
const cacheOf = (live: boolean, signedIn: boolean) => (live || signedIn ? 'private, no-store' : 'public, max-age=60');

/** Published reports for everybody; live figures and units for the signed-in roles that may see them. */
export const reportRoutes = new Hono<AppEnv>()
  .get(
    '/rounds',
    describe({
      summary: 'Rounds with reports: published ones, and for signed-in readers those with live figures',
      tags,
      responses: { 200: { description: 'Rounds, newest first', schema: ReportRoundList } },
    }),
    async (c) => c.json(await listReportRounds(c.var.db, c.var.user), 200),
  )
  .get(
    '/rounds/:slug',
    describe({
      summary: 'A round’s published versions, municipalities, groups, and the units this reader may see',
      tags,
      responses: { 200: { description: 'The round', schema: ReportRoundDetail } },
    }),
    validate('param', RoundParam),
    async (c) => c.json(await reportRoundDetail(c.var.db, c.var.user, c.req.valid('param').slug), 200),
  )
  .get(
    '/rounds/:slug/region',
    describe({
      summary:
        'The region report: headline, every statement, municipalities and age groups (or one group with `group`)',
      description: SOURCES,
      tags,
      responses: reportResponses,
    }),
    validate('param', RoundParam),
    validate('query', RegionReportQuery),
    async (c) => {
      const { group, language, ...query } = c.req.valid('query');
      const report = await getReport(
        c.var.db,
        c.var.user,
        c.req.valid('param').slug,
        { kind: 'region', group, language },
        query,
      );
      c.header(
        'Cache-Control',
        report.source.kind === 'live' || c.var.user ? 'private, no-store' : 'public, max-age=60',
      );
      return c.json(report, 200);
    },
  )
  .get(
    '/rounds/:slug/municipalities/:code',
    describe({
      summary:
        'A municipality against the region, with change since the previous round; units for readers who may see them',
      description: SOURCES,
      tags,
      responses: reportResponses,
    }),
    validate('param', MunicipalityParam),
    validate('query', RegionReportQuery),
    async (c) => {
      const { slug, code } = c.req.valid('param');
      const { group, language, ...query } = c.req.valid('query');
      const report = await getReport(
        c.var.db,
        c.var.user,
        slug,
        { kind: 'municipality', code, group, language },
        query,
      );
      c.header(
        'Cache-Control',
        report.source.kind === 'live' || c.var.user ? 'private, no-store' : 'public, max-age=60',
      );
      return c.json(report, 200);
    },
  )
  .get(
    '/rounds/:slug/units/:unitId',
    describe({
      summary:
        'A unit against its municipality and the region (coordinators and the steering group: any; a contact: own)',
      description: SOURCES,
      tags,
      responses: reportResponses,
    }),
    requireRole(...ROLES),
    validate('param', UnitParam),
    validate('query', ReportQuery),
    async (c) => {
      const { slug, unitId } = c.req.valid('param');
      const report = await getReport(c.var.db, c.var.user, slug, { kind: 'unit', unitId }, c.req.valid('query'));
      c.header('Cache-Control', 'private, no-store');
      return c.json(report, 200);
    },
  )
  .get(
    '/rounds/:slug/compare',
    describe({
      summary:
        'One round side by side: every municipality against the region (or one municipality’s units), optionally one group',
      description:
        `${SOURCES} Each visible cell has its mean, 95 % interval and Welch’s test against the rest of the region ` +
        '(a unit: the rest of its municipality). Units only for readers who may see them; `group` on municipalities ' +
        'for signed-in readers and, when the network allows it, the public.',
      tags,
      responses: { 200: { description: 'The table', schema: Compare } },
    }),
    validate('param', RoundParam),
    validate('query', CompareQuery),
    async (c) => {
      const table = await getCompare(c.var.db, c.var.user, c.req.valid('param').slug, c.req.valid('query'));
      c.header('Cache-Control', cacheOf(table.source.kind === 'live', c.var.user !== null));
      return c.json(table, 200);
    },
  )
  .get(
    '/trends/:family',
    describe({
      summary: 'Every item of a survey family across its rounds for the region, a municipality or a unit',
      description:
        'Published snapshots for everybody; open and closed rounds (live) for signed-in readers who may see the ' +
        'scope. Each point has n and its 95 % interval; lines break where the questionnaire lineage says an item changed.',
      tags,
      responses: { 200: { description: 'The trend', schema: Trend } },
    }),
    validate('param', z.object({ family: FamilyKey })),
    validate('query', TrendQuery),
    async (c) => {
      const trend = await getTrend(c.var.db, c.var.user, c.req.valid('param').family, c.req.valid('query'));
      c.header(
        'Cache-Control',
        cacheOf(
          trend.rounds.some((r) => r.source === 'live'),
          c.var.user !== null,
        ),
      );
      return c.json(trend, 200);
    },
  )
  .get(
    '/overview',
    describe({
      summary:
        'The steering group’s overview: latest round of each family, clear changes, municipalities furthest away',
      tags,
      responses: { 200: { description: 'The overview', schema: Overview } },
    }),
    requireRole(...ROLES),
    async (c) => {
      c.header('Cache-Control', 'private, no-store');
      return c.json(await getOverview(c.var.db, c.var.user), 200);
    },
  )
  .route('/', reportExportRoutes)
  .route('/', improvementAreaRoutes);
