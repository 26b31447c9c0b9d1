import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/open-store.js';
import { AuditLog } from '../../src/audit/audit-log.js';
import { verifyChain } from '../../src/audit/verify-chain.js';
import type { PendingAction } from '../../src/actions/pending-action.js';
import { ActionsRepository } from '../../src/store/actions-repository.js';
import { KvRepository } from '../../src/store/kv-repository.js';
import { EventDedupe } from '../../src/bot/slack/event-dedupe.js';
import { postgresAvailable, postgresFactory, sqliteFactory, type StoreFactory } from '../support/stores.js';

const hasPostgres = await postgresAvailable();
if (!hasPostgres) console.warn('PostgreSQL not reachable: skipping its contract tests');

function action(id: string, overrides: Partial<PendingAction> = {}): PendingAction {
  return {
    id,
    tool: 'deploy',
    args: { environment: 'production', service: 'frontend', version: 'v2.4.0' },
    argsHash: 'a'.repeat(64),
    requester: 'U00LEAD',
    origin: { frontEnd: 'test', conversationId: 'c1' },
    state: 'proposed',
    permission: 'deploy:production',
    approval: { rule: 'r', permission: 'deploy:production', roles: ['lead'], requesterMayApprove: false, summary: 's' },
    policyVersion: 'v1',
    summary: 'deploy frontend v2.4.0 to production',
    preview: { current: 'v2.3.1', proposed: 'v2.4.0' },
    createdAt: '2026-11-21T10:00:00.000Z',
    expiresAt: '2026-11-21T10:15:00.000Z',
    updatedAt: '2026-11-21T10:00:00.000Z',
    decidedBy: null,
    decidedAt: null,
    result: null,
    ...overrides,
  };
}

/** One contract, run against each dialect: same schema, same queries, same guarantees. */
function contract(factory: StoreFactory) {
  it('round-trips a pending action', async () => {
    const opened = await factory.open();
    try {
      const actions = new ActionsRepository(opened.store);
      await actions.insert(action('act_0001'));
      expect(await actions.get('act_0001')).toEqual(action('act_0001'));
      expect((await actions.recent(5, { conversationId: 'c1' })).map((entry) => entry.id)).toEqual(['act_0001']);
    } finally {
      await opened.store.close();
      await opened.cleanup();
    }
  });

  it('lets exactly one of many racing transitions win, and honours expiry', async () => {
    const opened = await factory.open();
    try {
      const actions = new ActionsRepository(opened.store);
      await actions.insert(action('act_race'));
      const wins = await Promise.all(Array.from({ length: 8 }, (_, index) => actions.transition('act_race', 'proposed', 'approved', { at: '2026-11-21T10:01:00.000Z', decidedBy: `U0${index}` })));
      expect(wins.filter(Boolean)).toHaveLength(1);
      await actions.insert(action('act_late'));
      expect(await actions.transition('act_late', 'proposed', 'approved', { at: '2026-11-21T10:20:00.000Z', notExpiredAt: '2026-11-21T10:20:00.000Z' })).toBe(false);
      expect((await actions.findExpired('2026-11-21T10:20:00.000Z')).map((entry) => entry.id)).toEqual(['act_late']);
    } finally {
      await opened.store.close();
      await opened.cleanup();
    }
  });

  it('keeps the audit chain intact and survives re-opening (migrations are idempotent)', async () => {
    const opened = await factory.open();
    try {
      const audit = new AuditLog(opened.store);
      await Promise.all(Array.from({ length: 10 }, (_, index) => audit.append({ actor: 'U00SRE', event: 'call', detail: { index } })));
      const again = await opened.reopen();
      const reopened = new AuditLog(again);
      await reopened.append({ actor: 'U00LEAD', event: 'after-restart' });
      expect(verifyChain(await reopened.rows(), await reopened.head())).toMatchObject({ ok: true, records: 11 });
      await again.close();
    } finally {
      await opened.store.close();
      await opened.cleanup();
    }
  });

  it('never loses a concurrent key-value update', async () => {
    const opened = await factory.open();
    try {
      const kv = new KvRepository(opened.store);
      await Promise.all(Array.from({ length: 15 }, () => kv.update('counter', 'n', () => 0, (value: number) => value + 1)));
      expect(await kv.get('counter', 'n')).toBe(15);
    } finally {
      await opened.store.close();
      await opened.cleanup();
    }
  });

  it('reads back what a key-value put wrote, the latest put winning', async () => {
    const opened = await factory.open();
    try {
      const kv = new KvRepository(opened.store);
      expect(await kv.get('threads', 'C1/1.0')).toBeUndefined();
      await kv.put('threads', 'C1/1.0', { since: 'a' });
      await kv.put('threads', 'C1/1.0', { since: 'b' });
      await kv.put('threads', 'C1/2.0', { since: 'c' });
      expect(await kv.get('threads', 'C1/1.0')).toEqual({ since: 'b' });
      expect(await kv.list('threads')).toEqual([{ key: 'C1/1.0', value: { since: 'b' } }, { key: 'C1/2.0', value: { since: 'c' } }]);
    } finally {
      await opened.store.close();
      await opened.cleanup();
    }
  });

  it('claims a Slack event once across two replicas racing on the same id', async () => {
    const opened = await factory.open();
    const second = await opened.reopen();
    try {
      const replicas = [new EventDedupe(opened.store), new EventDedupe(second)];
      const claims = await Promise.all(Array.from({ length: 10 }, (_, index) => replicas[index % 2]!.firstDelivery(`Ev${Math.floor(index / 4)}`)));
      expect(claims.filter(Boolean)).toHaveLength(3);
      expect(await replicas[1]!.firstDelivery('Ev0')).toBe(false);
    } finally {
      await second.close();
      await opened.store.close();
      await opened.cleanup();
    }
  });
}

describe('store contract: sqlite', () => contract(sqliteFactory));

describe.skipIf(!hasPostgres)('store contract: postgres', () => {
  contract(postgresFactory);

  it('migrates in its own schema when another schema of the database already holds opsbot tables', async () => {
    const first = await postgresFactory.open(); // opsbot's tables in the public schema of a fresh database
    try {
      await sql`create schema second_install`.execute(first.store.db);
      const url = `${first.url}?options=${encodeURIComponent('-c search_path=second_install')}`;
      const second = await openStore({ databaseUrl: url });
      await new AuditLog(second).append({ actor: 'U00SRE', event: 'call' });
      expect(await new AuditLog(second).verify()).toMatchObject({ ok: true, records: 1 });
      expect(await new AuditLog(first.store).verify()).toMatchObject({ ok: true, records: 0 });
      await second.close();
    } finally {
      await first.store.close();
      await first.cleanup();
    }
  });

  it('keeps one chain and one winner across two replicas (two connection pools)', async () => {
    const opened = await postgresFactory.open();
    const second = await opened.reopen();
    try {
      const first = new AuditLog(opened.store);
      const other = new AuditLog(second);
      await Promise.all(Array.from({ length: 20 }, (_, index) => (index % 2 ? first : other).append({ actor: 'U00SRE', event: 'call', detail: { index } })));
      expect(verifyChain(await first.rows(), await first.head())).toMatchObject({ ok: true, records: 20 });
      const kvA = new KvRepository(opened.store);
      const kvB = new KvRepository(second);
      await Promise.all(Array.from({ length: 20 }, (_, index) => (index % 2 ? kvA : kvB).update('counter', 'n', () => 0, (value: number) => value + 1)));
      expect(await kvA.get('counter', 'n')).toBe(20);
    } finally {
      await second.close();
      await opened.store.close();
      await opened.cleanup();
    }
  });
});
