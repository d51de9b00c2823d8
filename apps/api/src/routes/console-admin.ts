import { Hono } from 'hono';
import { assertStrongPassword, createUser, hashPassword, listAudit, listUsers, setUserActive } from '@gs/db';
import { AuditQuery, IdParam, UserInput, UserUpdate } from '@gs/schema';
import type { AppEnv } from '../env.ts';
import { currentUser, requireRole } from '../lib/auth.ts';
import { describe, validate } from '../lib/openapi.ts';

const tags = ['console: administration'];

export const consoleAdminRoutes = new Hono<AppEnv>()
  .get(
    '/audit',
    describe({ summary: 'The audit log, newest first (page with ?before=<id>)', tags }),
    requireRole('coordinator'),
    validate('query', AuditQuery),
    async (c) => {
      const { before, limit } = c.req.valid('query');
      return c.json(await listAudit(c.var.db, { beforeId: before, limit }), 200);
    },
  )
  .get('/users', describe({ summary: 'Console users and their roles', tags }), requireRole('coordinator'), async (c) =>
    c.json(await listUsers(c.var.db), 200),
  )
  .post(
    '/users',
    describe({
      summary: 'Create a console user with a first password',
      tags,
      responses: { 201: { description: 'Created' } },
    }),
    requireRole('coordinator'),
    validate('json', UserInput),
    async (c) => {
      const { password, ...u } = c.req.valid('json');
      await assertStrongPassword(password, [u.email, u.name], 'password');
      return c.json(
        await createUser(c.var.db, { ...u, passwordHash: await hashPassword(password) }, currentUser(c).id),
        201,
      );
    },
  )
  .patch(
    '/users/:id',
    describe({
      summary: 'Activate or deactivate a user (deactivating ends their sessions)',
      tags,
      responses: { 204: { description: 'Saved' } },
    }),
    requireRole('coordinator'),
    validate('param', IdParam),
    validate('json', UserUpdate),
    async (c) => {
      await setUserActive(c.var.db, c.req.valid('param').id, c.req.valid('json').active, currentUser(c).id);
      return c.body(null, 204);
    },
  );
