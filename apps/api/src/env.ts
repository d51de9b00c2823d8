import type { Db } from '@gs/db';
import type { Role } from '@gs/schema';
import type { Config } from './config.ts';

export interface SessionUser {
  id: number;
  email: string;
  name: string;
  role: Role;
  municipalityId: number | null;
  csrfToken: string;
}

/** Hono's environment for every route: the database, config and the signed-in user (or null). */
export interface AppEnv {
  Variables: {
    db: Db;
    config: Config;
    user: SessionUser | null;
  };
}
