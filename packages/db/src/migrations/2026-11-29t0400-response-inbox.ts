import { type Kysely, sql } from 'kysely';

// Anonymity at rest (docs/privacy.md, "Who can link what"). A submission no longer writes
// `response`, `answer` and `open_answer`: it writes one row of `response_inbox` (random id,
// answers inside) in the transaction that marks a one-time code used and claims the
// idempotency key. The fold counts new inbox rows and, in the same transaction, rewrites
// the day's inbox rows (in random order), the day's used codes and the day's idempotency
// keys (at most once a minute: "mixing"), so all of them carry one transaction id instead of
// their submission's. Once
// a day has passed (or its round closes) its inbox rows move into `response`, `answer` and
// `open_answer` in one transaction, in random order: ids, `xmin` and physical order say
// no more than the day.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('response_inbox')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('round_id', 'integer', (c) => c.notNull().references('round.id').onDelete('cascade'))
    .addColumn('municipality_id', 'integer', (c) => c.notNull().references('municipality.id'))
    .addColumn('unit_id', 'integer', (c) => c.references('unit.id'))
    .addColumn('group_key', 'text')
    .addColumn('language', 'text', (c) => c.notNull())
    .addColumn('submitted_on', 'date', (c) => c.notNull().defaultTo(sql`current_date`))
    .addColumn('held', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('folded', 'boolean', (c) => c.notNull().defaultTo(false))
    // Rewritten by the last mix (all of the day's rows then share its transaction id).
    .addColumn('mixed', 'boolean', (c) => c.notNull().defaultTo(false))
    // [{k: item key, v: value}] and [{k: item key, t: text}]
    .addColumn('answers', 'jsonb', (c) => c.notNull())
    .addColumn('open_answers', 'jsonb', (c) => c.notNull())
    .execute();
  await sql`create index response_inbox_round on response_inbox (round_id, submitted_on)`.execute(db);
  await sql`create index response_inbox_new on response_inbox (round_id) where not folded and not held`.execute(db);
  await sql`create index response_inbox_unmixed on response_inbox (round_id) where not mixed`.execute(db);
  await db.schema.alterTable('aggregate_state').addColumn('mixed_at', 'timestamptz').execute();

  // The day a code was used, so the fold can rewrite that day's used codes together.
  await db.schema.alterTable('access_code').addColumn('used_on', 'date').execute();
  await sql`create index access_code_used_on on access_code (round_id, used_on) where used_on is not null`.execute(db);
  await sql`create index idempotency_key_round_day on idempotency_key (round_id, created_on)`.execute(db);

  // Every stored response, moved or not yet: what counts of responses read.
  await sql`
    create view stored_response as
      select round_id, municipality_id, unit_id, group_key, language, submitted_on, held from response
      union all
      select round_id, municipality_id, unit_id, group_key, language, submitted_on, held from response_inbox`.execute(
    db,
  );
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop view stored_response`.execute(db);
  await sql`drop index idempotency_key_round_day`.execute(db);
  await sql`drop index access_code_used_on`.execute(db);
  await db.schema.alterTable('access_code').dropColumn('used_on').execute();
  await db.schema.alterTable('aggregate_state').dropColumn('mixed_at').execute();
  await db.schema.dropTable('response_inbox').execute();
}
