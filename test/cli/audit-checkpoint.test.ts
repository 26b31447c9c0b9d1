import BetterSqlite3 from 'better-sqlite3';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AuditLog } from '../../src/audit/audit-log.js';
import { openStore } from '../../src/store/open-store.js';
import { type CliSandbox, cliSandbox, runCli } from './cli-harness.js';

let sandbox: CliSandbox;
beforeEach(() => {
  sandbox = cliSandbox();
});
afterEach(() => sandbox.cleanup());

const KEYED = { OPSBOT_AUDIT_KEY: 'audit-key-for-the-cli-test-0001' };

/** Tampering goes around opsbot, straight at the file, as an attacker with disk access would. */
function tamper(statement: string, ...params: unknown[]): void {
  const database = new BetterSqlite3(join(sandbox.dataDir, 'opsbot.db'));
  database.prepare(statement).run(...params);
  database.close();
}

/** Some real records, written by the CLI itself. */
async function activity(env: NodeJS.ProcessEnv, times = 3): Promise<void> {
  for (let index = 0; index < times; index++) expect((await runCli(['ask', 'status api', '--as', 'U00VIEWER', '--offline'], env)).code).toBe(0);
}

describe('opsbot audit checkpoint and verify --checkpoint', () => {
  it('catches a truncated tail with a rewritten head that the chain alone accepts, even keyed', async () => {
    const env = { ...sandbox.env, ...KEYED };
    const file = join(sandbox.dataDir, '..', 'audit-checkpoints.jsonl');
    await activity(env);
    const checkpoint = await runCli(['audit', 'checkpoint', '--append', file], env);
    expect(checkpoint.code).toBe(0);
    const printed = JSON.parse(checkpoint.stdout) as { seq: number; hash: string; at: string; signature: string };
    expect(printed).toMatchObject({ seq: 6, hash: expect.stringMatching(/^[0-9a-f]{64}$/), signature: expect.stringMatching(/^[0-9a-f]{64}$/) });
    expect(readFileSync(file, 'utf8')).toBe(`${checkpoint.stdout.trim()}\n`);

    const ok = await runCli(['audit', 'verify', '--checkpoint', file], env);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(/^audit chain ok: 6 record\(s\), head [0-9a-f]{16}…; 1 checkpoint\(s\) match/);

    // Delete the tail and point the head at the last remaining record.
    const database = new BetterSqlite3(join(sandbox.dataDir, 'opsbot.db'));
    const { hash } = database.prepare('select hash from audit where seq = 4').get() as { hash: string };
    database.prepare('delete from audit where seq > 4').run();
    database.prepare('update audit_head set seq = 4, hash = ? where id = 1').run(hash);
    database.close();

    expect((await runCli(['audit', 'verify'], env)).code).toBe(0);
    const caught = await runCli(['audit', 'verify', '--checkpoint', file], env);
    expect(caught.code).toBe(1);
    expect(caught.stderr).toContain('audit chain broken at record 6 (truncated): the log ends at record 4, but a checkpoint taken');
  });

  it('refuses a checkpoint line edited to hide the truncation, and needs a key to sign or check', async () => {
    const env = { ...sandbox.env, OPSBOT_AUDIT_CHECKPOINT_KEY: 'separate-checkpoint-key-0002' };
    await activity(env, 1);
    const checkpoint = await runCli(['audit', 'checkpoint'], env);
    const forged = { ...JSON.parse(checkpoint.stdout), seq: 1 };
    const file = join(sandbox.dataDir, '..', 'forged.jsonl');
    await import('node:fs').then((fs) => fs.writeFileSync(file, `${JSON.stringify(forged)}\n`));
    const refused = await runCli(['audit', 'verify', '--checkpoint', file], env);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('line 1: signature does not match');

    const unsigned = await runCli(['audit', 'checkpoint'], sandbox.env);
    expect(unsigned.code).toBe(2);
    expect(unsigned.stderr).toContain('set OPSBOT_AUDIT_CHECKPOINT_KEY (or OPSBOT_AUDIT_KEY)');
  });
});

describe('opsbot audit verify messages', () => {
  it('names a deleted record as missing', async () => {
    await activity(sandbox.env);
    tamper('delete from audit where seq = 3');
    const result = await runCli(['audit', 'verify'], sandbox.env);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('audit chain broken at record 3 (deleted): record 3 is missing');
  });

  it('hints at OPSBOT_AUDIT_KEY when a keyed log is verified without it', async () => {
    await activity({ ...sandbox.env, ...KEYED });
    const result = await runCli(['audit', 'verify'], sandbox.env);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('(keyed)');
    expect(result.stderr).toContain('set OPSBOT_AUDIT_KEY');
    expect(result.stderr).not.toContain('edited');
  });

  it('says the head row is missing instead of "unexpected error: no result"', async () => {
    await activity(sandbox.env, 1);
    tamper('delete from audit_head');
    const verify = await runCli(['audit', 'verify'], sandbox.env);
    expect(verify.code).toBe(1);
    expect(verify.stderr).toContain("the log's head row (audit_head) is missing");
    const ask = await runCli(['ask', 'status api', '--as', 'U00VIEWER', '--offline'], sandbox.env);
    expect(ask.stderr).not.toContain('unexpected error');
    expect(ask.stderr).toContain('head row (table audit_head, id 1) is missing');
  });

  it('reports progress on stderr while streaming a long log', async () => {
    const store = await openStore({ dataDir: sandbox.dataDir });
    const audit = new AuditLog(store);
    const batch = Array.from({ length: 10_000 }, (_, index) => ({ actor: 'U00SRE', event: 'result', tool: 'service_status', detail: { index } }));
    for (let round = 0; round < 10; round++) await audit.appendAll(batch);
    await store.close();
    const result = await runCli(['audit', 'verify'], sandbox.env);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^audit chain ok: 100000 record\(s\)/);
    expect(result.stderr).toBe('… 100,000 of 100,000 record(s) checked\n');
  }, 60_000);
});
