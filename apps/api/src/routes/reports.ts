import { Hono } from 'hono';
import * as z from 'zod';
import {
  Id,
  MunicipalityCode,
  ROLES,
  RegionReportQuery,
  ReportQuery,
  ReportRoundDetail,
  ReportRoundList,
  RoundSlug,
  ScopeReport,
} from '@gs/schema';
import type { AppEnv } from '../env.ts';
import { requireRole } from '../lib/auth.ts';
import { describe, validate } from '../lib/openapi.ts';
import { getReport, listReportRounds, reportRoundDetail } from '../reports/report-service.ts';
import { reportExportRoutes } from './report-exports.ts';

const tags = ['reports'];
const RoundParam = z.object({ slug: RoundSlug });
const MunicipalityParam = RoundParam.extend({ code: MunicipalityCode });
const UnitParam = RoundParam.extend({ unitId: Id });

const SOURCES =
  'Published figures come from the newest snapshot (or `version`); `source=live` computes them from the current ' +
  'answers and needs a signed-in role (a municipality contact: their own municipality). Every figure is already ' +
  'protected: a hidden cell is `{ "suppressed": true }` with nothing else, and open answers are never included.';

const reportResponses = { 200: { description: 'The report', schema: ScopeReport } };

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
      const { group, ...query } = c.req.valid('query');
      const report = await getReport(c.var.db, c.var.user, c.req.valid('param').slug, { kind: 'region', group }, query);
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
    validate('query', ReportQuery),
    async (c) => {
      const { slug, code } = c.req.valid('param');
      const report = await getReport(c.var.db, c.var.user, slug, { kind: 'municipality', code }, c.req.valid('query'));
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
  .route('/', reportExportRoutes);
