import { type Kysely, sql } from 'kysely';

// Small-group protection decides on how many answers each municipality and unit cell holds, by
// group and item, without the values: these sizes get tables of their own, so reports read a few
// thousand rows. Value counts are shown per unit and municipality without groups (groups only for
// the whole region), so they drop the group: a fifth of the rows to fold in and read.
export async function up(db: Kysely<any>): Promise<void> {
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

  // Databases that already folded answers get their sizes from the counts.
  await sql`insert into answer_size_municipality (round_id, municipality_id, group_key, item_key, answers, valid)
    select round_id, municipality_id, group_key, item_key, sum(n)::int, coalesce(sum(n) filter (where value > 0), 0)::int
    from answer_count_municipality group by round_id, municipality_id, group_key, item_key`.execute(db);
  await sql`insert into answer_size_unit (round_id, municipality_id, unit_id, group_key, item_key, answers, valid)
    select round_id, municipality_id, unit_id, group_key, item_key, sum(n)::int,
      coalesce(sum(n) filter (where value > 0), 0)::int
    from answer_count group by round_id, municipality_id, unit_id, group_key, item_key`.execute(db);

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
  await sql`insert into answer_count_unit (round_id, municipality_id, unit_id, item_key, value, n)
    select round_id, municipality_id, unit_id, item_key, value, sum(n)::int from answer_count
    group by round_id, municipality_id, unit_id, item_key, value`.execute(db);
  await db.schema.dropTable('answer_count').execute();

  await db.schema
    .createTable('answer_count_place')
    .addColumn('round_id', 'integer', (c) => c.notNull().references('round.id').onDelete('cascade'))
    .addColumn('municipality_id', 'integer', (c) => c.notNull())
    .addColumn('item_key', 'text', (c) => c.notNull())
    .addColumn('value', 'smallint', (c) => c.notNull())
    .addColumn('n', 'integer', (c) => c.notNull())
    .execute();
  await sql`insert into answer_count_place (round_id, municipality_id, item_key, value, n)
    select round_id, municipality_id, item_key, value, sum(n)::int from answer_count_municipality
    group by round_id, municipality_id, item_key, value`.execute(db);
  await db.schema.dropTable('answer_count_municipality').execute();
  await sql`alter table answer_count_place rename to answer_count_municipality`.execute(db);
  await sql`create unique index answer_count_municipality_key on answer_count_municipality
    (round_id, municipality_id, item_key, value)`.execute(db);
  // Value counts of one item across municipalities (the overall grade of every municipality).
  await db.schema
    .createIndex('answer_count_municipality_item')
    .on('answer_count_municipality')
    .columns(['round_id', 'item_key'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('answer_size_unit').execute();
  await db.schema.dropTable('answer_size_municipality').execute();
  await db.schema.dropTable('answer_count_unit').execute();
  await db.schema.dropTable('answer_count_municipality').execute();
  await db.schema
    .createTable('answer_count')
    .addColumn('round_id', 'integer', (c) => c.notNull().references('round.id').onDelete('cascade'))
    .addColumn('municipality_id', 'integer', (c) => c.notNull())
    .addColumn('unit_id', 'integer')
    .addColumn('group_key', 'text')
    .addColumn('item_key', 'text', (c) => c.notNull())
    .addColumn('value', 'smallint', (c) => c.notNull())
    .addColumn('n', 'integer', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('answer_count_municipality')
    .addColumn('round_id', 'integer', (c) => c.notNull().references('round.id').onDelete('cascade'))
    .addColumn('municipality_id', 'integer', (c) => c.notNull())
    .addColumn('group_key', 'text')
    .addColumn('item_key', 'text', (c) => c.notNull())
    .addColumn('value', 'smallint', (c) => c.notNull())
    .addColumn('n', 'integer', (c) => c.notNull())
    .execute();
}
