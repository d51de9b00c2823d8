import { Hono } from 'hono';
import {
  copyLatestInstrumentVersion,
  deleteDraftInstrumentVersion,
  instrumentVersionDetail,
  listInstrumentVersions,
  updateDraftInstrumentVersion,
} from '@gs/db';
import { FamilyParam, IdParam, InstrumentDraftInput } from '@gs/schema';
import type { AppEnv } from '../env.ts';
import { currentUser, requireRole } from '../lib/auth.ts';
import { describe, validate } from '../lib/openapi.ts';

const tags = ['console: instruments'];

export const consoleInstrumentRoutes = new Hono<AppEnv>()
  .get(
    '/instruments',
    describe({ summary: 'Instrument versions per family, with how many rounds use each (locked)', tags }),
    requireRole('coordinator', 'steering_group'),
    async (c) => c.json(await listInstrumentVersions(c.var.db), 200),
  )
  .get(
    '/instruments/:id',
    describe({
      summary: 'One instrument version with each item’s lineage (same, changed, new) and removed items',
      tags,
    }),
    requireRole('coordinator', 'steering_group'),
    validate('param', IdParam),
    async (c) => c.json(await instrumentVersionDetail(c.var.db, c.req.valid('param').id), 200),
  )
  .post(
    '/instruments/families/:family/copy',
    describe({
      summary: 'Start a new version by copying the family’s latest one',
      tags,
      responses: { 201: { description: 'Created' } },
    }),
    requireRole('coordinator'),
    validate('param', FamilyParam),
    async (c) =>
      c.json(await copyLatestInstrumentVersion(c.var.db, c.req.valid('param').family, currentUser(c).id), 201),
  )
  .put(
    '/instruments/:id',
    describe({ summary: 'Edit the texts, items and lineage of a version no round uses yet', tags }),
    requireRole('coordinator'),
    validate('param', IdParam),
    validate('json', InstrumentDraftInput),
    async (c) =>
      c.json(
        await updateDraftInstrumentVersion(c.var.db, c.req.valid('param').id, c.req.valid('json'), currentUser(c).id),
        200,
      ),
  )
  .delete(
    '/instruments/:id',
    describe({
      summary: 'Delete the newest version of a family while no round uses it',
      tags,
      responses: { 204: { description: 'Deleted' } },
    }),
    requireRole('coordinator'),
    validate('param', IdParam),
    async (c) => {
      await deleteDraftInstrumentVersion(c.var.db, c.req.valid('param').id, currentUser(c).id);
      return c.body(null, 204);
    },
  );
