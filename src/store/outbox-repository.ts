import { randomUUID } from 'node:crypto';
import type { Kysely, Selectable } from 'kysely';
import type { Store } from './open-store.js';
import type { Database, OutboxTable } from './schema.js';

/** Where an outbox row is: waiting or backing off, being sent, waiting for a person, given up, done. */
export type OutboxState = 'pending' | 'sending' | 'blocked' | 'failed' | 'sent' | 'superseded';

/** States of a row that is not finished: a later row of its card waits for it. */
const UNFINISHED: OutboxState[] = ['pending', 'sending', 'blocked', 'failed'];

/**
 * What a card or notice says, as the bot layer describes it (a platform-neutral card or message; rows written
 * before that hold Slack's `{text, blocks}`); the store keeps it as JSON and never reads it.
 */
export type OutboxContent = object;

/** Which rows a worker may send: channels starting with one of `prefixes` (`mattermost:`), and with `bare`, channels starting with none of `bare.unless`. */
export interface ChannelScope {
  prefixes: string[];
  bare?: { unless: string[] };
}

/**
 * One message opsbot posts on its own. Messages with the same `cardKey` are one card: the first is posted, later
 * ones edit it in place (or, with `reply`, go into its thread), each only after the one before it was sent.
 */
export interface OutboxMessage<Content extends OutboxContent = OutboxContent> {
  /** Names the card across updates (`alert:ag_…`); a one-off notice may leave it out. */
  cardKey?: string;
  /** What it is, for listings and for the effect run once it is posted (`alert-card`, `watch-report`…). */
  purpose: string;
  /** The channel of a post; an update or reply may leave it empty (it goes where the card is). */
  channel: string;
  threadTs?: string;
  /** A message into the thread of the card's post instead of an edit of the card. */
  reply?: boolean;
  content: Content;
  /** Facts the effect after posting needs (the group a card belongs to, whom it mentioned). */
  meta?: Record<string, unknown>;
  /** Not sent before this long after it is written (a card that may become moot meanwhile, see `withdrawUnsent`). */
  delayMs?: number;
}

/** An outbox row as the worker and `opsbot deliveries` read it. */
export interface OutboxRow {
  id: string;
  cardKey: string;
  seq: number;
  kind: 'post' | 'update' | 'reply';
  purpose: string;
  channel: string;
  threadTs?: string;
  content: OutboxContent;
  meta: Record<string, unknown>;
  state: OutboxState;
  attempts: number;
  nextAttemptAt: string;
  expiresAt: string;
  reason?: string;
  createdAt: string;
  updatedAt: string;
  posted?: { channel: string; ts: string };
}

/** Counts by state and the age of the oldest unsent row, for `/metrics` and `opsbot deliveries`. */
export interface OutboxStats {
  byState: Record<OutboxState, number>;
  oldestUnsentAt?: string;
}

/**
 * The outbox table. Writes happen inside the caller's transaction (`db`), so a card is recorded with the fact
 * it reports or not at all; every change of state after that is a conditional write, so one row is sent by one
 * worker however many replicas poll.
 */
export class OutboxRepository {
  constructor(
    private readonly store: Store,
    private readonly options: { retryHours: number; now?: () => Date },
  ) {}

  private now(): Date {
    return this.options.now?.() ?? new Date();
  }

  /** Adds messages after the last row of each card; `db` is the caller's transaction when there is one. */
  async enqueue(messages: OutboxMessage[], db: Kysely<Database> = this.store.db): Promise<string[]> {
    const at = this.now();
    const ids: string[] = [];
    for (const message of messages) {
      const cardKey = message.cardKey ?? `once:${randomUUID()}`;
      const last = await db.selectFrom('outbox').select((eb) => eb.fn.max('seq').as('seq')).where('card_key', '=', cardKey).executeTakeFirst();
      const seq = Number(last?.seq ?? 0);
      const kind = seq === 0 ? 'post' : message.reply ? 'reply' : 'update';
      // An edit or reply goes where the card is; its channel is the post's (listed by `opsbot deliveries`).
      const channel = seq === 0 || message.channel ? message.channel : ((await db.selectFrom('outbox').select('channel').where('card_key', '=', cardKey).where('seq', '=', 1).executeTakeFirst())?.channel ?? '');
      const id = `ob_${randomUUID()}`;
      await db
        .insertInto('outbox')
        .values({
          id,
          card_key: cardKey,
          seq: seq + 1,
          kind,
          purpose: message.purpose,
          channel,
          thread_ts: message.threadTs ?? null,
          message_json: JSON.stringify(message.content),
          meta_json: message.meta ? JSON.stringify(message.meta) : null,
          state: 'pending',
          attempts: 0,
          next_attempt_at: new Date(at.getTime() + (message.delayMs ?? 0)).toISOString(),
          expires_at: this.expiry(at),
          claimed_by: null,
          claim_until: null,
          reason: null,
          posted_channel: null,
          posted_ts: null,
          created_at: at.toISOString(),
          updated_at: at.toISOString(),
        })
        .execute();
      ids.push(id);
    }
    return ids;
  }

  /**
   * Claims the next row that may be sent now: due, not claimed by a live worker, and the first unfinished row of
   * its card (an update never overtakes its post). An update with a newer update behind it is superseded instead.
   */
  async claimNext(holder: string, leaseMs: number, scope?: ChannelScope): Promise<OutboxRow | undefined> {
    // A row given up or superseded here lets the one behind it be sent: look again, until a pass settles nothing.
    for (;;) {
      const { claimed, settled } = await this.claimPass(holder, leaseMs, scope);
      if (claimed || !settled) return claimed;
    }
  }

  private async claimPass(holder: string, leaseMs: number, scope?: ChannelScope): Promise<{ claimed?: OutboxRow; settled: boolean }> {
    const now = this.now().toISOString();
    const query = this.sendable(scope).where((eb) => eb.or([eb.and([eb('state', '=', 'pending'), eb('next_attempt_at', '<=', now)]), eb.and([eb('state', '=', 'sending'), eb('claim_until', '<', now)])]));
    const candidates = await query
      .selectAll()
      .orderBy('created_at')
      .orderBy('seq')
      .limit(25)
      .execute();
    let settled = false;
    for (const candidate of candidates) {
      const earlier = await this.store.db.selectFrom('outbox').select('id').where('card_key', '=', candidate.card_key).where('seq', '<', candidate.seq).where('state', 'in', UNFINISHED).limit(1).executeTakeFirst();
      if (earlier) continue;
      if (candidate.expires_at < now) {
        await this.finish(candidate, 'failed', `not sent within ${this.options.retryHours} h${candidate.reason ? ` (last: ${candidate.reason})` : ''}`);
        settled = true;
        continue;
      }
      if (candidate.kind === 'update') {
        const newer = await this.store.db.selectFrom('outbox').select('id').where('card_key', '=', candidate.card_key).where('seq', '>', candidate.seq).where('kind', '=', 'update').limit(1).executeTakeFirst();
        if (newer) {
          await this.finish(candidate, 'superseded', 'a newer version of the card replaces it');
          settled = true;
          continue;
        }
      }
      const claimed = await this.store.db
        .updateTable('outbox')
        .set({ state: 'sending', claimed_by: holder, claim_until: new Date(Date.parse(now) + leaseMs).toISOString(), attempts: candidate.attempts + 1, updated_at: now })
        .where('id', '=', candidate.id)
        .where('state', '=', candidate.state)
        .where('updated_at', '=', candidate.updated_at)
        .executeTakeFirst();
      if (Number(claimed.numUpdatedRows) > 0) return { claimed: toRow({ ...candidate, state: 'sending', claimed_by: holder, attempts: candidate.attempts + 1, updated_at: now }), settled };
    }
    return { settled };
  }

  /** The row was sent; `posted` is where a post landed (what its updates and replies edit or thread under). */
  async sent(row: OutboxRow, holder: string, posted?: { channel: string; ts: string }): Promise<boolean> {
    return this.settle(row, holder, { state: 'sent', reason: null, ...(posted ? { posted_channel: posted.channel, posted_ts: posted.ts } : {}) });
  }

  /** Try again at `at` (rate limit, server error, network). */
  retryLater(row: OutboxRow, holder: string, at: Date, reason: string): Promise<boolean> {
    return this.settle(row, holder, { state: 'pending', next_attempt_at: at.toISOString(), reason });
  }

  /** Waits for a person (invite the bot, grant a scope) and `opsbot deliveries retry`, or the channel working again. */
  block(row: OutboxRow, holder: string, reason: string): Promise<boolean> {
    return this.settle(row, holder, { state: 'blocked', reason });
  }

  fail(row: OutboxRow, holder: string, reason: string): Promise<boolean> {
    return this.settle(row, holder, { state: 'failed', reason });
  }

  /** When the next row this worker could send becomes due (a backoff ending, a claim lapsing); undefined when none waits. */
  async nextDueAt(scope?: ChannelScope): Promise<Date | undefined> {
    const pending = await this.sendable(scope).select((eb) => eb.fn.min('next_attempt_at').as('at')).where('state', '=', 'pending').executeTakeFirst();
    const lapsing = await this.sendable(scope).select((eb) => eb.fn.min('claim_until').as('at')).where('state', '=', 'sending').executeTakeFirst();
    const times = [pending?.at, lapsing?.at].filter((at): at is string => typeof at === 'string').map((at) => Date.parse(at));
    return times.length ? new Date(Math.min(...times)) : undefined;
  }

  /**
   * Takes a message posted outside the outbox (an incident's briefing, posted by its workflow) as the sent post of a
   * card, so later edits written here from any process reach it in order, with the outbox's retries. Once per card.
   */
  async adopt(cardKey: string, purpose: string, channel: string, posted: { channel: string; ts: string }): Promise<void> {
    if (await this.hasCard(cardKey)) return;
    const at = this.now().toISOString();
    await this.store.db
      .insertInto('outbox')
      .values({
        id: `ob_${randomUUID()}`,
        card_key: cardKey,
        seq: 1,
        kind: 'post',
        purpose,
        channel,
        thread_ts: null,
        message_json: JSON.stringify({ adopted: true }),
        meta_json: null,
        state: 'sent',
        attempts: 0,
        next_attempt_at: at,
        expires_at: this.expiry(new Date(at)),
        claimed_by: null,
        claim_until: null,
        reason: null,
        posted_channel: posted.channel,
        posted_ts: posted.ts,
        created_at: at,
        updated_at: at,
      })
      .execute();
  }

  /** Where a card's post landed, once it has. */
  async location(cardKey: string): Promise<{ channel: string; ts: string } | undefined> {
    const row = await this.store.db.selectFrom('outbox').select(['posted_channel', 'posted_ts']).where('card_key', '=', cardKey).where('kind', '=', 'post').where('state', '=', 'sent').executeTakeFirst();
    return row?.posted_channel && row.posted_ts ? { channel: row.posted_channel, ts: row.posted_ts } : undefined;
  }

  /** Whether a card has been written to the outbox at all (its post may still be waiting); `db` as for `enqueue`. */
  /**
   * Drops a card whose post has not gone out yet (still waiting, not being sent): true when it is dropped (now or
   * before), and then nothing of that card is ever posted. A post already on its way is left, and so are its edits.
   */
  async withdrawUnsent(cardKey: string, reason: string, db: Kysely<Database> = this.store.db): Promise<boolean> {
    const post = await db.selectFrom('outbox').select('state').where('card_key', '=', cardKey).where('kind', '=', 'post').executeTakeFirst();
    if (post?.state === 'superseded') return true;
    if (post?.state !== 'pending') return false;
    const at = this.now().toISOString();
    const withdrawn = await db.updateTable('outbox').set({ state: 'superseded', reason, updated_at: at }).where('card_key', '=', cardKey).where('kind', '=', 'post').where('state', '=', 'pending').executeTakeFirst();
    if (Number(withdrawn.numUpdatedRows) === 0) return false;
    await db.updateTable('outbox').set({ state: 'superseded', reason, updated_at: at }).where('card_key', '=', cardKey).where('state', '=', 'pending').execute();
    return true;
  }

  async hasCard(cardKey: string, db: Kysely<Database> = this.store.db): Promise<boolean> {
    return Boolean(await db.selectFrom('outbox').select('id').where('card_key', '=', cardKey).limit(1).executeTakeFirst());
  }

  /** Other rows blocked on a channel right now (so a person is told once per channel, not once per card). */
  async blockedCount(channel: string, exceptId?: string): Promise<number> {
    let query = this.store.db.selectFrom('outbox').select((eb) => eb.fn.countAll<number>().as('count')).where('state', '=', 'blocked').where('channel', '=', channel);
    if (exceptId) query = query.where('id', '!=', exceptId);
    return Number((await query.executeTakeFirst())?.count ?? 0);
  }

  /** Blocked (and failed) rows become due now with a fresh retry window; `channel` limits it to one channel. */
  async retry(options: { states?: OutboxState[]; channel?: string } = {}): Promise<number> {
    const at = this.now();
    let query = this.store.db
      .updateTable('outbox')
      .set({ state: 'pending', next_attempt_at: at.toISOString(), expires_at: this.expiry(at), claimed_by: null, claim_until: null, updated_at: at.toISOString() })
      .where('state', 'in', options.states ?? ['blocked', 'failed']);
    if (options.channel) query = query.where('channel', '=', options.channel);
    return Number((await query.executeTakeFirst()).numUpdatedRows);
  }

  async list(states: OutboxState[] = ['pending', 'sending', 'blocked', 'failed'], limit = 200): Promise<OutboxRow[]> {
    const rows = await this.store.db.selectFrom('outbox').selectAll().where('state', 'in', states).orderBy('created_at').orderBy('seq').limit(limit).execute();
    return rows.map(toRow);
  }

  async stats(): Promise<OutboxStats> {
    const counts = await this.store.db.selectFrom('outbox').select(['state', (eb) => eb.fn.countAll<number>().as('count')]).groupBy('state').execute();
    const byState: Record<OutboxState, number> = { pending: 0, sending: 0, blocked: 0, failed: 0, sent: 0, superseded: 0 };
    for (const entry of counts) byState[entry.state as OutboxState] = Number(entry.count);
    const oldest = await this.store.db.selectFrom('outbox').select((eb) => eb.fn.min('created_at').as('at')).where('state', 'in', UNFINISHED).executeTakeFirst();
    return { byState, ...(oldest?.at ? { oldestUnsentAt: String(oldest.at) } : {}) };
  }

  /** Forgets finished rows older than `maxAgeMs`, keeping each card's post (its updates need its location). */
  async prune(maxAgeMs: number): Promise<number> {
    const cutoff = new Date(this.now().getTime() - maxAgeMs).toISOString();
    const result = await this.store.db.deleteFrom('outbox').where('state', 'in', ['sent', 'superseded']).where('kind', '!=', 'post').where('updated_at', '<', cutoff).executeTakeFirst();
    return Number(result.numDeletedRows);
  }

  /**
   * Rows a worker with this scope could send once due: on a platform it reaches, and first among their card's
   * unfinished rows. Edits waiting behind a post that cannot go out (blocked, failed) are not candidates at all, so
   * however many wait they never crowd out the rows that can go, nor make an idle worker look busy.
   */
  private sendable(scope?: ChannelScope) {
    let query = this.store.db
      .selectFrom('outbox')
      .where((eb) =>
        eb.not(
          eb.exists(
            eb
              .selectFrom('outbox as earlier')
              .select('earlier.id')
              .whereRef('earlier.card_key', '=', 'outbox.card_key')
              .whereRef('earlier.seq', '<', 'outbox.seq')
              .where('earlier.state', 'in', UNFINISHED),
          ),
        ),
      );
    // Rows for a platform this worker cannot reach wait for one that can (as rows wait while no chat is configured).
    if (scope) {
      query = query.where((eb) =>
        eb.or([
          ...scope.prefixes.map((prefix) => eb('channel', 'like', `${prefix}%`)),
          ...(scope.bare ? [eb.and(scope.bare.unless.map((prefix) => eb('channel', 'not like', `${prefix}%`)))] : []),
        ]),
      );
    }
    return query;
  }

  private expiry(from: Date): string {
    return new Date(from.getTime() + this.options.retryHours * 3_600_000).toISOString();
  }

  private async finish(candidate: Selectable<OutboxTable>, state: OutboxState, reason: string): Promise<void> {
    await this.store.db.updateTable('outbox').set({ state, reason, updated_at: this.now().toISOString() }).where('id', '=', candidate.id).where('updated_at', '=', candidate.updated_at).execute();
  }

  /** A change by the claim's holder only: a worker whose lease lapsed and was taken over changes nothing. */
  private async settle(row: OutboxRow, holder: string, changes: Partial<Selectable<OutboxTable>>): Promise<boolean> {
    const result = await this.store.db
      .updateTable('outbox')
      .set({ ...changes, claimed_by: null, claim_until: null, updated_at: this.now().toISOString() })
      .where('id', '=', row.id)
      .where('state', '=', 'sending')
      .where('claimed_by', '=', holder)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }
}

function toRow(row: Selectable<OutboxTable>): OutboxRow {
  return {
    id: row.id,
    cardKey: row.card_key,
    seq: Number(row.seq),
    kind: row.kind as OutboxRow['kind'],
    purpose: row.purpose,
    channel: row.channel,
    ...(row.thread_ts ? { threadTs: row.thread_ts } : {}),
    content: JSON.parse(row.message_json) as OutboxContent,
    meta: row.meta_json ? (JSON.parse(row.meta_json) as Record<string, unknown>) : {},
    state: row.state as OutboxState,
    attempts: Number(row.attempts),
    nextAttemptAt: row.next_attempt_at,
    expiresAt: row.expires_at,
    ...(row.reason ? { reason: row.reason } : {}),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    ...(row.posted_channel && row.posted_ts ? { posted: { channel: row.posted_channel, ts: row.posted_ts } } : {}),
  };
}
