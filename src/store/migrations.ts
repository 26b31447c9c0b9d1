import { type Kysely, type Migration, type MigrationProvider, Migrator, SqliteAdapter, sql } from 'kysely';

/** One migration set for both dialects: only portable column types (text, integer) are used. */
/** Every migration, applied in name order; the names are what `opsbot_migrations` records. */
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
  // Webhook deliveries seen (src/bot/webhooks): the first insert of (source, key) wins, so a sender's retry or an
  // HA duplicate has no second effect on any replica; `outcome` records what became of it (posted, unrouted…).
  '0002_webhook_deliveries': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('webhook_deliveries')
        .addColumn('source', 'text', (c) => c.notNull())
        .addColumn('delivery_key', 'text', (c) => c.notNull())
        .addColumn('received_at', 'text', (c) => c.notNull())
        .addColumn('outcome', 'text')
        .addColumn('detail', 'text')
        .addPrimaryKeyConstraint('webhook_deliveries_pk', ['source', 'delivery_key'])
        .execute();
      await db.schema.createIndex('webhook_deliveries_received').on('webhook_deliveries').column('received_at').execute();
    },
  },
  '0003_audit_text_search': {
    // Free-text audit search over the whole history. SQLite: an FTS5 trigram index (substring matches, any case)
    // over the audit table's own text, kept by triggers; external content, so the text is not stored twice, and
    // detail=none keeps the index smaller than the table. PostgreSQL has no substring index without the pg_trgm
    // extension, so it scans the same text with ILIKE (newest first, stopping at the limit) and needs nothing here.
    async up(db: Kysely<unknown>) {
      if (!(db.getExecutor().adapter instanceof SqliteAdapter)) return;
      const text = (row: string) => sql.raw(AUDIT_SEARCH_TEXT.replaceAll('$.', `${row}.`));
      await sql`create view audit_text_source as select seq, ${text('audit')} as body from audit`.execute(db);
      await sql`create virtual table audit_text using fts5(body, tokenize = 'trigram', detail = none, content = 'audit_text_source', content_rowid = 'seq')`.execute(db);
      await sql`create trigger audit_text_insert after insert on audit begin insert into audit_text (rowid, body) values (new.seq, ${text('new')}); end`.execute(db);
      // opsbot never changes or deletes a record; these keep the index consistent when someone else does, so a
      // tampered log still searches (and audit verify reports the tampering).
      await sql`create trigger audit_text_delete after delete on audit begin insert into audit_text (audit_text, rowid, body) values ('delete', old.seq, ${text('old')}); end`.execute(db);
      await sql`create trigger audit_text_update after update on audit begin insert into audit_text (audit_text, rowid, body) values ('delete', old.seq, ${text('old')}); insert into audit_text (rowid, body) values (new.seq, ${text('new')}); end`.execute(db);
      await sql`insert into audit_text (audit_text) values ('rebuild')`.execute(db);
    },
  },
  '0004_deploy_locks': {
    async up(db: Kysely<unknown>) {
      // One row per locked service and environment: the primary key makes a second lock (from any replica) a no-op.
      await db.schema
        .createTable('deploy_locks')
        .addColumn('service', 'text', (c) => c.notNull())
        .addColumn('environment', 'text', (c) => c.notNull())
        .addColumn('reason', 'text', (c) => c.notNull())
        .addColumn('locked_by', 'text', (c) => c.notNull())
        .addColumn('locked_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('deploy_locks_pk', ['service', 'environment'])
        .execute();
    },
  },
  '0005_action_preconditions': {
    async up(db: Kysely<unknown>) {
      // The facts a card showed, re-read at approval; covered by args_hash with the arguments.
      await db.schema.alterTable('actions').addColumn('preconditions_json', 'text').execute();
    },
  },
  '0006_outbox': {
    async up(db: Kysely<unknown>) {
      // Everything opsbot posts on its own, written with the fact it reports and sent by a worker (src/bot/outbox).
      // (card_key, seq) orders a card's post and its updates; the unique key makes two writers of one card take turns.
      await db.schema
        .createTable('outbox')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('card_key', 'text', (c) => c.notNull())
        .addColumn('seq', 'integer', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('purpose', 'text', (c) => c.notNull())
        .addColumn('channel', 'text', (c) => c.notNull())
        .addColumn('thread_ts', 'text')
        .addColumn('message_json', 'text', (c) => c.notNull())
        .addColumn('meta_json', 'text')
        .addColumn('state', 'text', (c) => c.notNull())
        .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('next_attempt_at', 'text', (c) => c.notNull())
        .addColumn('expires_at', 'text', (c) => c.notNull())
        .addColumn('claimed_by', 'text')
        .addColumn('claim_until', 'text')
        .addColumn('reason', 'text')
        .addColumn('posted_channel', 'text')
        .addColumn('posted_ts', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addUniqueConstraint('outbox_card_seq', ['card_key', 'seq'])
        .execute();
      await db.schema.createIndex('outbox_state').on('outbox').columns(['state', 'next_attempt_at']).execute();
      // A delivery's parsed body and a handling claim: a process that died between the 202 and recording the
      // outcome leaves the delivery to be handled again by the next sweep, instead of deduped and forgotten.
      await db.schema.alterTable('webhook_deliveries').addColumn('payload_json', 'text').execute();
      await db.schema.alterTable('webhook_deliveries').addColumn('claim_until', 'text').execute();
      },
    },
  '0007_audit_usage_indexes': {
    async up(db: Kysely<unknown>) {
      // Usage reports and incident timelines read the log by kind of record and time, and an action's records by id:
      // without these, each would scan every record (a million of them in a year of a busy team).
      // Covering the usage aggregates (who, which tool, which decision, which front end), so they read only the index.
      const frontEnd = sql.raw(db.getExecutor().adapter instanceof SqliteAdapter ? "json_extract(origin_json, '$.frontEnd')" : "(origin_json::json->>'frontEnd')");
      await sql`create index audit_event_at on audit (event, at, actor, tool, decision, ${frontEnd})`.execute(db);
      await db.schema.createIndex('audit_action').on('audit').column('action_id').execute();
      await db.schema.createIndex('audit_tool_at').on('audit').columns(['tool', 'at']).execute();
    },
  },
};

/**
 * The text free-text audit search looks in, as SQL over one audit row (`$.` stands for the row): every field a
 * person might search for, a line apart so a match cannot straddle two fields. Frozen into migration 0003's
 * triggers; changing it needs a new migration that rebuilds the index.
 */
export const AUDIT_SEARCH_TEXT = ['at', 'actor', 'event', 'tool', 'action_id', 'decision', 'args_json', 'origin_json', 'detail_json']
  .map((column) => `coalesce($.${column}, '')`)
  // A newline inside a string literal is portable SQL (char(10) is SQLite's spelling, chr(10) PostgreSQL's).
  .join(" || '\n' || ");

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

/** The migration names in the order they apply (what a fully migrated store has recorded). */
export const MIGRATION_NAMES: readonly string[] = Object.keys(migrations).sort();
