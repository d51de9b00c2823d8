import { Hono } from 'hono';
import type { AppEnv } from '../env.ts';
import { consoleAdminRoutes } from './console-admin.ts';
import { consoleCodeRoutes } from './console-codes.ts';
import { consoleHistoryRoutes } from './console-history.ts';
import { consoleInstrumentRoutes } from './console-instruments.ts';
import { consoleModerationRoutes } from './console-moderation.ts';
import { consoleOrganisationRoutes } from './console-organisation.ts';
import { consoleRoundRoutes } from './console-rounds.ts';

/** The coordinators' console API; every operation states the roles it allows. */
export const consoleRoutes = new Hono<AppEnv>()
  .route('/', consoleRoundRoutes)
  .route('/', consoleInstrumentRoutes)
  .route('/', consoleOrganisationRoutes)
  .route('/', consoleCodeRoutes)
  .route('/', consoleModerationRoutes)
  .route('/', consoleAdminRoutes)
  .route('/', consoleHistoryRoutes);
