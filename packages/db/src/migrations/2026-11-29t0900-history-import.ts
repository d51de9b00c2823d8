import { type Kysely, sql } from 'kysely';

// History import (issue 9.2): a round run in another tool comes in as a published round whose
// counts go into the same aggregate tables the fold fills; this table marks it as imported, with
// its source note, the file and the content hash that makes a repeated import change nothing.
// Files with only means and n have no counts per scale point: their figures have a table of their own.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('history_import')
    .addColumn('round_id', 'integer', (c) => c.primaryKey().references('round.id').onDelete('cascade'))
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('file_name', 'text', (c) => c.notNull())
    .addColumn('content_hash', 'text', (c) => c.notNull())
    .addColumn('format', 'text', (c) => c.notNull().check(sql`format in ('counts', 'means')`))
    .addColumn('mapping', 'jsonb', (c) => c.notNull())
    .addColumn('rows', 'integer', (c) => c.notNull())
    .addColumn('imported_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('imported_by', 'integer', (c) => c.references('app_user.id').onDelete('set null'))
    .execute();

  await db.schema
    .createTable('imported_mean')
    .addColumn('round_id', 'integer', (c) => c.notNull().references('round.id').onDelete('cascade'))
    .addColumn('municipality_id', 'integer', (c) => c.notNull())
    .addColumn('unit_id', 'integer')
    .addColumn('item_key', 'text', (c) => c.notNull())
    .addColumn('n', 'integer', (c) => c.notNull().check(sql`n >= 0`))
    .addColumn('mean', 'float8', (c) => c.notNull())
    .addColumn('sd', 'float8')
    .execute();
  await sql`create unique index imported_mean_key on imported_mean
    (round_id, municipality_id, unit_id, item_key) nulls not distinct`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('imported_mean').execute();
  await db.schema.dropTable('history_import').execute();
}
