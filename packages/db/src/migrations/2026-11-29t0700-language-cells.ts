import { type Kysely, sql } from 'kysely';

// The finest aggregates: value counts and responses per municipality, unit, group and answer
// language, for views filtered by answer language and by age group together with unit kind or
// provider (rule 8 in docs/reports.md). Filled by the fold like the other aggregate tables.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('answer_count_cell')
    .addColumn('round_id', 'integer', (c) => c.notNull().references('round.id').onDelete('cascade'))
    .addColumn('municipality_id', 'integer', (c) => c.notNull())
    .addColumn('unit_id', 'integer')
    .addColumn('group_key', 'text')
    .addColumn('language', 'text', (c) => c.notNull())
    .addColumn('item_key', 'text', (c) => c.notNull())
    .addColumn('value', 'smallint', (c) => c.notNull())
    .addColumn('n', 'integer', (c) => c.notNull())
    .execute();
  await sql`create unique index answer_count_cell_key on answer_count_cell
    (round_id, municipality_id, unit_id, group_key, language, item_key, value) nulls not distinct`.execute(db);
  await db.schema
    .createTable('response_count_cell')
    .addColumn('round_id', 'integer', (c) => c.notNull().references('round.id').onDelete('cascade'))
    .addColumn('municipality_id', 'integer', (c) => c.notNull())
    .addColumn('unit_id', 'integer')
    .addColumn('group_key', 'text')
    .addColumn('language', 'text', (c) => c.notNull())
    .addColumn('n', 'integer', (c) => c.notNull())
    .execute();
  await sql`create unique index response_count_cell_key on response_count_cell
    (round_id, municipality_id, unit_id, group_key, language) nulls not distinct`.execute(db);
  // What the other aggregate tables already hold: responses up to each round's watermark that
  // are not pending, and inbox rows already folded (not held).
  await sql`
    with counted as (
      select r.id, r.round_id, r.municipality_id, r.unit_id, r.group_key, r.language
      from aggregate_state s
      join response r on r.round_id = s.round_id and r.id <= s.watermark and not r.held
      where not exists (select 1 from aggregate_pending p where p.round_id = r.round_id and p.response_id = r.id)
    ),
    answers as (
      insert into answer_count_cell (round_id, municipality_id, unit_id, group_key, language, item_key, value, n)
      select c.round_id, c.municipality_id, c.unit_id, c.group_key, c.language, a.item_key, a.value, count(*)::int
      from counted c join answer a on a.response_id = c.id
      group by c.round_id, c.municipality_id, c.unit_id, c.group_key, c.language, a.item_key, a.value
    )
    insert into response_count_cell (round_id, municipality_id, unit_id, group_key, language, n)
    select round_id, municipality_id, unit_id, group_key, language, count(*)::int from counted
    group by round_id, municipality_id, unit_id, group_key, language`.execute(db);
  await sql`
    with folded as (select * from response_inbox where folded and not held),
    answers as (
      insert into answer_count_cell as t (round_id, municipality_id, unit_id, group_key, language, item_key, value, n)
      select f.round_id, f.municipality_id, f.unit_id, f.group_key, f.language, x.k, x.v, count(*)::int
      from folded f cross join jsonb_to_recordset(f.answers) as x(k text, v smallint)
      group by f.round_id, f.municipality_id, f.unit_id, f.group_key, f.language, x.k, x.v
      on conflict (round_id, municipality_id, unit_id, group_key, language, item_key, value)
      do update set n = t.n + excluded.n
    )
    insert into response_count_cell as t (round_id, municipality_id, unit_id, group_key, language, n)
    select round_id, municipality_id, unit_id, group_key, language, count(*)::int from folded
    group by round_id, municipality_id, unit_id, group_key, language
    on conflict (round_id, municipality_id, unit_id, group_key, language) do update set n = t.n + excluded.n`.execute(
    db,
  );
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('response_count_cell').execute();
  await db.schema.dropTable('answer_count_cell').execute();
}
