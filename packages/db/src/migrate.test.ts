import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateToLatest } from './migrate.ts';
import { migrations } from './migrations/index.ts';
import { type TestDatabase, openTestDatabase, testEngine } from './testing.ts';

let t: TestDatabase;
beforeAll(async () => {
  t = await openTestDatabase();
});
afterAll(async () => t?.close());

describe(`migrations (${testEngine})`, () => {
  it('run from empty to the newest and create every table', async () => {
    const tables = await sql<{ tablename: string }>`
      select tablename from pg_tables where schemaname = current_schema() order by tablename`.execute(t.db);
    const names = tables.rows.map((r) => r.tablename);
    for (const table of [
      'municipality',
      'unit',
      'round',
      'response',
      'answer',
      'session',
      'audit_log',
      'snapshot_report',
    ]) {
      expect(names).toContain(table);
    }
  });

  it('are idempotent: a second run applies nothing', async () => {
    expect(await migrateToLatest(t.db)).toEqual([]);
    const applied = await t.db
      .selectFrom('kysely_migration' as never)
      .select('name' as never)
      .execute();
    expect(applied).toHaveLength(Object.keys(migrations).length);
  });

  it('return the same JS types on both engines', async () => {
    const row = await sql<{ n: number; d: string; x: number }>`
      select count(*)::int as n, date '2026-03-02' as d, 1.5::float8 as x`.execute(t.db);
    expect(row.rows[0]).toEqual({ n: 1, d: '2026-03-02', x: 1.5 });
  });
});
