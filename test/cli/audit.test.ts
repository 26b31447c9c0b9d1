import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { type CliSandbox, cliSandbox } from './cli-harness.js';

describe('opsbot audit', () => {
  const sandbox: CliSandbox = cliSandbox();
  afterAll(() => sandbox.cleanup());

  it('tails the last records and verifies an intact chain', async () => {
    await sandbox.run(['ask', 'status', '--as', 'U00VIEWER']);
    await sandbox.run(['ask', 'deploy frontend v2.4.0 to production', '--as', 'U00DEV']);
    const tail = await sandbox.run(['audit', 'tail', '-n', '2']);
    expect(tail.code).toBe(0);
    const lines = tail.stdout.trim().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^#2 \S+ U00VIEWER result service_status → ok \((NORMAL: all 4 services in production|Not NORMAL in production:).*\)$/);
    expect(lines[1]).toMatch(/^#3 \S+ U00DEV call deploy → deny \(U00DEV lacks deploy:production/);
    const verify = await sandbox.run(['audit', 'verify']);
    expect(verify.code).toBe(0);
    expect(verify.stdout).toMatch(/^audit chain ok: 3 record\(s\)/);
  });

  it('fails naming the first record after someone edits the database', async () => {
    const database = new BetterSqlite3(join(sandbox.dataDir, 'opsbot.db'));
    database.prepare("update audit set actor = 'U00LEAD' where seq = 2").run();
    database.close();
    const verify = await sandbox.run(['audit', 'verify']);
    expect(verify.code).toBe(1);
    expect(verify.stdout).toBe('');
    expect(verify.stderr).toMatch(/audit chain broken at record 2 \(edited\)/);
  });
});
