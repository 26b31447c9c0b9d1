import { createHash } from 'node:crypto';
import type { AnyMiddlewareArgs, Middleware } from '@slack/bolt';
import { metrics } from '../../observability/metrics.js';
import { fixedQuery, type FixedQuery } from '../../store/fixed-query.js';
import type { Store } from '../../store/open-store.js';

/**
 * Slack redelivers an event it thinks we missed (same `event_id`, `X-Slack-Retry-Num` ≥ 1). The first insert of
 * an id into `delivered_events` wins; a conflict means "already handled". Kept in the store, not in memory, so it
 * holds across a restart and between replicas.
 */
export class EventDedupe {
  // The one write before an event is handled: one statement, committed on its own, fixed SQL (see fixed-query.ts).
  private readonly claim: FixedQuery<never>;

  constructor(
    private readonly store: Store,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.claim = fixedQuery(store, 'insert into "delivered_events" ("event_id", "received_at") values (?, ?) on conflict ("event_id") do nothing');
  }

  /** True the first time this event id is seen. */
  async firstDelivery(eventId: string): Promise<boolean> {
    const result = await this.claim([eventId, this.now().toISOString()]);
    return Number(result.numAffectedRows ?? 0n) > 0;
  }

  /** Forgets ids older than `maxAgeMs`; Slack stops retrying within minutes, so a day is plenty. */
  async prune(maxAgeMs = 24 * 60 * 60_000): Promise<number> {
    const cutoff = new Date(this.now().getTime() - maxAgeMs).toISOString();
    const result = await this.store.db.deleteFrom('delivered_events').where('received_at', '<', cutoff).executeTakeFirst();
    return Number(result.numDeletedRows);
  }
}

/**
 * Global middleware: lets each delivery through once. Events carry `event_id` (Slack retries them). A slash
 * command or an interactive payload is not retried by Slack, but a signed request replayed within the five
 * minutes its signature is valid is the same delivery again, and must not make a second pending action: each
 * carries a `trigger_id`, unique per interaction, and a body without one is keyed by its digest. A duplicate
 * command or click is still acked, so the replayer learns nothing and Slack sees no timeout.
 */
export function dedupeEvents(dedupe: EventDedupe): Middleware<AnyMiddlewareArgs> {
  return async (args) => {
    const { body, next, logger } = args;
    const key = deliveryKey(body as Record<string, unknown>);
    const first = !key || (await dedupe.firstDelivery(key));
    metrics.inboundEvents.inc({ source: 'slack', outcome: first ? 'accepted' : 'duplicate' });
    if (!first) {
      logger.warn(`skipping a repeated Slack delivery (${key?.split(':')[0]})`);
      if ('ack' in args && typeof args.ack === 'function') await (args.ack as () => Promise<void>)();
      return;
    }
    await next();
  };
}

/** The id a delivery is known by: its event id, its trigger id, or the digest of a command or interaction body. */
export function deliveryKey(body: Record<string, unknown>): string | undefined {
  if (typeof body.event_id === 'string') return body.event_id;
  const interactive = typeof body.command === 'string' || (typeof body.type === 'string' && INTERACTIVE_TYPES.has(body.type));
  if (!interactive) return undefined;
  if (typeof body.trigger_id === 'string' && body.trigger_id) return `trigger:${body.trigger_id}`;
  return `body:${createHash('sha256').update(JSON.stringify(body)).digest('hex')}`;
}

// Payloads a person's action produces (https://docs.slack.dev/reference/interaction-payloads).
const INTERACTIVE_TYPES = new Set(['block_actions', 'shortcut', 'message_action', 'view_submission', 'view_closed', 'interactive_message', 'dialog_submission']);
