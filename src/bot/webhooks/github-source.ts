import { verify } from '@octokit/webhooks-methods';
import { sha256 } from '../../util/canonical-json.js';
import { registerSecret } from '../../util/redact.js';
import { headerOf, jsonBody, MalformedDelivery, type DeliveryOutcome, type WebhookSource } from './webhook-source.js';

/**
 * One GitHub event type (`X-GitHub-Event`) opsbot acts on. `parse` checks the payload before the ack (throw
 * MalformedDelivery for a 400, return undefined for an action of the event that is not handled: 202, ignored);
 * `handle` does the work after it. Add a handler to the list given to `githubSource` to handle another event.
 */
export interface GitHubEventHandler<Payload = unknown> {
  event: string;
  parse(payload: unknown): Payload | undefined;
  /**
   * The event's own identity, from inside the signed body (PR number + action + merge commit, deployment status
   * id, workflow run id + attempt): the dedupe key, so a signed body replayed with a fresh `X-GitHub-Delivery`
   * is a duplicate. Without it the source falls back to a digest of the body itself.
   */
  identity?(payload: Payload): string;
  handle(payload: Payload): Promise<DeliveryOutcome>;
}

/** A GitHub delivery after parsing: which handler takes it, and its payload. */
interface GitHubDelivery {
  handler: GitHubEventHandler;
  payload: unknown;
}

/**
 * `POST /hooks/github`: `X-Hub-Signature-256` (HMAC-SHA256 of the raw body with the webhook secret) verified by
 * @octokit/webhooks-methods in constant time; deduped on `X-GitHub-Delivery` (kept by GitHub on redelivery) and
 * on the event's own identity inside the signed body, which a replay under a new delivery id repeats.
 * Events without a handler are answered 202 and ignored, so a webhook subscribed to "everything" does no harm.
 */
export function githubSource(secret: string, handlers: GitHubEventHandler[]): WebhookSource<GitHubDelivery> {
  registerSecret(secret);
  const byEvent = new Map(handlers.map((handler) => [handler.event, handler]));
  return {
    name: 'github',
    path: '/hooks/github',
    async authenticate(request) {
      const signature = headerOf(request.headers, 'x-hub-signature-256');
      if (!signature || request.body.length === 0) return false;
      return verify(secret, request.body.toString('utf8'), signature);
    },
    parse(request) {
      const event = headerOf(request.headers, 'x-github-event');
      const id = headerOf(request.headers, 'x-github-delivery');
      if (!event || !id) throw new MalformedDelivery('missing X-GitHub-Event or X-GitHub-Delivery');
      const payload = jsonBody(request);
      if (typeof payload !== 'object' || payload === null) throw new MalformedDelivery('payload is not a JSON object');
      const handler = byEvent.get(event);
      if (!handler) return { ignored: `GitHub event ${event}` };
      const parsed = handler.parse(payload);
      if (parsed === undefined) return { ignored: `GitHub event ${event} (${describeAction(payload)})` };
      // Not the delivery id alone: GitHub keeps it on redelivery, but anyone holding a signed body can send it
      // again under a new one. What the signature covers says which event this is.
      const identity = handler.identity ? handler.identity(parsed) : `body ${sha256(request.body.toString('utf8'))}`;
      return { deliveries: [{ key: id, identity: `${event} ${identity}`, delivery: { handler, payload: parsed } }] };
    },
    handle: (delivery) => delivery.handler.handle(delivery.payload),
  };
}

function describeAction(payload: object): string {
  return 'action' in payload && typeof payload.action === 'string' ? `action ${payload.action.slice(0, 40)}` : 'not handled';
}
