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
  await db.schema
    .createTable('live_answer_cell')
    .addColumn('round_id', 'integer', (c) => c.notNull().references('round.id').onDelete('cascade'))
    .addColumn('municipality_id', 'integer', (c) => c.notNull())
    .addColumn('unit_id', 'integer')
    .addColumn('group_key', 'text')
    .addColumn('language', 'text', (c) => c.notNull())
    .addColumn('item_key', 'text', (c) => c.notNull())
    .addColumn('value', 'smallint', (c) => c.notNull())
    .addColumn('n', 'integer', (c) => c.notNull())
    .execute();
  await sql`create index live_answer_cell_block on live_answer_cell (round_id, municipality_id, unit_id)`.execute(db);
  await db.schema
    .createTable('live_response_cell')
    .addColumn('round_id', 'integer', (c) => c.notNull().references('round.id').onDelete('cascade'))
    .addColumn('municipality_id', 'integer', (c) => c.notNull())
    .addColumn('unit_id', 'integer')
    .addColumn('group_key', 'text')
    .addColumn('language', 'text', (c) => c.notNull())
    .addColumn('n', 'integer', (c) => c.notNull())
    .execute();
  await sql`create index live_response_cell_block on live_response_cell (round_id, municipality_id, unit_id)`.execute(
    db,
  );
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('live_response_cell').execute();
  await db.schema.dropTable('live_answer_cell').execute();
  await db.schema.dropTable('live_step').execute();
}
