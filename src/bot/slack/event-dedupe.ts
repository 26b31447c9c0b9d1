import type { AnyMiddlewareArgs, Middleware } from '@slack/bolt';
import type { Store } from '../../store/open-store.js';

/**
 * Slack redelivers an event it thinks we missed (same `event_id`, `X-Slack-Retry-Num` ≥ 1). The first insert of
 * an id into `delivered_events` wins; a conflict means "already handled". Kept in the store, not in memory, so it
 * holds across a restart and between replicas.
 */
export class EventDedupe {
  constructor(
    private readonly store: Store,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** True the first time this event id is seen. */
  async firstDelivery(eventId: string): Promise<boolean> {
    const result = await this.store.db
      .insertInto('delivered_events')
      .values({ event_id: eventId, received_at: this.now().toISOString() })
      .onConflict((conflict) => conflict.column('event_id').doNothing())
      .executeTakeFirst();
    return Number(result.numInsertedOrUpdatedRows ?? 0n) > 0;
  }

  /** Forgets ids older than `maxAgeMs`; Slack stops retrying within minutes, so a day is plenty. */
  async prune(maxAgeMs = 24 * 60 * 60_000): Promise<number> {
    const cutoff = new Date(this.now().getTime() - maxAgeMs).toISOString();
    const result = await this.store.db.deleteFrom('delivered_events').where('received_at', '<', cutoff).executeTakeFirst();
    return Number(result.numDeletedRows);
  }
}

/** Global middleware: lets each Events API delivery through once. Commands and clicks are not retried by Slack, so they pass. */
export function dedupeEvents(dedupe: EventDedupe): Middleware<AnyMiddlewareArgs> {
  return async ({ body, next, logger }) => {
    const eventId = 'event_id' in body && typeof body.event_id === 'string' ? body.event_id : undefined;
    if (eventId && !(await dedupe.firstDelivery(eventId))) {
      logger.debug(`skipping redelivered event ${eventId}`);
      return;
    }
    await next();
  };
}
