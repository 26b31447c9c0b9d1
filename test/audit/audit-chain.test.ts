import BetterSqlite3 from 'better-sqlite3';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AuditLog } from '../../src/audit/audit-log.js';
import { verifyChain } from '../../src/audit/verify-chain.js';
import type { Store } from '../../src/store/open-store.js';
import { sqliteFactory } from '../support/stores.js';

let opened: Awaited<ReturnType<typeof sqliteFactory.open>>;
let store: Store;
let audit: AuditLog;

beforeEach(async () => {
  opened = await sqliteFactory.open();
  store = opened.store;
  audit = new AuditLog(store);
  for (let index = 1; index <= 5; index++) {
    await audit.append({ actor: 'U00LEAD', event: 'call', tool: 'deploy', args: { service: 'frontend', version: `v2.${index}.0` }, decision: 'confirm' });
  }
});
afterEach(async () => {
  await store.close();
  await opened.cleanup();
});

/** Tampering goes around opsbot, straight at the file, as an attacker with disk access would. */
function tamper(sql: string, ...params: unknown[]): void {
  const database = new BetterSqlite3(join(opened.dataDir!, 'opsbot.db'));
  database.prepare(sql).run(...params);
  database.close();
}

async function verdict() {
  return verifyChain(await audit.rows(), await audit.head());
}

describe('audit chain', () => {
  it('verifies an untouched log and links every record to the previous one', async () => {
    const result = await verdict();
    expect(result).toMatchObject({ ok: true, records: 5 });
    const rows = await audit.rows();
    for (let index = 1; index < rows.length; index++) expect(rows[index]!.prev_hash).toBe(rows[index - 1]!.hash);
  });

  it('detects an edited record', async () => {
    tamper(`update audit set args_json = '{"service":"frontend","version":"v9.9.9"}' where seq = 3`);
    expect(await verdict()).toMatchObject({ ok: false, badSeq: 3, problem: 'edited' });
  });

  it('detects an edited record whose hash was recomputed (the next link breaks)', async () => {
    const rows = await audit.rows();
    const { hashRow } = await import('../../src/audit/hash-row.js');
    const forged = { ...rows[2]!, actor: 'U00VIEWER' };
    forged.hash = hashRow(forged);
    tamper('update audit set actor = ?, hash = ? where seq = 3', forged.actor, forged.hash);
    expect(await verdict()).toMatchObject({ ok: false, badSeq: 4 });
  });

  it('with a key, detects a chain rewritten from the edit onwards (hashes cannot be recomputed without it)', async () => {
    const keyed = new AuditLog(store, () => new Date(), 'audit-key-kept-outside-the-database');
    await keyed.append({ actor: 'U00LEAD', event: 'call', tool: 'deploy' });
    await keyed.append({ actor: 'U00LEAD', event: 'approved', tool: 'deploy' });
    expect(await keyed.verify()).toMatchObject({ ok: false, badSeq: 1, problem: 'edited' }); // the first 5 were unkeyed
    // An attacker with the database but not the key rewrites everything with plain SHA-256: the keyed check fails.
    const { hashRow } = await import('../../src/audit/hash-row.js');
    const rows = await audit.rows();
    let prev = '0'.repeat(64);
    for (const row of rows) {
      const forged = { ...row, actor: row.seq === 6 ? 'U00VIEWER' : row.actor, prev_hash: prev };
      forged.hash = hashRow(forged);
      tamper('update audit set actor = ?, prev_hash = ?, hash = ? where seq = ?', forged.actor, forged.prev_hash, forged.hash, row.seq);
      prev = forged.hash;
    }
    tamper('update audit_head set hash = ? where id = 1', prev);
    expect((await audit.verify()).ok).toBe(true); // unkeyed verification is fooled by a full rewrite…
    expect((await keyed.verify()).ok).toBe(false); // …keyed verification is not
  });

  it('verifies a keyed chain', async () => {
    const fresh = await sqliteFactory.open();
    const keyed = new AuditLog(fresh.store, () => new Date(), 'another-audit-key');
    for (let index = 0; index < 3; index++) await keyed.append({ actor: 'U00SRE', event: 'call', detail: { index } });
    expect(await keyed.verify()).toMatchObject({ ok: true, records: 3 });
    expect((await new AuditLog(fresh.store).verify()).ok).toBe(false);
    await fresh.store.close();
    await fresh.cleanup();
  });

  it('detects a deleted record', async () => {
    tamper('delete from audit where seq = 2');
    expect(await verdict()).toMatchObject({ ok: false, badSeq: 2, problem: 'deleted', message: 'record 2 is missing (record 3 follows record 1)' });
    tamper('delete from audit where seq = 3');
    expect(await audit.verify()).toMatchObject({ ok: false, badSeq: 2, problem: 'deleted', message: 'records 2–3 are missing (record 4 follows record 1)' });
  });

  it('detects reordered records', async () => {
    // Swap the contents of records 2 and 3, keeping their sequence numbers.
    tamper(`update audit set seq = -2 where seq = 2`);
    tamper(`update audit set seq = 2 where seq = 3`);
    tamper(`update audit set seq = 3 where seq = -2`);
    const result = await verdict();
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.badSeq).toBe(2);
  });

  it('detects a truncated tail', async () => {
    tamper('delete from audit where seq >= 4');
    expect(await verdict()).toMatchObject({ ok: false, badSeq: 4, problem: 'truncated' });
  });

  it('redacts secrets before they are stored', async () => {
    await audit.append({ actor: 'U00DEV', event: 'call', args: { token: 'xoxb-1234-abcdefghijk', note: 'key sk-ant-api03-abcdefghijklmnop' } });
    const [last] = await audit.tail(1);
    expect(JSON.stringify(last)).not.toContain('xoxb-1234');
    expect(JSON.stringify(last)).not.toContain('sk-ant-api03');
    expect((await verdict()).ok).toBe(true);
  });

  it('caps caller-controlled arguments, keeping a digest of what was sent', async () => {
    const huge = { note: 'x'.repeat(1_000_000) };
    await audit.append({ actor: 'U0NOBODY', event: 'call', tool: 'y'.repeat(5000), args: huge, decision: 'invalid' });
    const [last] = await audit.tail(1);
    expect(JSON.stringify(last).length).toBeLessThan(2000);
    expect(last!.args).toMatchObject({ truncated: true, chars: 1_000_011 });
    expect(last!.tool).toHaveLength(101);
    expect((await verdict()).ok).toBe(true);
  });

  it('keeps one unbroken chain under concurrent appends', async () => {
    // One process holds one connection; concurrent appends are serialised by transactions.
    // (Replicas on PostgreSQL are covered by the store contract tests.)
    await Promise.all(Array.from({ length: 20 }, (_, index) => audit.append({ actor: 'U00SRE', event: 'call', detail: { index } })));
    expect(await verdict()).toMatchObject({ ok: true, records: 25 });
  });
});
