import { resolve } from 'node:path';
import * as z from 'zod';

/** The repository root, so relative paths mean the same whichever directory pnpm runs us from. */
export const REPO_ROOT = resolve(import.meta.dirname, '../../..');

const bool = z.enum(['0', '1', 'true', 'false']).transform((v) => v === '1' || v === 'true');

const Env = z.object({
  PORT: z.coerce.number().int().min(1).max(65535).default(8787),
  HOST: z.string().default('127.0.0.1'),
  DATABASE_URL: z.url().optional(),
  /** A streaming replica of DATABASE_URL that reports read from (falls back to the primary). */
  DATABASE_REPLICA_URL: z.url().optional(),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
  DATA_DIR: z.string().default(resolve(REPO_ROOT, 'data/pglite')),
  DEMO_DATA: bool.default(true),
  DEMO_SEED: z.coerce.number().int().default(2026),
  PUBLIC_URL: z.url().optional(),
  WEB_DIST: z.string().default(resolve(REPO_ROOT, 'apps/web/dist')),
  SESSION_TTL_HOURS: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 30)
    .default(12),
  /** Reverse proxies in front of the API whose X-Forwarded-For is trusted (0: use the socket's peer). */
  TRUSTED_PROXIES: z.coerce.number().int().min(0).max(5).default(0),
  /** Shared by API instances so their client throttles agree; without it each process makes its own. */
  CLIENT_KEY_SECRET: z.string().min(16, 'at least 16 characters').optional(),
  /** How often open rounds' new responses are folded in the background (ms; 0: only when a report is read). */
  FOLD_INTERVAL_MS: z.coerce.number().int().min(0).max(600_000).default(3000),
  /**
   * How often a round's live step may move at most (ms; 0: at every read): what municipality contacts
   * see of live figures moves only then, and only by batches (docs/reports.md).
   */
  LIVE_STEP_INTERVAL_MS: z.coerce.number().int().min(0).max(86_400_000).default(600_000),
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
});
export type Config = z.infer<typeof Env>;

/** Parses an environment; the errors name each bad variable. */
export function parseConfig(
  env: NodeJS.ProcessEnv,
): { config: Config; errors?: never } | { config?: never; errors: string[] } {
  const parsed = Env.safeParse(env);
  if (parsed.success) return { config: parsed.data };
  return { errors: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`) };
}

/** Parses the environment once; a bad value stops the process naming the variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const { config, errors } = parseConfig(env);
  if (errors) {
    console.error(`Invalid environment:\n${errors.map((e) => `  ${e}`).join('\n')}`);
    process.exit(1);
  }
  return config;
}
