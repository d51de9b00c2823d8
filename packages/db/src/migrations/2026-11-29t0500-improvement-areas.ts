import { type Kysely, sql } from 'kysely';

// Development targets the steering group picks from a round's results and follows up in the
// next round of the same family: for the region (municipality_id null) or one municipality,
// one item or a whole theme (section) of the round's questionnaire. The name of who decided
// is kept as it was then, so the record survives a renamed or removed user.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('improvement_area')
    .addColumn('id', 'serial', (c) => c.primaryKey())
    .addColumn('round_id', 'integer', (c) => c.notNull().references('round.id').onDelete('cascade'))
    .addColumn('municipality_id', 'integer', (c) => c.references('municipality.id'))
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('item', 'theme')`))
    .addColumn('key', 'text', (c) => c.notNull().check(sql`char_length(key) between 1 and 64`))
    .addColumn('note', 'text', (c) => c.notNull().check(sql`char_length(note) between 1 and 500`))
    .addColumn('decided_by', 'integer', (c) => c.references('app_user.id').onDelete('set null'))
    .addColumn('decided_by_name', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  // One target per round, scope and item or theme.
  await sql`create unique index improvement_area_target
    on improvement_area (round_id, coalesce(municipality_id, 0), kind, key)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('improvement_area').execute();
}
