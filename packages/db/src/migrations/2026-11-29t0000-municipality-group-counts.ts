import { type Kysely, sql } from 'kysely';

// Value counts per municipality and group, for municipality reports and tables filtered by age
// group or grade band; and which background filters the public may use (a network setting).
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('answer_count_municipality_group')
    .addColumn('round_id', 'integer', (c) => c.notNull().references('round.id').onDelete('cascade'))
    .addColumn('municipality_id', 'integer', (c) => c.notNull())
    .addColumn('group_key', 'text')
    .addColumn('item_key', 'text', (c) => c.notNull())
    .addColumn('value', 'smallint', (c) => c.notNull())
    .addColumn('n', 'integer', (c) => c.notNull())
    .execute();
  await sql`create unique index answer_count_municipality_group_key on answer_count_municipality_group
    (round_id, municipality_id, group_key, item_key, value) nulls not distinct`.execute(db);
  // What the other aggregate tables already hold: responses up to each round's watermark that are not pending.
  await sql`
    insert into answer_count_municipality_group (round_id, municipality_id, group_key, item_key, value, n)
    select r.round_id, r.municipality_id, r.group_key, a.item_key, a.value, count(*)::int
    from aggregate_state s
    join response r on r.round_id = s.round_id and r.id <= s.watermark
    join answer a on a.response_id = r.id
    where not exists (select 1 from aggregate_pending p where p.round_id = r.round_id and p.response_id = r.id)
    group by r.round_id, r.municipality_id, r.group_key, a.item_key, a.value`.execute(db);

  await db.schema
    .alterTable('network_settings')
    .addColumn('public_filters', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('network_settings').dropColumn('public_filters').execute();
  await db.schema.dropTable('answer_count_municipality_group').execute();
}
