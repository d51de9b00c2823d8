import { type Kysely, sql } from 'kysely';

// Live figures in steps (issue 12.4, docs/reports.md "Live figures and differencing"): what readers
// below the steering group (municipality contacts) see of a round that is not published is computed
// from a stepped copy of the finest aggregates, not from the latest fold. A block — one unit of a
// municipality, or a municipality's answers without a unit — is copied from `answer_count_cell` and
// `response_count_cell` as a whole, and only when its responses since its last copy form a batch
// (`stepLiveFigures` in queries/live-steps.ts). `live_step` holds the round's step number and the
// time of its last step and check: steps carry their own time, responses none.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('live_step')
    .addColumn('round_id', 'integer', (c) => c.primaryKey().references('round.id').onDelete('cascade'))
    .addColumn('step', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('stepped_at', 'timestamptz')
    .addColumn('checked_at', 'timestamptz', (c) => c.notNull())
    .execute();
  // The same columns as the cells they copy (not their unique keys: a step deletes and inserts a
  // block's rows in one statement), and gone with their round.
  for (const [table, cells] of [
    ['live_answer_cell', 'answer_count_cell'],
    ['live_response_cell', 'response_count_cell'],
  ] as const) {
    await sql`create table ${sql.table(table)} (like ${sql.table(cells)})`.execute(db);
    await sql`alter table ${sql.table(table)}
      add foreign key (round_id) references round (id) on delete cascade`.execute(db);
    await sql`create index ${sql.id(`${table}_block`)} on ${sql.table(table)} (round_id, municipality_id, unit_id)`.execute(
      db,
    );
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('live_response_cell').execute();
  await db.schema.dropTable('live_answer_cell').execute();
  await db.schema.dropTable('live_step').execute();
}
