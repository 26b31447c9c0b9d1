import { describe, expect, it } from 'vitest';
import { OutboxRepository, type OutboxMessage } from '../../src/store/outbox-repository.js';
import { postgresAvailable, postgresFactory, sqliteFactory, type StoreFactory } from '../support/stores.js';

const hasPostgres = await postgresAvailable();
if (!hasPostgres) console.warn('PostgreSQL not reachable: skipping its outbox tests');

const LEASE_MS = 60_000;

function card(cardKey: string, text: string, extra: Partial<OutboxMessage> = {}): OutboxMessage {
  return { cardKey, purpose: 'alert-card', channel: 'C0ALERTS', content: { text }, ...extra };
}

/** The same guarantees on each dialect: one migration set, one query set. */
function contract(factory: StoreFactory) {
  async function withOutbox(test: (outbox: OutboxRepository, clock: { now: Date }, reopen: () => Promise<OutboxRepository>) => Promise<void>) {
    const opened = await factory.open();
    const clock = { now: new Date('2026-12-07T10:00:00.000Z') };
    const others: Array<{ close(): Promise<void> }> = [];
    try {
      const reopen = async () => {
        const store = await opened.reopen();
        others.push(store);
        return new OutboxRepository(store, { retryHours: 24, now: () => clock.now });
      };
      await test(new OutboxRepository(opened.store, { retryHours: 24, now: () => clock.now }), clock, reopen);
    } finally {
      for (const store of others) await store.close();
      await opened.store.close();
      await opened.cleanup();
    }
  }

  it('claims only rows of the channels in its scope: a platform prefix, or bare (Slack) channels', async () => {
    await withOutbox(async (outbox) => {
      await outbox.enqueue([card('mm', 'to mattermost', { channel: 'mattermost:k8x' }), card('teams', 'to teams', { channel: 'teams:19:abc@thread.tacv2' }), card('slack', 'to slack')]);
      const slackOnly = { prefixes: ['slack:'], bare: { unless: ['teams:', 'mattermost:', 'discord:'] } };
      expect(await outbox.claimNext('w1', LEASE_MS, slackOnly)).toMatchObject({ channel: 'C0ALERTS' });
      expect(await outbox.claimNext('w1', LEASE_MS, slackOnly)).toBeUndefined();
      expect(await outbox.claimNext('w2', LEASE_MS, { prefixes: ['mattermost:'] })).toMatchObject({ channel: 'mattermost:k8x' });
      expect(await outbox.claimNext('w2', LEASE_MS, { prefixes: ['mattermost:'] })).toBeUndefined();
      expect(await outbox.claimNext('w3', LEASE_MS)).toMatchObject({ channel: 'teams:19:abc@thread.tacv2' });
    });
  });

  it('takes on a message posted elsewhere as a card’s post: its edits go there, in order, and it is taken on once', async () => {
    await withOutbox(async (outbox) => {
      await outbox.adopt('briefing:INC-1', 'incident-briefing', 'mattermost:k8xroom', { channel: 'k8xroom', ts: 'post1' });
      await outbox.adopt('briefing:INC-1', 'incident-briefing', 'mattermost:k8xroom', { channel: 'k8xroom', ts: 'other' });
      expect(await outbox.location('briefing:INC-1')).toEqual({ channel: 'k8xroom', ts: 'post1' });
      // Nothing to send for the post itself; the edit is an update of it, to the same platform.
      await outbox.enqueue([card('briefing:INC-1', 'acknowledged', { channel: '' })]);
      const edit = await outbox.claimNext('w1', LEASE_MS);
      expect(edit).toMatchObject({ kind: 'update', channel: 'mattermost:k8xroom', content: { text: 'acknowledged' } });
      expect(await outbox.claimNext('w1', LEASE_MS)).toBeUndefined();
    });
  });

  it('sends a card’s update only after its post, and replaces an older waiting update by a newer one', async () => {
    await withOutbox(async (outbox) => {
      await outbox.enqueue([card('alert:a', 'v1')]);
      await outbox.enqueue([card('alert:a', 'v2', { channel: '' }), card('alert:a', 'v3', { channel: '' })]);
      const post = await outbox.claimNext('w1', LEASE_MS);
      expect(post).toMatchObject({ kind: 'post', content: { text: 'v1' } });
      // The post is out but not settled: nothing of that card may go.
      expect(await outbox.claimNext('w2', LEASE_MS)).toBeUndefined();
      await outbox.sent(post!, 'w1', { channel: 'C0ALERTS', ts: '1.1' });
      const update = await outbox.claimNext('w2', LEASE_MS);
      expect(update).toMatchObject({ kind: 'update', content: { text: 'v3' }, channel: 'C0ALERTS' });
      expect(await outbox.location('alert:a')).toEqual({ channel: 'C0ALERTS', ts: '1.1' });
      expect((await outbox.stats()).byState).toMatchObject({ sent: 1, sending: 1, superseded: 1 });
    });
  });

  it('is not held up by edits waiting behind posts that cannot go out, however many wait', async () => {
    await withOutbox(async (outbox) => {
      // Forty cards whose posts a private channel refused, each with two edits queued behind its post.
      for (let index = 0; index < 40; index++) await outbox.enqueue([card(`stuck-${index}`, 'post', { channel: 'C0PRIVATE' }), card(`stuck-${index}`, 'edit 1'), card(`stuck-${index}`, 'edit 2')]);
      for (let index = 0; index < 40; index++) {
        const post = await outbox.claimNext('w1', LEASE_MS);
        expect(post).toMatchObject({ kind: 'post', channel: 'C0PRIVATE' });
        await outbox.block(post!, 'w1', 'not_in_channel');
      }
      // Only the waiting edits are due: none is sendable, and an idle worker is told nothing is due.
      expect(await outbox.claimNext('w1', LEASE_MS)).toBeUndefined();
      expect(await outbox.nextDueAt()).toBeUndefined();
      // A card to a channel that works is sent at once, behind all of them.
      await outbox.enqueue([card('working', 'status update', { channel: 'C0OPS' })]);
      expect(await outbox.claimNext('w1', LEASE_MS)).toMatchObject({ cardKey: 'working', channel: 'C0OPS' });
    });
  });

  it('tells a worker when a row it could send is due, not rows of platforms it does not reach', async () => {
    await withOutbox(async (outbox, clock) => {
      await outbox.enqueue([card('teams', 'to teams', { channel: 'teams:19:abc@thread.tacv2' })]);
      const slackOnly = { prefixes: ['slack:'], bare: { unless: ['teams:', 'mattermost:', 'discord:'] } };
      expect(await outbox.nextDueAt(slackOnly)).toBeUndefined();
      expect(await outbox.nextDueAt({ prefixes: ['teams:'] })).toEqual(clock.now);
    });
  });

  it('lets one of two replicas claim a row, and takes a row over only when its claim lapsed', async () => {
    await withOutbox(async (outbox, clock, reopen) => {
      const replica = await reopen();
      await outbox.enqueue([card('alert:b', 'only')]);
      const claims = await Promise.all([outbox.claimNext('w1', LEASE_MS), replica.claimNext('w2', LEASE_MS)]);
      expect(claims.filter(Boolean)).toHaveLength(1);
      const holder = claims[0] ? 'w1' : 'w2';
      expect(await replica.claimNext('w3', LEASE_MS)).toBeUndefined();
      clock.now = new Date(clock.now.getTime() + LEASE_MS + 1);
      const takenOver = await replica.claimNext('w3', LEASE_MS);
      expect(takenOver?.attempts).toBe(2);
      // The first holder's late answer changes nothing now.
      expect(await outbox.sent(claims.find(Boolean)!, holder, { channel: 'C0ALERTS', ts: '9.9' })).toBe(false);
    });
  });

  it('backs off, blocks for a person, retries on request, and gives up after the retry window', async () => {
    await withOutbox(async (outbox, clock) => {
      await outbox.enqueue([card('alert:c', 'c'), card('alert:d', 'd', { channel: 'C0PRIVATE' })]);
      const first = await outbox.claimNext('w', LEASE_MS);
      await outbox.retryLater(first!, 'w', new Date(clock.now.getTime() + 2000), 'HTTP 500');
      const second = await outbox.claimNext('w', LEASE_MS);
      expect(second?.cardKey).toBe('alert:d');
      await outbox.block(second!, 'w', 'not_in_channel');
      expect(await outbox.claimNext('w', LEASE_MS)).toBeUndefined();
      expect(await outbox.list(['blocked'])).toMatchObject([{ cardKey: 'alert:d', reason: 'not_in_channel', channel: 'C0PRIVATE' }]);
      expect(await outbox.blockedCount('C0PRIVATE')).toBe(1);
      expect(await outbox.retry()).toBe(1);
      const retried = await outbox.claimNext('w', LEASE_MS);
      expect(retried?.cardKey).toBe('alert:d');
      await outbox.sent(retried!, 'w', { channel: 'C0PRIVATE', ts: '2.2' });

      clock.now = new Date(clock.now.getTime() + 25 * 3_600_000);
      expect(await outbox.claimNext('w', LEASE_MS)).toBeUndefined();
      expect(await outbox.list(['failed'])).toMatchObject([{ cardKey: 'alert:c', reason: 'not sent within 24 h (last: HTTP 500)' }]);
    });
  });

  it('writes nothing when the transaction it joined rolls back', async () => {
    const opened = await factory.open();
    try {
      const outbox = new OutboxRepository(opened.store, { retryHours: 24 });
      await expect(
        opened.store.db.transaction().execute(async (trx) => {
          await outbox.enqueue([card('alert:e', 'e')], trx);
          throw new Error('the delivery record failed');
        }),
      ).rejects.toThrow('the delivery record failed');
      expect(await outbox.hasCard('alert:e')).toBe(false);
    } finally {
      await opened.store.close();
      await opened.cleanup();
    }
  });
}

describe('outbox on SQLite', () => contract(sqliteFactory));
describe.skipIf(!hasPostgres)('outbox on PostgreSQL', () => contract(postgresFactory));
