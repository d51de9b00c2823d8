import { Hono } from 'hono';
import type { AppEnv } from '../env.ts';

export const surveyRoutes = new Hono<AppEnv>();
