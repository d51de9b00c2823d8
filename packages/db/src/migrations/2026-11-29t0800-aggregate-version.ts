import { type Kysely, sql } from 'kysely';

// A round's aggregate version: a fresh value from one sequence whenever the round's aggregates change
// (every fold that counted something, a held release, a rebuild). Live reports are cached per version
// (apps/api/src/reports/report-cache.ts). One sequence for all rounds, not a per-row counter: a rebuild
// deletes the round's state row, and TRUNCATE … RESTART IDENTITY of the tables does not reset it, so a
// version is never handed out twice and an old cache entry can never match new figures.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create sequence aggregate_version`.execute(db);
  await sql`alter table aggregate_state add column version bigint not null default nextval('aggregate_version')`.execute(
    db,
  );
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`alter table aggregate_state drop column version`.execute(db);
  await sql`drop sequence aggregate_version`.execute(db);
}
