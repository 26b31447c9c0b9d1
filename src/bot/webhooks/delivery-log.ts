import type { Store } from '../../store/open-store.js';
import type { OutboxRepository } from '../../store/outbox-repository.js';
import type { DeliveryOutcome } from './webhook-source.js';

/** How long a delivery is remembered: longer than any sender retries or an operator redelivers by hand. */
export const DELIVERY_RETENTION_MS = 7 * 24 * 60 * 60_000;
/** How long the replica that took a delivery has to record its outcome before another handles it again. */
export const HANDLING_LAPSE_MS = 60_000;
// Two replicas adding to one card's outbox rows at once: the loser of the (card, seq) key tries again.
const RECORD_ATTEMPTS = 4;

/**
 * Deliveries seen, by source and dedupe key, in the store (so across restarts and replicas). The first insert
 * of a key wins; a conflict means another request — a retry, an HA duplicate, another replica — already has it.
 */
export class DeliveryLog {
  constructor(
    private readonly store: Store,
    private readonly outbox?: OutboxRepository,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /**
   * True the first time `(source, key)` is seen and, when given, the first time the event's own `identity` is
   * (a signed body replayed under a new delivery id is recorded as such and not handled again). The parsed
   * delivery is kept with it until its outcome is recorded, so a process killed between the 202 and the outcome
   * leaves it to `unhandled()` instead of losing it.
   */
  async firstDelivery(source: string, key: string, identity?: string, payload?: unknown): Promise<boolean> {
    if (!(await this.insert(source, key, payload))) return false;
    if (identity === undefined || (await this.insert(source, `event ${identity}`))) return true;
    await this.record(source, key, { outcome: 'ignored', detail: 'the same event as an earlier delivery (replayed under a new delivery id)' });
    return false;
  }

  private async insert(source: string, key: string, payload?: unknown): Promise<boolean> {
    const at = this.now();
    const result = await this.store.db
      .insertInto('webhook_deliveries')
      .values({
        source,
        delivery_key: key,
        received_at: at.toISOString(),
        outcome: null,
        detail: null,
        payload_json: payload === undefined ? null : JSON.stringify(payload),
        claim_until: new Date(at.getTime() + HANDLING_LAPSE_MS).toISOString(),
      })
      .onConflict((conflict) => conflict.columns(['source', 'delivery_key']).doNothing())
      .executeTakeFirst();
    return Number(result.numInsertedOrUpdatedRows ?? 0n) > 0;
  }

  /**
   * Records what became of a delivery and writes the messages it asked for to the outbox, in one transaction:
   * a card is queued exactly when its delivery is recorded as handled.
   */
  async record(source: string, key: string, outcome: DeliveryOutcome | { outcome: 'failed'; detail?: string }): Promise<void> {
    const messages = 'messages' in outcome ? (outcome.messages ?? []) : [];
    if (messages.length > 0 && !this.outbox) throw new Error('delivery log has no outbox to queue messages in');
    for (let attempt = 1; ; attempt++) {
      try {
        await this.store.db.transaction().execute(async (trx) => {
          await trx
            .updateTable('webhook_deliveries')
            .set({ outcome: outcome.outcome, detail: outcome.detail ?? null, payload_json: null, claim_until: null })
            .where('source', '=', source)
            .where('delivery_key', '=', key)
            .execute();
          if (messages.length > 0) await this.outbox!.enqueue(messages, trx);
        });
        return;
      } catch (error) {
        if (attempt >= RECORD_ATTEMPTS || !isUniqueViolation(error)) throw error;
      }
    }
  }

  /**
   * Deliveries taken by a process that died before recording their outcome: each is claimed again (a conditional
   * write, so one replica gets it) and returned with its parsed body to be handled.
   */
  async unhandled(limit = 50): Promise<Array<{ source: string; key: string; payload: unknown }>> {
    const now = this.now();
    const rows = await this.store.db
      .selectFrom('webhook_deliveries')
      .select(['source', 'delivery_key', 'payload_json', 'claim_until'])
      .where('outcome', 'is', null)
      .where('payload_json', 'is not', null)
      .where('claim_until', '<', now.toISOString())
      .orderBy('received_at')
      .limit(limit)
      .execute();
    const claimed: Array<{ source: string; key: string; payload: unknown }> = [];
    for (const row of rows) {
      const result = await this.store.db
        .updateTable('webhook_deliveries')
        .set({ claim_until: new Date(now.getTime() + HANDLING_LAPSE_MS).toISOString() })
        .where('source', '=', row.source)
        .where('delivery_key', '=', row.delivery_key)
        .where('outcome', 'is', null)
        .where('claim_until', '=', row.claim_until!)
        .executeTakeFirst();
      if (Number(result.numUpdatedRows) > 0) claimed.push({ source: row.source, key: row.delivery_key, payload: JSON.parse(row.payload_json!) });
    }
    return claimed;
  }

  async get(source: string, key: string): Promise<{ receivedAt: string; outcome: string | null; detail: string | null } | undefined> {
    const row = await this.store.db.selectFrom('webhook_deliveries').selectAll().where('source', '=', source).where('delivery_key', '=', key).executeTakeFirst();
    return row ? { receivedAt: row.received_at, outcome: row.outcome, detail: row.detail } : undefined;
  }

  /** Deliveries of a source with a given outcome, newest first (e.g. the unrouted ones). */
  async withOutcome(source: string, outcome: string, limit = 50): Promise<Array<{ key: string; receivedAt: string; detail: string | null }>> {
    const rows = await this.store.db.selectFrom('webhook_deliveries').selectAll().where('source', '=', source).where('outcome', '=', outcome).orderBy('received_at', 'desc').limit(limit).execute();
    return rows.map((row) => ({ key: row.delivery_key, receivedAt: row.received_at, detail: row.detail }));
  }

  /** Forgets deliveries older than the retention window. */
  async prune(maxAgeMs = DELIVERY_RETENTION_MS): Promise<number> {
    const cutoff = new Date(this.now().getTime() - maxAgeMs).toISOString();
    const result = await this.store.db.deleteFrom('webhook_deliveries').where('received_at', '<', cutoff).executeTakeFirst();
    return Number(result.numDeletedRows);
  }

  /** Whether the store answers (for `GET /healthz`). */
  async reachable(): Promise<boolean> {
    try {
      await this.store.db.selectFrom('webhook_deliveries').select('source').limit(1).execute();
      return true;
    } catch {
      return false;
    }
  }
}

/** SQLite's and PostgreSQL's unique-key violation (another writer took the same card sequence number). */
function isUniqueViolation(error: unknown): boolean {
  const code = (error as { code?: string } | undefined)?.code;
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}
