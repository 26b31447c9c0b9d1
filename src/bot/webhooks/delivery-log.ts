import type { Store } from '../../store/open-store.js';
import type { DeliveryOutcome } from './webhook-source.js';

/** How long a delivery is remembered: longer than any sender retries or an operator redelivers by hand. */
export const DELIVERY_RETENTION_MS = 7 * 24 * 60 * 60_000;

/**
 * Deliveries seen, by source and dedupe key, in the store (so across restarts and replicas). The first insert
 * of a key wins; a conflict means another request — a retry, an HA duplicate, another replica — already has it.
 */
export class DeliveryLog {
  constructor(
    private readonly store: Store,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /**
   * True the first time `(source, key)` is seen and, when given, the first time the event's own `identity` is
   * (a signed body replayed under a new delivery id is recorded as such and not handled again).
   */
  async firstDelivery(source: string, key: string, identity?: string): Promise<boolean> {
    if (!(await this.insert(source, key))) return false;
    if (identity === undefined || (await this.insert(source, `event ${identity}`))) return true;
    await this.record(source, key, { outcome: 'ignored', detail: 'the same event as an earlier delivery (replayed under a new delivery id)' });
    return false;
  }

  private async insert(source: string, key: string): Promise<boolean> {
    const result = await this.store.db
      .insertInto('webhook_deliveries')
      .values({ source, delivery_key: key, received_at: this.now().toISOString(), outcome: null, detail: null })
      .onConflict((conflict) => conflict.columns(['source', 'delivery_key']).doNothing())
      .executeTakeFirst();
    return Number(result.numInsertedOrUpdatedRows ?? 0n) > 0;
  }

  /** Records what became of a delivery (`unrouted` stays visible here and in the log). */
  async record(source: string, key: string, outcome: DeliveryOutcome | { outcome: 'failed'; detail?: string }): Promise<void> {
    await this.store.db
      .updateTable('webhook_deliveries')
      .set({ outcome: outcome.outcome, detail: outcome.detail ?? null })
      .where('source', '=', source)
      .where('delivery_key', '=', key)
      .execute();
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
