import { Hono } from 'hono';
import * as z from 'zod';
import { getSettings, pingDatabase } from '@gs/db';
import { NetworkSettings } from '@gs/schema';
import type { AppEnv } from '../env.ts';
import { describe } from '../lib/openapi.ts';

const Health = z.object({ ok: z.boolean(), database: z.enum(['pglite', 'postgres']) });

export const systemRoutes = new Hono<AppEnv>()
  .get(
    '/health',
    describe({
      summary: 'Liveness and database check',
      tags: ['system'],
      responses: { 200: { description: 'OK', schema: Health } },
    }),
    async (c) => {
      await pingDatabase(c.var.db);
      return c.json({ ok: true, database: c.var.config.DATABASE_URL ? 'postgres' : 'pglite' } as const, 200);
    },
  )
  .get(
    '/network',
    describe({
      summary: 'Public network settings (name, controller, suppression threshold, cycle rule)',
      tags: ['system'],
      responses: { 200: { description: 'OK', schema: NetworkSettings } },
    }),
    async (c) => c.json(await getSettings(c.var.db), 200),
  );
