import { Hono } from 'hono';
import * as z from 'zod';
import {
  MODERATION_PAGE_MAX,
  approveOpenAnswer,
  approvedOpenAnswers,
  hideOpenAnswer,
  moderationQueue,
  municipalityInScope,
} from '@gs/db';
import { ApproveInput, HideInput, IdParam, OpenAnswersQuery } from '@gs/schema';
import type { AppEnv } from '../env.ts';
import { currentUser, requireRole } from '../lib/auth.ts';
import { describe, validate } from '../lib/openapi.ts';
import { MANAGERS, scopeOf } from './console-scope.ts';

const tags = ['console: open answers'];

/** The queue's filters and one page of it (`offset` answers skipped, `limit` shown). */
const QueueQuery = OpenAnswersQuery.extend({
  offset: z.coerce.number().int().min(0).default(0),
  limit: z.coerce.number().int().min(1).max(MODERATION_PAGE_MAX).default(50),
});

export const consoleModerationRoutes = new Hono<AppEnv>()
  .get(
    '/rounds/:id/open-answers',
    describe({
      summary: 'The moderation queue of a round: open answers as written, with suggested redactions',
      description: `One page at a time, oldest first: \`limit\` answers (50 unless given, at most ${MODERATION_PAGE_MAX}) after \`offset\`; \`total\` counts every answer the filters match.`,
      tags,
    }),
    requireRole('coordinator'),
    validate('param', IdParam),
    validate('query', QueueQuery),
    async (c) => {
      const { municipality, ...page } = c.req.valid('query');
      const municipalityId = municipality
        ? (await municipalityInScope(c.var.db, municipality, scopeOf(c), 'municipality')).id
        : undefined;
      return c.json(await moderationQueue(c.var.db, c.req.valid('param').id, { municipalityId, ...page }), 200);
    },
  )
  .get(
    '/rounds/:id/open-answers/approved',
    describe({
      summary: 'Approved open answers in their redacted form (a contact: their municipality’s)',
      tags,
    }),
    requireRole(...MANAGERS),
    validate('param', IdParam),
    validate('query', OpenAnswersQuery.pick({ municipality: true })),
    async (c) => {
      const { municipality } = c.req.valid('query');
      const scope = scopeOf(c);
      const municipalityId = municipality
        ? (await municipalityInScope(c.var.db, municipality, scope, 'municipality')).id
        : undefined;
      return c.json(await approvedOpenAnswers(c.var.db, c.req.valid('param').id, scope, municipalityId), 200);
    },
  )
  .post(
    '/open-answers/:id/approve',
    describe({
      summary: 'Approve an open answer, removing the given character ranges (recorded in the audit log)',
      tags,
    }),
    requireRole('coordinator'),
    validate('param', IdParam),
    validate('json', ApproveInput),
    async (c) =>
      c.json(
        await approveOpenAnswer(c.var.db, c.req.valid('param').id, c.req.valid('json').redactions, currentUser(c).id),
        200,
      ),
  )
  .post(
    '/open-answers/:id/hide',
    describe({ summary: 'Hide an open answer so it is shown nowhere (recorded in the audit log)', tags }),
    requireRole('coordinator'),
    validate('param', IdParam),
    validate('json', HideInput),
    async (c) =>
      c.json(
        await hideOpenAnswer(c.var.db, c.req.valid('param').id, c.req.valid('json').reason, currentUser(c).id),
        200,
      ),
  );
