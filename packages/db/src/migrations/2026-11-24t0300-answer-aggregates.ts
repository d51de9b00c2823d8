import { type Kysely, sql } from 'kysely';

// Incremental aggregates for reports: answers and responses are counted once, when a
// report first needs them, and a report then reads these small tables instead of every answer.
export async function up(db: Kysely<any>): Promise<void> {
  // Value counts are shown per unit and municipality without groups (groups only for the whole region).
  await db.schema
    .createTable('answer_count_unit')
    .addColumn('round_id', 'integer', (c) => c.notNull().references('round.id').onDelete('cascade'))
    .addColumn('municipality_id', 'integer', (c) => c.notNull())
    .addColumn('unit_id', 'integer')
    .addColumn('item_key', 'text', (c) => c.notNull())
    .addColumn('value', 'smallint', (c) => c.notNull())
    .addColumn('n', 'integer', (c) => c.notNull())
    .execute();
  await sql`create unique index answer_count_unit_key on answer_count_unit
    (round_id, municipality_id, unit_id, item_key, value) nulls not distinct`.execute(db);

  await db.schema
    .createTable('answer_count_municipality')
    .addColumn('round_id', 'integer', (c) => c.notNull().references('round.id').onDelete('cascade'))
    .addColumn('municipality_id', 'integer', (c) => c.notNull())
    .addColumn('item_key', 'text', (c) => c.notNull())
    .addColumn('value', 'smallint', (c) => c.notNull())
    .addColumn('n', 'integer', (c) => c.notNull())
    .execute();
  await sql`create unique index answer_count_municipality_key on answer_count_municipality
    (round_id, municipality_id, item_key, value)`.execute(db);
  // Value counts of one item across municipalities (the overall grade of every municipality).
  await db.schema
    .createIndex('answer_count_municipality_item')
    .on('answer_count_municipality')
    .columns(['round_id', 'item_key'])
    .execute();

  await db.schema
    .createTable('answer_count_region')
    .addColumn('round_id', 'integer', (c) => c.notNull().references('round.id').onDelete('cascade'))
    .addColumn('group_key', 'text')
    .addColumn('item_key', 'text', (c) => c.notNull())
    .addColumn('value', 'smallint', (c) => c.notNull())
    .addColumn('n', 'integer', (c) => c.notNull())
    .execute();
  await sql`create unique index answer_count_region_key on answer_count_region
    (round_id, group_key, item_key, value) nulls not distinct`.execute(db);

  // Small-group protection decides on how many answers each municipality and unit cell holds, by
  // group and item, without the values: these sizes have tables of their own, so reports read a few
  // thousand rows.
  await db.schema
    .createTable('answer_size_municipality')
    .addColumn('round_id', 'integer', (c) => c.notNull().references('round.id').onDelete('cascade'))
    .addColumn('municipality_id', 'integer', (c) => c.notNull())
    .addColumn('group_key', 'text')
    .addColumn('item_key', 'text', (c) => c.notNull())
    .addColumn('answers', 'integer', (c) => c.notNull())
    .addColumn('valid', 'integer', (c) => c.notNull())
    .execute();
  await sql`create unique index answer_size_municipality_key on answer_size_municipality
    (round_id, item_key, municipality_id, group_key) nulls not distinct`.execute(db);

  await db.schema
    .createTable('answer_size_unit')
    .addColumn('round_id', 'integer', (c) => c.notNull().references('round.id').onDelete('cascade'))
    .addColumn('municipality_id', 'integer', (c) => c.notNull())
    .addColumn('unit_id', 'integer')
    .addColumn('group_key', 'text')
    .addColumn('item_key', 'text', (c) => c.notNull())
    .addColumn('answers', 'integer', (c) => c.notNull())
    .addColumn('valid', 'integer', (c) => c.notNull())
    .execute();
  await sql`create unique index answer_size_unit_key on answer_size_unit
    (round_id, municipality_id, item_key, unit_id, group_key) nulls not distinct`.execute(db);

  await db.schema
    .createTable('response_count')
    .addColumn('round_id', 'integer', (c) => c.notNull().references('round.id').onDelete('cascade'))
    .addColumn('municipality_id', 'integer', (c) => c.notNull())
    .addColumn('unit_id', 'integer')
    .addColumn('group_key', 'text')
    .addColumn('n', 'integer', (c) => c.notNull())
    .execute();
  await sql`create unique index response_count_key on response_count
    (round_id, municipality_id, unit_id, group_key) nulls not distinct`.execute(db);

  await db.schema
    .createTable('response_day')
    .addColumn('round_id', 'integer', (c) => c.notNull().references('round.id').onDelete('cascade'))
    .addColumn('municipality_id', 'integer', (c) => c.notNull())
    .addColumn('submitted_on', 'date', (c) => c.notNull())
    .addColumn('n', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('response_day_pk', ['round_id', 'municipality_id', 'submitted_on'])
    .execute();

  // The highest response id folded in per round.
  await db.schema
    .createTable('aggregate_state')
    .addColumn('round_id', 'integer', (c) => c.primaryKey().references('round.id').onDelete('cascade'))
    .addColumn('watermark', 'integer', (c) => c.notNull())
    .addColumn('folded_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  // Response ids below the watermark not yet visible when it moved (a submission still committing, or
  // rolled back): folded in when they appear, forgotten after an hour.
  await db.schema
    .createTable('aggregate_pending')
    .addColumn('round_id', 'integer', (c) => c.notNull().references('round.id').onDelete('cascade'))
    .addColumn('response_id', 'integer', (c) => c.notNull())
    .addColumn('recorded_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('aggregate_pending_pk', ['round_id', 'response_id'])
    .execute();

  // Finds a round's new responses above the watermark without walking other rounds' responses.
  await db.schema.createIndex('response_round_id').on('response').columns(['round_id', 'id']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('response_round_id').execute();
  for (const table of [
    'aggregate_pending',
    'aggregate_state',
    'response_day',
    'response_count',
    'answer_size_unit',
    'answer_size_municipality',
    'answer_count_region',
    'answer_count_municipality',
    'answer_count_unit',
  ]) {
    await db.schema.dropTable(table).execute();
  }
}
