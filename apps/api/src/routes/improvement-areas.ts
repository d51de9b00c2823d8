import { Hono } from 'hono';
import * as z from 'zod';
import { createImprovementArea, deleteImprovementArea, updateImprovementArea } from '@gs/db';
import {
  Id,
  ImprovementArea,
  ImprovementAreaInput,
  ImprovementAreaList,
  ImprovementAreaPatch,
  ImprovementAreaQuery,
  ImprovementProgress,
  ImprovementProgressQuery,
  RoundSlug,
} from '@gs/schema';
import type { AppEnv } from '../env.ts';
import { currentUser, requireRole } from '../lib/auth.ts';
import { describe, validate } from '../lib/openapi.ts';
import { listTargets, targetOf, targetProgress } from '../reports/improvement-service.ts';

const tags = ['reports: improvement areas'];
const RoundParam = z.object({ slug: RoundSlug });
const AreaParam = RoundParam.extend({ id: Id });
const FROZEN =
  'A round’s targets can change while the round is closed or published and the next round of its family has not ' +
  'opened; after that they are frozen (409 `frozen`). Every change is in the audit log with who made it.';

/** Development targets picked from a round's results, and how they moved in the next round of the family. */
export const improvementAreaRoutes = new Hono<AppEnv>()
  .get(
    '/rounds/:slug/improvement-areas',
    describe({
      summary: 'The development targets set in a round (the region’s and each municipality’s)',
      description:
        'Everybody once the round is published; before that coordinators and the steering group, and a ' +
        'municipality contact the region’s and their own municipality’s. Who decided is shown to signed-in readers only.',
      tags,
      responses: { 200: { description: 'The targets', schema: ImprovementAreaList } },
    }),
    validate('param', RoundParam),
    validate('query', ImprovementAreaQuery),
    async (c) => {
      const list = await listTargets(c.var.db, c.var.user, c.req.valid('param').slug, c.req.valid('query').scope);
      c.header('Cache-Control', c.var.user ? 'private, no-store' : 'public, max-age=60');
      return c.json(list, 200);
    },
  )
  .post(
    '/rounds/:slug/improvement-areas',
    describe({
      summary: 'Mark an item or a theme of a round as a development target for the region or a municipality',
      description: FROZEN,
      tags,
      responses: { 201: { description: 'The target', schema: ImprovementArea } },
    }),
    requireRole('coordinator', 'steering_group'),
    validate('param', RoundParam),
    validate('json', ImprovementAreaInput),
    async (c) => {
      const user = currentUser(c);
      const { slug } = c.req.valid('param');
      const { id } = await createImprovementArea(c.var.db, slug, c.req.valid('json'), user);
      return c.json(await targetOf(c.var.db, user, slug, id), 201);
    },
  )
  .patch(
    '/rounds/:slug/improvement-areas/:id',
    describe({
      summary: 'Change a development target’s note',
      description: FROZEN,
      tags,
      responses: { 200: { description: 'The target', schema: ImprovementArea } },
    }),
    requireRole('coordinator', 'steering_group'),
    validate('param', AreaParam),
    validate('json', ImprovementAreaPatch),
    async (c) => {
      const user = currentUser(c);
      const { slug, id } = c.req.valid('param');
      await updateImprovementArea(c.var.db, slug, id, c.req.valid('json'), user);
      return c.json(await targetOf(c.var.db, user, slug, id), 200);
    },
  )
  .delete(
    '/rounds/:slug/improvement-areas/:id',
    describe({
      summary: 'Remove a development target',
      description: FROZEN,
      tags,
      responses: { 204: { description: 'Removed' } },
    }),
    requireRole('coordinator', 'steering_group'),
    validate('param', AreaParam),
    async (c) => {
      const { slug, id } = c.req.valid('param');
      await deleteImprovementArea(c.var.db, slug, id, currentUser(c));
      return c.body(null, 204);
    },
  )
  .get(
    '/rounds/:slug/improvement-progress',
    describe({
      summary: 'How the previous round’s development targets moved, on one report of this round',
      description:
        'For the region’s targets (and on a municipality’s report also its own): each item then and now ' +
        '(mean, 95 % interval, n, agreeing share) and Welch’s test of the change, read from the same protected ' +
        'report as the page (same `source`, `version` and access rules), so a figure hidden in either round stays hidden.',
      tags,
      responses: { 200: { description: 'The follow-up', schema: ImprovementProgress } },
    }),
    validate('param', RoundParam),
    validate('query', ImprovementProgressQuery),
    async (c) => {
      const progress = await targetProgress(c.var.db, c.var.user, c.req.valid('param').slug, c.req.valid('query'));
      c.header(
        'Cache-Control',
        progress.source.kind === 'live' || c.var.user ? 'private, no-store' : 'public, max-age=60',
      );
      return c.json(progress, 200);
    },
  );
