import { sql } from 'kysely';
import { Migrator } from 'kysely/migration';
import type { Db } from './connection.ts';
import { migrations } from './migrations/index.ts';

/**
 * Brings the schema to the newest migration; throws with the failing migration's name.
 * `schema` keeps Kysely's bookkeeping tables in that schema (test schemas on a shared server).
 */
export async function migrateToLatest(db: Db, opts: { schema?: string } = {}): Promise<string[]> {
  if (await upToDate(db, opts.schema)) return [];
  const migrator = new Migrator({
    db,
    provider: { getMigrations: async () => migrations },
    ...(opts.schema ? { migrationTableSchema: opts.schema } : {}),
  });
  const { error, results } = await migrator.migrateToLatest();
  const failed = results?.find((r) => r.status === 'Error');
  if (error) {
    throw new Error(
      `migration ${failed?.migrationName ?? '(unknown)'} failed: ${String((error as Error).message ?? error)}`,
      {
        cause: error,
      },
    );
  }
  return (results ?? []).map((r) => r.migrationName);
}

/**
 * Whether every migration has run and no other: one read, where the migrator's own check (lock table,
 * introspection) costs about 0.5 s of a restart on the embedded database. Anything else (a first
 * start, a new migration, an unknown name) goes through the migrator.
 */
async function upToDate(db: Db, schema: string | undefined): Promise<boolean> {
  const table = schema ? `${schema}.kysely_migration` : 'kysely_migration';
  const exists = await sql<{ t: string | null }>`select to_regclass(${table})::text as t`.execute(db);
  if (!exists.rows[0]?.t) return false;
  const done = await sql<{ name: string }>`select name from ${sql.table(table)}`.execute(db);
  const names = new Set(done.rows.map((r) => r.name));
  const all = Object.keys(migrations);
  return names.size === all.length && all.every((n) => names.has(n));
}
