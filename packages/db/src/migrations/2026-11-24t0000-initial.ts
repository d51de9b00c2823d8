import { type Kysely, sql } from 'kysely';

// Migrations take Kysely<any> and import no application code; never edit one after it lands.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('network_settings')
    .addColumn('id', 'integer', (c) => c.primaryKey().check(sql`id = 1`))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('controller_text', 'jsonb', (c) => c.notNull())
    .addColumn('suppression_threshold', 'integer', (c) =>
      c.notNull().defaultTo(5).check(sql`suppression_threshold >= 3`),
    )
    .addColumn('cycle_rule', 'jsonb', (c) => c.notNull().defaultTo(sql`'{"odd":"ecec","even":"basic"}'::jsonb`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  await db.schema
    .createTable('municipality')
    .addColumn('id', 'integer', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('code', 'text', (c) => c.notNull().unique().check(sql`code ~ '^[0-9]{3}$'`))
    .addColumn('names', 'jsonb', (c) => c.notNull())
    .addColumn('population', 'integer', (c) => c.notNull().check(sql`population >= 0`))
    .addColumn('active', 'boolean', (c) => c.notNull().defaultTo(true))
    .execute();

  await db.schema
    .createTable('unit')
    .addColumn('id', 'integer', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('municipality_id', 'integer', (c) => c.notNull().references('municipality.id'))
    .addColumn('code', 'text', (c) => c.notNull())
    .addColumn('names', 'jsonb', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('ecec', 'pre_primary', 'school')`))
    .addColumn('provider', 'text', (c) => c.notNull().check(sql`provider in ('municipal', 'private')`))
    .addColumn('active_from', 'integer', (c) => c.notNull())
    .addColumn('active_to', 'integer')
    .addUniqueConstraint('unit_municipality_code', ['municipality_id', 'code'])
    .addCheckConstraint('unit_active_years', sql`active_to is null or active_to >= active_from`)
    .execute();

  await db.schema
    .createTable('instrument_family')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('names', 'jsonb', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('instrument_version')
    .addColumn('id', 'integer', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('family_key', 'text', (c) => c.notNull().references('instrument_family.key'))
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('definition', 'jsonb', (c) => c.notNull())
    .addColumn('based_on_id', 'integer', (c) => c.references('instrument_version.id'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint('instrument_version_family_version', ['family_key', 'version'])
    .execute();

  await db.schema
    .createTable('instrument_item')
    .addColumn('id', 'integer', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('version_id', 'integer', (c) => c.notNull().references('instrument_version.id').onDelete('cascade'))
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('section_key', 'text', (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull().check(sql`type in ('statement', 'grade', 'open')`))
    .addColumn('lineage', 'text', (c) => c.notNull().check(sql`lineage in ('same', 'changed', 'new')`))
    .addUniqueConstraint('instrument_item_version_key', ['version_id', 'key'])
    .execute();

  await db.schema
    .createTable('round')
    .addColumn('id', 'integer', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('slug', 'text', (c) => c.notNull().unique())
    .addColumn('family_key', 'text', (c) => c.notNull().references('instrument_family.key'))
    .addColumn('instrument_version_id', 'integer', (c) => c.notNull().references('instrument_version.id'))
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('opens_on', 'date', (c) => c.notNull())
    .addColumn('closes_on', 'date', (c) => c.notNull())
    .addColumn('status', 'text', (c) =>
      c.notNull().defaultTo('draft').check(sql`status in ('draft', 'open', 'closed', 'published')`),
    )
    .addColumn('cycle_override_reason', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addCheckConstraint('round_dates', sql`closes_on >= opens_on`)
    .execute();

  await db.schema
    .createTable('round_municipality')
    .addColumn('round_id', 'integer', (c) => c.notNull().references('round.id').onDelete('cascade'))
    .addColumn('municipality_id', 'integer', (c) => c.notNull().references('municipality.id'))
    .addPrimaryKeyConstraint('round_municipality_pk', ['round_id', 'municipality_id'])
    .execute();

  await db.schema
    .createTable('base_count')
    .addColumn('id', 'integer', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('round_id', 'integer', (c) => c.notNull().references('round.id').onDelete('cascade'))
    .addColumn('municipality_id', 'integer', (c) => c.notNull().references('municipality.id'))
    .addColumn('unit_id', 'integer', (c) => c.references('unit.id'))
    .addColumn('group_key', 'text', (c) => c.notNull())
    .addColumn('enrolled', 'integer', (c) => c.notNull().check(sql`enrolled >= 0`))
    .execute();
  await sql`create unique index base_count_scope on base_count (round_id, municipality_id, unit_id, group_key) nulls not distinct`.execute(
    db,
  );

  // Anonymous by construction: no IP, no user agent, no time of day, nothing linking to a code or a session.
  await db.schema
    .createTable('response')
    .addColumn('id', 'integer', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('round_id', 'integer', (c) => c.notNull().references('round.id'))
    .addColumn('municipality_id', 'integer', (c) => c.notNull().references('municipality.id'))
    .addColumn('unit_id', 'integer', (c) => c.references('unit.id'))
    .addColumn('group_key', 'text')
    .addColumn('language', 'text', (c) => c.notNull())
    .addColumn('submitted_on', 'date', (c) => c.notNull().defaultTo(sql`current_date`))
    .execute();
  await db.schema
    .createIndex('response_round_scope')
    .on('response')
    .columns(['round_id', 'municipality_id', 'unit_id'])
    .execute();

  // value: 0 = can't say, otherwise the point on the item's scale (1-5, grade 4-10).
  await db.schema
    .createTable('answer')
    .addColumn('response_id', 'integer', (c) => c.notNull().references('response.id').onDelete('cascade'))
    .addColumn('item_key', 'text', (c) => c.notNull())
    .addColumn('value', 'smallint', (c) => c.notNull().check(sql`value between 0 and 10`))
    .addPrimaryKeyConstraint('answer_pk', ['response_id', 'item_key'])
    .execute();

  await db.schema
    .createTable('open_answer')
    .addColumn('id', 'integer', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('response_id', 'integer', (c) => c.notNull().references('response.id').onDelete('cascade'))
    .addColumn('round_id', 'integer', (c) => c.notNull().references('round.id'))
    .addColumn('municipality_id', 'integer', (c) => c.notNull().references('municipality.id'))
    .addColumn('unit_id', 'integer', (c) => c.references('unit.id'))
    .addColumn('item_key', 'text', (c) => c.notNull())
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) =>
      c.notNull().defaultTo('pending').check(sql`state in ('pending', 'approved', 'hidden')`),
    )
    .addColumn('redacted_text', 'text')
    .addColumn('moderated_at', 'timestamptz')
    .execute();
  await db.schema
    .createIndex('open_answer_queue')
    .on('open_answer')
    .columns(['round_id', 'municipality_id', 'state'])
    .execute();

  // One-time codes: only a hash and a used flag, nothing that ties a code to the response it submitted.
  await db.schema
    .createTable('access_code')
    .addColumn('id', 'integer', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('round_id', 'integer', (c) => c.notNull().references('round.id').onDelete('cascade'))
    .addColumn('municipality_id', 'integer', (c) => c.references('municipality.id'))
    .addColumn('unit_id', 'integer', (c) => c.references('unit.id'))
    .addColumn('code_hash', 'text', (c) => c.notNull().unique())
    .addColumn('used', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('batch', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
  await db.schema
    .createIndex('access_code_round')
    .on('access_code')
    .columns(['round_id', 'municipality_id', 'unit_id'])
    .execute();

  // A submission's idempotency key and the result it got, so a retry gets the same answer.
  await db.schema
    .createTable('idempotency_key')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('round_id', 'integer', (c) => c.notNull().references('round.id').onDelete('cascade'))
    .addColumn('result', 'jsonb', (c) => c.notNull())
    .addColumn('created_on', 'date', (c) => c.notNull().defaultTo(sql`current_date`))
    .execute();

  // Unfinished answers, found by the hash of a resume token; never counted, deleted when the round closes.
  await db.schema
    .createTable('response_draft')
    .addColumn('token_hash', 'text', (c) => c.primaryKey())
    .addColumn('round_id', 'integer', (c) => c.notNull().references('round.id').onDelete('cascade'))
    .addColumn('data', 'jsonb', (c) => c.notNull())
    .addColumn('updated_on', 'date', (c) => c.notNull().defaultTo(sql`current_date`))
    .execute();

  await db.schema
    .createTable('app_user')
    .addColumn('id', 'integer', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('email', 'text', (c) => c.notNull().unique().check(sql`email = lower(email)`))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('password_hash', 'text', (c) => c.notNull())
    .addColumn('role', 'text', (c) =>
      c.notNull().check(sql`role in ('coordinator', 'municipality_contact', 'steering_group')`),
    )
    .addColumn('municipality_id', 'integer', (c) => c.references('municipality.id'))
    .addColumn('active', 'boolean', (c) => c.notNull().defaultTo(true))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addCheckConstraint(
      'app_user_contact_municipality',
      sql`(role = 'municipality_contact') = (municipality_id is not null)`,
    )
    .execute();

  await db.schema
    .createTable('session')
    .addColumn('id_hash', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'integer', (c) => c.notNull().references('app_user.id').onDelete('cascade'))
    .addColumn('csrf_token', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('audit_log')
    .addColumn('id', 'integer', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('user_id', 'integer', (c) => c.references('app_user.id'))
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('entity', 'text', (c) => c.notNull())
    .addColumn('entity_id', 'text')
    .addColumn('details', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .execute();

  await db.schema
    .createTable('published_snapshot')
    .addColumn('id', 'integer', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('round_id', 'integer', (c) => c.notNull().references('round.id'))
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('reason', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('created_by', 'integer', (c) => c.references('app_user.id'))
    .addUniqueConstraint('published_snapshot_round_version', ['round_id', 'version'])
    .execute();

  // One frozen, already-suppressed report per scope ('region', 'municipality:398', 'unit:12').
  await db.schema
    .createTable('snapshot_report')
    .addColumn('snapshot_id', 'integer', (c) => c.notNull().references('published_snapshot.id'))
    .addColumn('scope', 'text', (c) => c.notNull())
    .addColumn('report', 'jsonb', (c) => c.notNull())
    .addPrimaryKeyConstraint('snapshot_report_pk', ['snapshot_id', 'scope'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [
    'snapshot_report',
    'published_snapshot',
    'audit_log',
    'session',
    'app_user',
    'response_draft',
    'idempotency_key',
    'access_code',
    'open_answer',
    'answer',
    'response',
    'base_count',
    'round_municipality',
    'round',
    'instrument_item',
    'instrument_version',
    'instrument_family',
    'unit',
    'municipality',
    'network_settings',
  ]) {
    await db.schema.dropTable(table).execute();
  }
}
