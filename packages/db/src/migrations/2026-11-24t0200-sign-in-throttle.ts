import type { Kysely } from 'kysely';

// Sign-in throttling lives in the database so that several API instances share it.
// Keyed by a hash of the e-mail typed; no IP address is stored (privacy rule).
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('sign_in_account')
    .addColumn('email_hash', 'text', (c) => c.primaryKey())
    .addColumn('consecutive_failures', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('locked_until', 'timestamptz')
    .addColumn('last_failure_at', 'timestamptz')
    .execute();

  await db.schema
    .createTable('sign_in_window')
    .addColumn('email_hash', 'text', (c) => c.notNull())
    .addColumn('window_start', 'timestamptz', (c) => c.notNull())
    .addColumn('failures', 'integer', (c) => c.notNull().defaultTo(0))
    .addPrimaryKeyConstraint('sign_in_window_pk', ['email_hash', 'window_start'])
    .execute();
  await db.schema.createIndex('sign_in_window_start').on('sign_in_window').column('window_start').execute();

  await db.schema.createIndex('session_expires').on('session').column('expires_at').execute();
  await db.schema.createIndex('session_user').on('session').column('user_id').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('session_user').execute();
  await db.schema.dropIndex('session_expires').execute();
  await db.schema.dropTable('sign_in_window').execute();
  await db.schema.dropTable('sign_in_account').execute();
}
