import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { Kysely, PGliteDialect, sql } from 'kysely';
import { PostgresJSDialect } from 'kysely-postgres-js';
import postgres from 'postgres';
import type { Database } from './database.ts';

export type Db = Kysely<Database>;

export type ConnectionConfig =
  | { kind: 'postgres'; url: string; maxConnections?: number; searchPath?: string }
  | { kind: 'pglite'; dataDir: string | 'memory' };

export interface Connection {
  db: Db;
  kind: ConnectionConfig['kind'];
  /** The embedded engine itself (PGlite only), e.g. to dump its data directory. */
  pglite?: PGlite;
  close(): Promise<void>;
}

/**
 * Opens the database: a PostgreSQL server through postgres.js, or embedded
 * PGlite stored in a directory (or in memory for tests).
 *
 * @example
 * const { db, close } = await connect({ kind: 'pglite', dataDir: 'memory' });
 */
export async function connect(config: ConnectionConfig): Promise<Connection> {
  if (config.kind === 'postgres') {
    const client = postgres(config.url, {
      max: config.maxConnections ?? 10,
      onnotice: () => {},
      connection: config.searchPath ? { search_path: config.searchPath } : {},
      // Dates stay ISO strings on both engines (PGlite is configured the same way below).
      types: { date: { to: 1082, from: [1082], serialize: (x: string) => x, parse: (x: string) => x } },
    });
    const db = new Kysely<Database>({ dialect: new PostgresJSDialect({ postgres: client }) });
    return { db, kind: 'postgres', close: () => db.destroy() };
  }
  if (config.dataDir !== 'memory') mkdirSync(config.dataDir, { recursive: true });
  const pglite = new PGlite(config.dataDir === 'memory' ? undefined : config.dataDir);
  await pglite.waitReady;
  pglite.parsers[1082] = (x: string) => x;
  const db = new Kysely<Database>({ dialect: new PGliteDialect({ pglite }) });
  return { db, kind: 'pglite', pglite, close: () => db.destroy() };
}

/** Round-trips a trivial query; throws when the database cannot be reached. */
export async function pingDatabase(db: Db): Promise<void> {
  await sql`select 1`.execute(db);
}
