import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/open-store.js';
import { MIGRATION_NAMES } from '../../src/store/migrations.js';
import { POSTGRES_URL, postgresAvailable } from './../support/stores.js';

const OPEN_STORE = process.env.OPSBOT_RACE_OPEN_STORE ?? resolve(import.meta.dirname, '../../dist/src/store/open-store.js');
const PROCESSES = 6;
const hasPostgres = await postgresAvailable();

const CHILD = `
const { openStore } = await import(process.env.OPEN_STORE);
process.stdout.write('ready\\n');
// Every process waits here until all are loaded, so their migrations start together instead of staggered by start-up.
process.stdin.once('data', async () => {
  try {
    const store = await openStore({ databaseUrl: process.env.DATABASE_URL, dataDir: process.env.OPSBOT_DATA_DIR });
    await store.close();
  } catch (error) {
    console.error(error.message);
    process.exitCode = 1;
  }
  process.stdin.destroy();
});
`;

/** Real processes that each open (and so migrate) the store at the same moment; resolves to exit codes and stderr. */
async function raceOpen(count: number, env: Record<string, string>): Promise<Array<{ code: number | null; stderr: string }>> {
  const children = Array.from({ length: count }, () => spawn(process.execPath, ['--input-type=module', '-e', CHILD], { env: { PATH: process.env.PATH ?? '', OPEN_STORE, ...env }, stdio: ['pipe', 'pipe', 'pipe'] }));
  const finished = children.map(
    (child) =>
      new Promise<{ code: number | null; stderr: string }>((done, fail) => {
        let stderr = '';
        child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
        child.on('error', fail);
        child.on('close', (code) => done({ code, stderr }));
      }),
  );
  await Promise.all(children.map((child) => new Promise<void>((ready) => child.stdout!.once('data', () => ready()))));
  for (const child of children) child.stdin!.write('go\n');
  return Promise.all(finished);
}

// Several first starts at once on a fresh data directory or database (npm test builds dist first).
describe('migrations under concurrent first starts', () => {
  it('sqlite: every process starts, the schema is migrated once', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'opsbot-race-'));
    try {
      const results = await raceOpen(PROCESSES, { OPSBOT_DATA_DIR: dataDir });
      expect(results.map((result) => result.stderr.trim())).toEqual(Array(PROCESSES).fill(''));
      expect(results.map((result) => result.code)).toEqual(Array(PROCESSES).fill(0));
      const store = await openStore({ dataDir });
      try {
        const applied = await store.db.selectFrom('opsbot_migrations' as never).selectAll().execute();
        expect(applied.map((row) => (row as { name: string }).name)).toEqual([...MIGRATION_NAMES]);
      } finally {
        await store.close();
      }
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it.skipIf(!hasPostgres)('postgres: every process starts on a fresh database', async () => {
    const database = `opsbot_race_${randomBytes(4).toString('hex')}`;
    const admin = new pg.Client({ connectionString: POSTGRES_URL });
    await admin.connect();
    await admin.query(`create database ${database}`);
    const url = new URL(POSTGRES_URL);
    url.pathname = `/${database}`;
    try {
      const results = await raceOpen(PROCESSES, { DATABASE_URL: url.href });
      expect(results.map((result) => result.stderr.trim())).toEqual(Array(PROCESSES).fill(''));
      expect(results.map((result) => result.code)).toEqual(Array(PROCESSES).fill(0));
      const check = new pg.Client({ connectionString: url.href });
      await check.connect();
      const { rows } = await check.query('select name from opsbot_migrations order by name');
      await check.end();
      expect(rows.map((row: { name: string }) => row.name)).toEqual([...MIGRATION_NAMES]);
    } finally {
      await admin.query(`drop database if exists ${database}`);
      await admin.end();
    }
  });
});
