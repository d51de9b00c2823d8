import { Hono } from 'hono';
import {
  createRound,
  deleteDraftRound,
  heldCounts,
  listRoundsInScope,
  openRound,
  proposeNextRound,
  publishRound,
  roundDetail,
  roundProgress,
  settleHeld,
  transitionRound,
  updateDraftRound,
} from '@gs/db';
import {
  HeldParam,
  HeldScopeInput,
  IdParam,
  OpenRoundInput,
  PublishInput,
  RoundInput,
  RoundProgress,
  RoundProposal,
} from '@gs/schema';
import type { AppEnv } from '../env.ts';
import { currentUser, requireRole } from '../lib/auth.ts';
import { describe, validate } from '../lib/openapi.ts';
import { EVERY_ROLE, scopeOf, today } from './console-scope.ts';

const tags = ['console: rounds'];

export const consoleRoundRoutes = new Hono<AppEnv>()
  .get(
    '/rounds',
    describe({ summary: 'Rounds, newest first, with response counts (a contact: their municipality’s)', tags }),
    requireRole(...EVERY_ROLE),
    async (c) => c.json(await listRoundsInScope(c.var.db, scopeOf(c)), 200),
  )
  .get(
    '/rounds/proposal',
    describe({
      summary: 'The next round the cycle rule calls for, to prefill the new-round form',
      tags,
      responses: { 200: { description: 'OK', schema: RoundProposal } },
    }),
    requireRole('coordinator'),
    async (c) => c.json(await proposeNextRound(c.var.db, today()), 200),
  )
  .post(
    '/rounds',
    describe({
      summary: 'Create a draft round (a family against the cycle rule needs cycleOverrideReason)',
      tags,
      responses: { 201: { description: 'Created' } },
    }),
    requireRole('coordinator'),
    validate('json', RoundInput),
    async (c) => c.json(await createRound(c.var.db, c.req.valid('json'), currentUser(c).id), 201),
  )
  .get(
    '/rounds/:id',
    describe({ summary: 'A round with its municipalities and published versions', tags }),
    requireRole(...EVERY_ROLE),
    validate('param', IdParam),
    async (c) => c.json(await roundDetail(c.var.db, c.req.valid('param').id, scopeOf(c)), 200),
  )
  .put(
    '/rounds/:id',
    describe({
      summary: 'Edit a draft round (dates, instrument version, municipalities)',
      tags,
      responses: { 204: { description: 'Saved' } },
    }),
    requireRole('coordinator'),
    validate('param', IdParam),
    validate('json', RoundInput),
    async (c) => {
      await updateDraftRound(c.var.db, c.req.valid('param').id, c.req.valid('json'), currentUser(c).id);
      return c.body(null, 204);
    },
  )
  .delete(
    '/rounds/:id',
    describe({ summary: 'Delete a draft round', tags, responses: { 204: { description: 'Deleted' } } }),
    requireRole('coordinator'),
    validate('param', IdParam),
    async (c) => {
      await deleteDraftRound(c.var.db, c.req.valid('param').id, currentUser(c).id);
      return c.body(null, 204);
    },
  )
  .post(
    '/rounds/:id/open',
    describe({
      summary: 'Open a draft round, or reopen a closed unpublished one (optionally with a new close date)',
      tags,
    }),
    requireRole('coordinator'),
    validate('param', IdParam),
    validate('json', OpenRoundInput),
    async (c) => {
      const { closesOn } = c.req.valid('json');
      return c.json(
        await openRound(c.var.db, c.req.valid('param').id, { closesOn, today: today() }, currentUser(c).id),
        200,
      );
    },
  )
  .post(
    '/rounds/:id/close',
    describe({ summary: 'Close an open round by hand (it also closes itself after its close date)', tags }),
    requireRole('coordinator'),
    validate('param', IdParam),
    async (c) => c.json(await transitionRound(c.var.db, c.req.valid('param').id, 'closed', currentUser(c).id), 200),
  )
  .post(
    '/rounds/:id/publish',
    describe({
      summary: 'Publish a closed round as a frozen snapshot, or republish a published one with a reason',
      description:
        'Every aggregate the reports show is frozen, already suppressed, as a new version; later changes to the data ' +
        'never alter it. Earlier versions stay readable.',
      tags,
      responses: { 201: { description: 'Published' } },
    }),
    requireRole('coordinator'),
    validate('param', IdParam),
    validate('json', PublishInput),
    async (c) =>
      c.json(
        await publishRound(c.var.db, c.req.valid('param').id, {
          userId: currentUser(c).id,
          reason: c.req.valid('json').reason,
        }),
        201,
      ),
  )
  .get(
    '/rounds/:id/progress',
    describe({
      summary: 'Responses against base counts per municipality and unit, and per day (a contact: their municipality)',
      description:
        'A coordinator gets every count exactly. For the steering group and municipality contacts a unit ' +
        'line (or the no-unit line) whose count is below the network’s suppression threshold has ' +
        '`responses: null` and `below: N` ("fewer than N"), and so does the next-smallest line while the ' +
        'municipality total minus the exact lines would be between 1 and N − 1; its `rate` is null too. ' +
        'Municipality and round totals are exact for every reader, and days are never split by unit.',
      tags,
      responses: { 200: { description: 'OK', schema: RoundProgress } },
    }),
    requireRole(...EVERY_ROLE),
    validate('param', IdParam),
    async (c) => {
      const view = currentUser(c).role === 'coordinator' ? 'exact' : 'banded';
      return c.json(await roundProgress(c.var.db, c.req.valid('param').id, scopeOf(c), view), 200);
    },
  )
  .get(
    '/rounds/:id/held',
    describe({
      summary: 'Held open-link responses (an implausible burst from one client) per municipality and unit',
      description: 'Held responses are stored but not counted until a coordinator releases them; no dates or order.',
      tags,
    }),
    requireRole('coordinator'),
    validate('param', IdParam),
    async (c) => c.json(await heldCounts(c.var.db, c.req.valid('param').id), 200),
  )
  .post(
    '/rounds/:id/held/:how',
    describe({
      summary: 'Release (count) or discard (delete) held responses: all, or one municipality’s or unit’s; audited',
      tags,
    }),
    requireRole('coordinator'),
    validate('param', HeldParam),
    validate('json', HeldScopeInput),
    async (c) => {
      const { id, how } = c.req.valid('param');
      return c.json({ [how]: await settleHeld(c.var.db, id, how, c.req.valid('json'), currentUser(c).id) }, 200);
    },
  );
