import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import { OpsbotError } from '../errors.js';
import { migrateToLatest } from './migrations.js';
import { cachingStatements } from './statement-cache.js';
import type { Database } from './schema.js';

/** An open database with its dialect name; everything else talks to `db` through Kysely, never to a driver. */
export interface Store {
  db: Kysely<Database>;
  dialect: 'sqlite' | 'postgres';
  /** Runs `hook` when the store closes, before its connections do: writers that buffer (the audit log) flush there. */
  beforeClose(hook: () => Promise<void>): void;
  close(): Promise<void>;
}

export interface StoreOptions {
  /** PostgreSQL connection string; when absent, SQLite in `dataDir`. */
  databaseUrl?: string;
  dataDir?: string;
  /** SQLite in memory (tests). */
  memory?: boolean;
}

export async function openStore(options: StoreOptions): Promise<Store> {
  const store = options.databaseUrl ? await openPostgres(options.databaseUrl) : openSqlite(options);
  try {
    await migrateToLatest(store.db as Kysely<unknown>, store.dialect);
  } catch (error) {
    await store.close();
    throw new OpsbotError('store_migration_failed', error instanceof Error ? error.message : String(error), { cause: error });
  }
  return store;
}

/** How long a write waits for another process's; generous, since many processes may start at once on 2 cores. */
const SQLITE_BUSY_TIMEOUT_MS = 15_000;

function openSqlite(options: StoreOptions): Store {
  let file = ':memory:';
  if (!options.memory) {
    const dir = options.dataDir ?? '.opsbot';
    mkdirSync(dir, { recursive: true });
    file = join(dir, 'opsbot.db');
  }
  const database = new BetterSqlite3(file);
  // First, so that everything after it (switching a fresh file to WAL, the migration lock) waits for another
  // process starting at the same moment instead of failing with SQLITE_BUSY.
  database.pragma(`busy_timeout = ${SQLITE_BUSY_TIMEOUT_MS}`);
  switchToWal(database);
  database.pragma('synchronous = NORMAL');
  database.pragma('foreign_keys = ON');
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: cachingStatements(database) }) });
  return closingAfterHooks(db, 'sqlite');
}

/**
 * Switching a fresh file to WAL needs a moment alone with it, and SQLite may answer SQLITE_BUSY to that without
 * waiting on the busy timeout while another process starting at the same moment holds the file; so this waits
 * and tries again, up to the busy timeout, like every other write does.
 */
function switchToWal(database: BetterSqlite3.Database): void {
  const deadline = Date.now() + SQLITE_BUSY_TIMEOUT_MS;
  for (;;) {
    try {
      database.pragma('journal_mode = WAL');
      return;
    } catch (error) {
      const busy = error instanceof Error && 'code' in error && String(error.code).startsWith('SQLITE_BUSY');
      if (!busy || Date.now() > deadline) throw error;
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 25);
    }
  }
}

async function openPostgres(connectionString: string): Promise<Store> {
  // Loaded only when used: most installs run on SQLite, and start-up time matters for `opsbot mcp`.
  const { default: pg } = await import('pg');
  // A connect that cannot finish fails after 10 s instead of hanging a request (and /readyz) while PostgreSQL is down.
  const pool = new pg.Pool({ connectionString, max: 5, connectionTimeoutMillis: 10_000 });
  // An idle connection the server drops (a restart, a failover) is an 'error' event on the pool, which would end the
  // process unhandled; the pool discards that client and opens a new one for the next query, which reports its own error.
  pool.on('error', () => undefined);
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return closingAfterHooks(db, 'postgres');
}

/** A store whose close runs the before-close hooks first (each once, all of them even if one fails), then lets go of the database. */
function closingAfterHooks(db: Kysely<Database>, dialect: Store['dialect']): Store {
  const hooks: Array<() => Promise<void>> = [];
  return {
    db,
    dialect,
    beforeClose: (hook) => void hooks.push(hook),
    async close() {
      const results = await Promise.allSettled(hooks.splice(0).map((hook) => hook()));
      await db.destroy();
      const failed = results.find((result) => result.status === 'rejected');
      if (failed) throw failed.reason;
    },
  };
}
