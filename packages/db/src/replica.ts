import { type Kysely, sql } from 'kysely';
import type { ReportSource } from '@gs/schema';
import type { Database } from './database.ts';

type Db = Kysely<Database>;

// Which database reports read from, per primary: set once at start (DATABASE_REPLICA_URL).
const readers = new WeakMap<Db, Db>();

/** Reports made through `primary` read from `replica`, a streaming standby of it; writes stay on `primary`. */
export function useReplica(primary: Db, replica: Db): void {
  readers.set(primary, replica);
}

/** Where reports read: the replica registered for this database, or the database itself. */
export function readerOf(db: Db): Db {
  return readers.get(db) ?? db;
}

/**
 * The source of live figures read from `read` after folding on `primary`. On the primary they are
 * as of now; on a replica that has not replayed all it received they are as old as its last
 * replayed transaction, and the reply says by how much (`replicaLagMs`).
 */
export async function liveSource(primary: Db, read: Db): Promise<Extract<ReportSource, { kind: 'live' }>> {
  const now = Date.now();
  if (read === primary) return { kind: 'live', asOf: new Date(now).toISOString() };
  const { rows } = await sql<{ lag_ms: number }>`
    select (case
      when not pg_is_in_recovery() or pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn() then 0
      else coalesce(extract(epoch from clock_timestamp() - pg_last_xact_replay_timestamp()) * 1000, 0)
    end)::float8 as lag_ms`.execute(read);
  const lagMs = Math.max(0, Math.round(rows[0]?.lag_ms ?? 0));
  return { kind: 'live', asOf: new Date(now - lagMs).toISOString(), replicaLagMs: lagMs };
}
