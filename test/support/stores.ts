import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { openStore, type Store } from '../../src/store/open-store.js';

/** PostgreSQL for contract tests: DATABASE_URL_TEST, else the local test database these machines run. */
export const POSTGRES_URL = process.env.OPSBOT_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** Whether PostgreSQL answers; tests that need it skip cleanly where it does not. */
export async function postgresAvailable(): Promise<boolean> {
  const client = new pg.Client({ connectionString: POSTGRES_URL, connectionTimeoutMillis: 1500 });
  try {
    await client.connect();
    await client.query('select 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** A fresh, isolated store of each dialect: SQLite on disk, or a new PostgreSQL schema. */
export interface StoreFactory {
  name: string;
  open(): Promise<{ store: Store; url?: string; dataDir?: string; reopen(): Promise<Store>; cleanup(): Promise<void> }>;
}

export const sqliteFactory: StoreFactory = {
  name: 'sqlite',
  async open() {
    const dataDir = mkdtempSync(join(tmpdir(), 'opsbot-store-'));
    const store = await openStore({ dataDir });
    return { store, dataDir, reopen: () => openStore({ dataDir }), cleanup: async () => rmSync(dataDir, { recursive: true, force: true }) };
  },
};

/**
 * A fresh database per store: PostgreSQL introspection (which Kysely's migrator uses) spans every schema of a
 * database, so schemas created and dropped by tests running side by side would disturb each other.
 */
export const postgresFactory: StoreFactory = {
  name: 'postgres',
  async open() {
    const database = `opsbot_test_${randomBytes(4).toString('hex')}`;
    const admin = new pg.Client({ connectionString: POSTGRES_URL });
    await admin.connect();
    await admin.query(`create database ${database}`);
    await admin.end();
    const url = new URL(POSTGRES_URL);
    url.pathname = `/${database}`;
    const cleanup = async () => {
      const drop = new pg.Client({ connectionString: POSTGRES_URL });
      await drop.connect();
      try {
        // Not WITH (FORCE): killing a closing pool's sockets surfaces as an uncaught error in the pool.
        // A closed pool's sessions end a moment after it resolves, so wait for them.
        for (let attempt = 0; ; attempt++) {
          try {
            await drop.query(`drop database if exists ${database}`);
            break;
          } catch (error) {
            if ((error as { code?: string }).code !== '55006' || attempt >= 50) throw error;
            await new Promise((resolve) => setTimeout(resolve, 100));
          }
        }
      } finally {
        await drop.end();
      }
    };
    // A store that fails to open must not leave its database behind.
    const store = await openStore({ databaseUrl: url.href }).catch(async (error: unknown) => {
      await cleanup();
      throw error;
    });
    return { store, url: url.href, reopen: () => openStore({ databaseUrl: url.href }), cleanup };
  },
};
