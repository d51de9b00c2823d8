import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import postgres from 'postgres';
import { type Connection, type Db, connect } from './connection.ts';
import { migrateToLatest } from './migrate.ts';
import { AGGREGATE_TABLES } from './queries/aggregates.ts';

export interface TestDatabase extends Connection {
  /** Empties every table and restarts identities, keeping the schema. */
  reset(): Promise<void>;
}

/** Which engine the database tests run on: PostgreSQL when TEST_DATABASE_URL is set, else in-memory PGlite. */
export const testEngine = process.env.TEST_DATABASE_URL ? 'postgres' : 'pglite';

/**
 * A migrated database for one test file: in-memory PGlite, or a schema of its
 * own on the server named by TEST_DATABASE_URL (dropped again on close).
 */
export async function openTestDatabase(): Promise<TestDatabase> {
  const url = process.env.TEST_DATABASE_URL;
  let connection: Connection;
  let dropSchema = async () => {};
  let schema: string | undefined;
  if (url) {
    schema = `t_${randomBytes(6).toString('hex')}`;
    const admin = postgres(url, { max: 1, onnotice: () => {} });
    await admin.unsafe(`create schema ${schema}`);
    connection = await connect({ kind: 'postgres', url, searchPath: schema, maxConnections: 4 });
    dropSchema = async () => {
      await admin.unsafe(`drop schema ${schema} cascade`);
      await admin.end();
    };
  } else {
    connection = await connect({ kind: 'pglite', dataDir: 'memory' });
  }
  await migrateToLatest(connection.db, { schema });
  return {
    ...connection,
    async reset() {
      const tables = await sql<{ tablename: string }>`
        select tablename from pg_tables
        where schemaname = current_schema() and tablename not like 'kysely_%'`.execute(connection.db);
      const names = tables.rows.map((t) => `"${t.tablename}"`).join(', ');
      if (names) await sql.raw(`truncate ${names} restart identity cascade`).execute(connection.db);
    },
    async close() {
      await connection.close();
      await dropSchema();
    },
  };
}

/** Every aggregate row of a round, sorted, so two states (e.g. folded in steps and recounted) compare with toEqual. */
export async function aggregateSnapshot(db: Db, roundId: number) {
  const out: Record<string, unknown[]> = {};
  for (const table of AGGREGATE_TABLES) {
    const { rows } = await sql<Record<string, unknown>>`
      select * from ${sql.table(table)} t where round_id = ${roundId}::int order by row_to_json(t)::text`.execute(db);
    out[table] = rows;
  }
  const days = await sql`select round_id, municipality_id, submitted_on::text as d, n from response_day
    where round_id = ${roundId}::int order by 2, 3`.execute(db);
  out.response_day = days.rows;
  return out;
}
