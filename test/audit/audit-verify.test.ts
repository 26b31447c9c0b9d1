import BetterSqlite3 from 'better-sqlite3';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AuditLog, type AuditEntry } from '../../src/audit/audit-log.js';
import { readCheckpoints, signCheckpoint } from '../../src/audit/checkpoint.js';
import { sqliteFactory } from '../support/stores.js';

let opened: Awaited<ReturnType<typeof sqliteFactory.open>>;
const KEY = 'audit-key-kept-outside-the-database';
const CHECKPOINT_KEY = 'checkpoint-key-kept-elsewhere';

beforeEach(async () => {
  opened = await sqliteFactory.open();
});
afterEach(async () => {
  await opened.store.close();
  await opened.cleanup();
});

const entries = (count: number, from = 0): AuditEntry[] => Array.from({ length: count }, (_, index) => ({ actor: 'U00SRE', event: 'call', tool: 'service_status', detail: { index: from + index } }));

/** Tampering goes around opsbot, straight at the file, as an attacker with disk access would. */
function tamper(statement: string, ...params: unknown[]): void {
  const database = new BetterSqlite3(join(opened.dataDir!, 'opsbot.db'));
  database.prepare(statement).run(...params);
  database.close();
}

describe('audit verify, streaming', () => {
  it('walks the log a batch at a time and reports progress', async () => {
    const audit = new AuditLog(opened.store);
    await audit.appendAll(entries(2_345));
    const progress: Array<[number, number]> = [];
    const verdict = await audit.verify({ batchSize: 100, progressEvery: 1_000, onProgress: (checked, total) => progress.push([checked, total]) });
    expect(verdict).toMatchObject({ ok: true, records: 2_345 });
    expect(progress).toEqual([[1_000, 2_345], [2_000, 2_345]]);
  });

  it('finds a break in a later batch, and appendAll chains exactly like append', async () => {
    const audit = new AuditLog(opened.store, () => new Date(), KEY);
    await audit.appendAll(entries(250));
    await audit.append({ actor: 'U00LEAD', event: 'call' });
    await audit.appendAll(entries(249, 250));
    expect(await audit.verify({ batchSize: 64 })).toMatchObject({ ok: true, records: 500 });
    tamper(`update audit set actor = 'U00VIEWER' where seq = 377`);
    expect(await audit.verify({ batchSize: 64 })).toMatchObject({ ok: false, badSeq: 377, problem: 'edited' });
  });

  it('says the log is keyed when it is verified without the key', async () => {
    await new AuditLog(opened.store, () => new Date(), KEY).appendAll(entries(3));
    const verdict = await new AuditLog(opened.store).verify();
    expect(verdict).toMatchObject({ ok: false, badSeq: 1, problem: 'keyed' });
    if (!verdict.ok) expect(verdict.message).toContain('set OPSBOT_AUDIT_KEY');
  });

  it('still calls a single edited record in an unkeyed log an edit', async () => {
    const audit = new AuditLog(opened.store);
    await audit.appendAll(entries(3));
    tamper(`update audit set actor = 'U00VIEWER' where seq = 1`);
    expect(await audit.verify()).toMatchObject({ ok: false, badSeq: 1, problem: 'edited', message: 'record 1: content does not match its hash (edited)' });
  });

  it('reports a missing head row clearly, in verify and when appending', async () => {
    const audit = new AuditLog(opened.store);
    await audit.appendAll(entries(3));
    tamper('delete from audit_head');
    const verdict = await audit.verify();
    expect(verdict).toMatchObject({ ok: false, problem: 'head-missing', records: 3 });
    if (!verdict.ok) expect(verdict.message).toContain('head row (audit_head) is missing');
    await expect(audit.append({ actor: 'U00SRE', event: 'call' })).rejects.toMatchObject({ code: 'audit_head_missing', message: expect.stringContaining('head row (table audit_head, id 1) is missing') });
  });
});

describe('audit checkpoints', () => {
  it('detects a truncated tail whose head was rewritten, which the chain alone cannot', async () => {
    const audit = new AuditLog(opened.store, () => new Date(), KEY);
    await audit.appendAll(entries(10));
    const checkpoint = signCheckpoint(await audit.head(), '2026-11-21T10:00:00.000Z', CHECKPOINT_KEY);
    expect(await audit.verify({ checkpoints: [checkpoint] })).toMatchObject({ ok: true, records: 10, checkpoints: 1 });

    const [seven] = (await audit.rows()).filter((row) => row.seq === 7);
    tamper('delete from audit where seq > 7');
    tamper('update audit_head set seq = 7, hash = ? where id = 1', seven!.hash);
    expect((await audit.verify()).ok).toBe(true); // the chain alone is fooled, even keyed
    const verdict = await audit.verify({ checkpoints: [checkpoint] });
    expect(verdict).toMatchObject({ ok: false, badSeq: 10, problem: 'truncated' });
    if (!verdict.ok) expect(verdict.message).toContain('the log ends at record 7, but a checkpoint taken 2026-11-21T10:00:00.000Z recorded record 10');
  });

  it('detects a record that no longer has the hash a checkpoint recorded', async () => {
    const audit = new AuditLog(opened.store);
    await audit.appendAll(entries(5));
    const checkpoint = signCheckpoint({ seq: 3, hash: 'f'.repeat(64) }, '2026-11-21T10:00:00.000Z', CHECKPOINT_KEY);
    expect(await audit.verify({ checkpoints: [checkpoint] })).toMatchObject({ ok: false, badSeq: 3, problem: 'checkpoint' });
  });

  it('refuses checkpoint lines that were edited or signed with another key', () => {
    const good = signCheckpoint({ seq: 3, hash: 'a'.repeat(64) }, '2026-11-21T10:00:00.000Z', CHECKPOINT_KEY);
    const edited = { ...good, seq: 2 };
    const other = signCheckpoint({ seq: 4, hash: 'b'.repeat(64) }, '2026-11-21T11:00:00.000Z', 'another-key');
    const text = [good, edited, other].map((line) => JSON.stringify(line)).join('\n') + '\nnot json\n';
    const { checkpoints, problems } = readCheckpoints(text, CHECKPOINT_KEY);
    expect(checkpoints).toEqual([good]);
    expect(problems).toEqual([
      'line 2: signature does not match (the line was edited, or signed with another key)',
      'line 3: signature does not match (the line was edited, or signed with another key)',
      'line 4: not JSON',
    ]);
  });
});
