import { type Kysely, type Migration, type MigrationProvider, Migrator, sql } from 'kysely';

/** One migration set for both dialects: only portable column types (text, integer) are used. */
const migrations: Record<string, Migration> = {
  '0001_initial': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('actions')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('tool', 'text', (c) => c.notNull())
        .addColumn('args_json', 'text', (c) => c.notNull())
        .addColumn('args_hash', 'text', (c) => c.notNull())
        .addColumn('requester', 'text', (c) => c.notNull())
        .addColumn('origin_json', 'text', (c) => c.notNull())
        .addColumn('conversation_id', 'text')
        .addColumn('state', 'text', (c) => c.notNull())
        .addColumn('permission', 'text', (c) => c.notNull())
        .addColumn('approval_json', 'text', (c) => c.notNull())
        .addColumn('policy_version', 'text', (c) => c.notNull())
        .addColumn('summary', 'text', (c) => c.notNull())
        .addColumn('preview_json', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('expires_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addColumn('decided_by', 'text')
        .addColumn('decided_at', 'text')
        .addColumn('result_json', 'text')
        .execute();
      await db.schema.createIndex('actions_state').on('actions').columns(['state', 'created_at']).execute();

      await db.schema
        .createTable('audit')
        .addColumn('seq', 'integer', (c) => c.primaryKey())
        .addColumn('at', 'text', (c) => c.notNull())
        .addColumn('actor', 'text', (c) => c.notNull())
        .addColumn('event', 'text', (c) => c.notNull())
        .addColumn('tool', 'text')
        .addColumn('action_id', 'text')
        .addColumn('args_json', 'text')
        .addColumn('origin_json', 'text')
        .addColumn('decision', 'text')
        .addColumn('detail_json', 'text')
        .addColumn('prev_hash', 'text', (c) => c.notNull())
        .addColumn('hash', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('audit_head')
        .addColumn('id', 'integer', (c) => c.primaryKey())
        .addColumn('seq', 'integer', (c) => c.notNull())
        .addColumn('hash', 'text', (c) => c.notNull())
        .addColumn('touched_at', 'text', (c) => c.notNull())
        .execute();
      await sql`insert into audit_head (id, seq, hash, touched_at) values (1, 0, ${GENESIS_HASH}, ${new Date(0).toISOString()})`.execute(db);

      await db.schema
        .createTable('kv')
        .addColumn('namespace', 'text', (c) => c.notNull())
        .addColumn('key', 'text', (c) => c.notNull())
        .addColumn('value_json', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('kv_pk', ['namespace', 'key'])
        .execute();

      await db.schema
        .createTable('conversations')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('messages_json', 'text', (c) => c.notNull())
        .addColumn('version', 'integer', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('delivered_events')
        .addColumn('event_id', 'text', (c) => c.primaryKey())
        .addColumn('received_at', 'text', (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('watchers')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('target', 'text', (c) => c.notNull())
        .addColumn('owner', 'text', (c) => c.notNull())
        .addColumn('origin_json', 'text', (c) => c.notNull())
        .addColumn('last_status', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('checked_at', 'text')
        .addColumn('seq', 'integer', (c) => c.notNull().defaultTo(0))
        .execute();
    },
  },
  '0002_action_preconditions': {
    async up(db: Kysely<unknown>) {
      // The facts a card showed, re-read at approval; covered by args_hash with the arguments.
      await db.schema.alterTable('actions').addColumn('preconditions_json', 'text').execute();
    },
  },
};

/** Hash that the first audit record chains from. */
export const GENESIS_HASH = '0'.repeat(64);

class StaticProvider implements MigrationProvider {
  async getMigrations(): Promise<Record<string, Migration>> {
    return migrations;
  }
}

/**
 * Applies pending migrations; called at every start-up, possibly by several processes at once on a fresh data
 * directory or database. One of them takes a lock (SQLite: BEGIN IMMEDIATE, waiting out the busy timeout;
 * PostgreSQL: a session advisory lock) and migrates; the others wait for it and then find nothing to do.
 * Kysely's own lock does not cover this: it creates its bookkeeping tables before locking, and on SQLite its
 * lock is a no-op, so two first starts both ran 0001 ("table actions already exists").
 */
export async function migrateToLatest(db: Kysely<unknown>, dialect: 'sqlite' | 'postgres'): Promise<void> {
  await db.connection().execute(async (connection) => {
    if (dialect === 'sqlite') {
      await sql`begin immediate`.execute(connection);
      try {
        await runMigrator(connection, dialect, { disableTransactions: true });
        await sql`commit`.execute(connection);
      } catch (error) {
        await sql`rollback`.execute(connection).catch(() => undefined);
        throw error;
      }
      return;
    }
    await sql`select pg_advisory_lock(${POSTGRES_MIGRATION_LOCK})`.execute(connection);
    try {
      await runMigrator(connection, dialect, { disableTransactions: false });
    } finally {
      await sql`select pg_advisory_unlock(${POSTGRES_MIGRATION_LOCK})`.execute(connection);
    }
  });
}

/** Key of the PostgreSQL advisory lock held while migrating (any fixed number; "opsbot" in ASCII). */
const POSTGRES_MIGRATION_LOCK = 0x6f7073626f74;

async function runMigrator(db: Kysely<unknown>, dialect: 'sqlite' | 'postgres', options: { disableTransactions: boolean }): Promise<void> {
  // On PostgreSQL, name the schema: otherwise Kysely finds the bookkeeping tables of another schema in the same
  // database (another opsbot, a test) and skips creating its own.
  const schema = dialect === 'postgres' ? (await sql<{ schema: string }>`select current_schema() as schema`.execute(db)).rows[0]?.schema : undefined;
  const migrator = new Migrator({
    db,
    provider: new StaticProvider(),
    migrationTableName: 'opsbot_migrations',
    migrationLockTableName: 'opsbot_migrations_lock',
    disableTransactions: options.disableTransactions,
    ...(schema ? { migrationTableSchema: schema } : {}),
  });
  const { error, results } = await migrator.migrateToLatest();
  const failed = results?.find((result) => result.status === 'Error');
  if (error || failed) {
    throw new Error(`database migration failed${failed ? ` at ${failed.migrationName}` : ''}: ${error instanceof Error ? error.message : String(error)}`);
  }
}
