import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Kysely, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Connection, connect } from '../connection.ts';
import type { Database } from '../database.ts';
import { migrateToLatest } from '../migrate.ts';
import { verifyPassword } from '../passwords.ts';
import { installDefaultInstruments } from '../queries/instruments.ts';
import { testEngine } from '../testing.ts';
import { buildDemoArchive, demoArchiveName, unpackDemoArchive } from './archive.ts';
import { DEMO_USERS, loadDemoData } from './index.ts';

// The prebuilt demo database (scripts/build.mjs → apps/api/dist/demo-seed-N.tar) must hold what a
// fresh generation gives: every table's rows, compared by count and checksum. Left out are only the
// values that differ between any two generations: moments taken from the clock when the rows were
// written (columns defaulting to now(), the migrations' timestamps) and the password hashes (random
// salts; the passwords are checked to verify instead).
const VOLATILE: Record<string, string[]> = { kysely_migration: ['timestamp'], app_user: ['password_hash'] };

const SEED = 2026;
let dir: string;
let prebuilt: Connection;
let fresh: Connection;

async function checksums(db: Kysely<Database>) {
  const { rows: columns } = await sql<{ table: string; column: string }>`
    select table_name as table, column_name as column from information_schema.columns
    where table_schema = current_schema() and coalesce(column_default, '') <> 'now()'
    order by table_name, ordinal_position`.execute(db);
  const tables = new Map<string, string[]>();
  for (const c of columns) {
    if (VOLATILE[c.table]?.includes(c.column)) continue;
    tables.set(c.table, [...(tables.get(c.table) ?? []), c.column]);
  }
  const out: Record<string, { rows: number; md5: string }> = {};
  for (const [table, cols] of tables) {
    const list = sql.join(cols.map((c) => sql.id(c)));
    const { rows } = await sql<{ rows: number; md5: string }>`
      select count(*)::int as rows, coalesce(md5(string_agg(t::text, E'\\n' order by t::text)), '') as md5
      from (select ${list} from ${sql.id(table)}) t`.execute(db);
    out[table] = rows[0]!;
  }
  return out;
}

describe.skipIf(testEngine === 'postgres')('prebuilt demo database', () => {
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'gs-demo-archive-'));
    const { archive } = await buildDemoArchive(SEED);
    writeFileSync(join(dir, demoArchiveName(SEED)), archive);
    expect(unpackDemoArchive(dir, SEED, join(dir, 'data'))).toBe(true);
    prebuilt = await connect({ kind: 'pglite', dataDir: join(dir, 'data') });
    await migrateToLatest(prebuilt.db);
  });
  beforeAll(async () => {
    fresh = await connect({ kind: 'pglite', dataDir: 'memory' });
    await migrateToLatest(fresh.db);
    await loadDemoData(fresh.db, { seed: SEED });
    await installDefaultInstruments(fresh.db);
  });
  afterAll(async () => {
    await prebuilt?.close();
    await fresh?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('holds the same rows in every table as a fresh generation with the same seed', async () => {
    const [a, b] = await Promise.all([checksums(prebuilt.db), checksums(fresh.db)]);
    expect(Object.keys(a).length).toBeGreaterThan(20);
    expect(a.answer!.rows).toBeGreaterThan(100_000);
    expect(a).toEqual(b);
  });

  it('signs in the demo users', async () => {
    for (const u of DEMO_USERS) {
      const row = await prebuilt.db
        .selectFrom('app_user')
        .select('password_hash')
        .where('email', '=', u.email)
        .executeTakeFirstOrThrow();
      expect(await verifyPassword(u.password, row.password_hash)).toBe(true);
    }
  });

  it('is used only for an empty data directory', () => {
    expect(unpackDemoArchive(dir, SEED, join(dir, 'data'))).toBe(false);
    expect(unpackDemoArchive(dir, SEED + 1, join(dir, 'other'))).toBe(false);
  });
});
