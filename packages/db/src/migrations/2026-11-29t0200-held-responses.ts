import { type Kysely, sql } from 'kysely';

// Open-link responses that arrive in an implausible burst from one client are kept but not
// counted until a coordinator releases them (or discards them). The flag says nothing about
// who sent a response; the throttle counters that decide it live in sign_in_window under
// keyed hashes that change daily, with no response id.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('response')
    .addColumn('held', 'boolean', (c) => c.notNull().defaultTo(false))
    .execute();
  await sql`create index response_held on response (round_id, municipality_id, unit_id) where held`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index response_held`.execute(db);
  await db.schema.alterTable('response').dropColumn('held').execute();
}
