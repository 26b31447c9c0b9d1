import type { IncomingHttpHeaders } from 'node:http';
import type { OutboxMessage } from '../../store/outbox-repository.js';
import type { ChatContent } from '../conversation/card.js';

/**
 * One sender of webhooks (Alertmanager, GitHub, PagerDuty…) as the receiver sees it. The receiver does the
 * rest the same way for every source, in this order, and a source plugs in by being listed in the source table
 * (`webhookSources` in start-webhooks.ts):
 *
 *  1. `POST <path>` with a body of at most 1 MB (else 413).
 *  2. `authenticate` with the raw body and headers: false → 401 with no effect and no echo of the body.
 *  3. `parse` the raw body: throw `MalformedDelivery` → 400; return `ignored` → 202 and nothing else happens
 *     (an event type the source does not handle); return `deliveries` → each is deduped in the store by
 *     `(source name, key)` and, when given, by the event's own `identity` from the signed body, so a retry,
 *     an HA duplicate, another replica or a replay under a new delivery id never has a second effect.
 *  4. The receiver answers 202 at once (senders time out: GitHub after 10 s), then runs `handle` for each
 *     first-seen delivery in the background; its result is recorded with the delivery (e.g. `unrouted`), and the
 *     messages it asks for are written to the outbox in the same transaction (src/bot/outbox sends them). A
 *     delivery whose handling died with its process is handled again by the next sweep.
 *
 * A source holds no HTTP code and no dedupe logic; secrets it needs come from the environment at start-up.
 */
export interface WebhookSource<Delivery = unknown> {
  /** Short stable name: the dedupe namespace and the log label (`alertmanager`, `github`). */
  name: string;
  /** The path it is served on, e.g. `/hooks/alertmanager`. */
  path: string;
  /** True when the request proves it comes from the sender (bearer token, HMAC signature); constant time. */
  authenticate(request: RawDelivery): boolean | Promise<boolean>;
  /** The deliveries in an authenticated body, each with its dedupe key; throws MalformedDelivery when unreadable. */
  parse(request: RawDelivery): Parsed<Delivery>;
  /** The work after the ack: what to post or update. Resolves with what became of it, recorded with the delivery. */
  handle(delivery: Delivery): Promise<DeliveryOutcome>;
}

/** A request as received: the exact bytes (signatures are over them) and the headers (lower-case names). */
export interface RawDelivery {
  body: Buffer;
  headers: IncomingHttpHeaders;
}

/** What `parse` found: deliveries to dedupe and handle, or a well-formed event the source does not handle. */
export type Parsed<Delivery> = { ignored: string } | { deliveries: Array<{ key: string; identity?: string; delivery: Delivery }> };

/** What handling did, for the delivery record and the log; `unrouted` is recorded, never silently dropped. */
export interface DeliveryOutcome {
  /** `queued`: its messages are in the outbox, written with this record. */
  outcome: 'queued' | 'updated' | 'unrouted' | 'ignored';
  detail?: string;
  /** Cards and notices to send, written to the outbox with the outcome (to a Slack channel also Slack's own `{ text }`, sent as it is). */
  messages?: Array<OutboxMessage<ChatContent | { text: string }>>;
}

/** The body is not what the source sends (not JSON, missing fields): a 400. The message names the problem, not the body. */
export class MalformedDelivery extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MalformedDelivery';
  }
}

/** A header's single value (Node joins or lists repeated ones). */
export function headerOf(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** The body as JSON, or MalformedDelivery. */
export function jsonBody(request: RawDelivery): unknown {
  try {
    return JSON.parse(request.body.toString('utf8'));
  } catch {
    throw new MalformedDelivery('body is not JSON');
  }
}
