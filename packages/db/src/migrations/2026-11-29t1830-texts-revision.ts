import { type Kysely, sql } from 'kysely';

// Issue 13.2: a questionnaire version's translations may be imported after a round uses it (its meaning
// stays fixed, the home-language texts do not). Each change of a version's texts bumps its revision, so
// a process that keeps a parsed definition (the survey's) knows when to read it again.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table instrument_version add column texts_revision integer not null default 0`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`alter table instrument_version drop column texts_revision`.execute(db);
}
