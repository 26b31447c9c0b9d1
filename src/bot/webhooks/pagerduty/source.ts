import { registerSecret } from '../../../util/redact.js';
import { headerOf, jsonBody, type WebhookSource } from '../webhook-source.js';
import { type PagerDutyEvent, parsePagerDutyEvent } from './events.js';
import type { PagerDutyCards } from './incident-cards.js';
import { verifyPagerDutySignature } from './signature.js';

/**
 * `POST /hooks/pagerduty` (Webhooks v3): `X-PagerDuty-Signature` verified in constant time against every current
 * secret (several while a subscription's secret is rotated); one delivery per event, deduped on `event.id`, which
 * PagerDuty keeps when it retries. Event types opsbot does not act on are answered 202 and ignored.
 */
export function pagerDutySource(secrets: string[], cards: PagerDutyCards): WebhookSource<PagerDutyEvent> {
  for (const secret of secrets) registerSecret(secret);
  return {
    name: 'pagerduty',
    path: '/hooks/pagerduty',
    // Without a secret nothing is genuine: fail closed.
    authenticate: (request) => secrets.length > 0 && request.body.length > 0 && verifyPagerDutySignature(request.body, headerOf(request.headers, 'x-pagerduty-signature'), secrets),
    parse(request) {
      const event = parsePagerDutyEvent(jsonBody(request));
      return 'ignored' in event ? event : { deliveries: [{ key: event.id, delivery: event }] };
    },
    handle: (event) => cards.apply(event),
  };
}
