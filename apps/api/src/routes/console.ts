import { Hono } from 'hono';
import type { AppEnv } from '../env.ts';

export const consoleRoutes = new Hono<AppEnv>();
