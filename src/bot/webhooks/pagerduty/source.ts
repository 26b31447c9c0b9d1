import type { Config } from '../../../config/schema.js';
import { type PagerDutyWebhookDependencies, handlePagerDutyEvent } from './handler.js';
import { type IgnoredPagerDutyEvent, type PagerDutyEvent, parsePagerDutyEvent } from './events.js';
import { verifyPagerDutySignature } from './signature.js';

/**
 * The PagerDuty webhook source for the generic receiver (`POST /hooks/pagerduty`): authenticate the raw body,
 * parse it into a typed event with its dedupe key, handle it with injected dependencies. The receiver answers
 * 2xx as soon as a delivery is authenticated and recorded, and handles it after.
 */
export interface PagerDutyWebhookSource {
  name: 'pagerduty';
  authenticate(rawBody: Buffer, headers: Record<string, string | string[] | undefined>): boolean;
  parse(rawBody: Buffer): { dedupeKey: string; event: PagerDutyEvent | IgnoredPagerDutyEvent };
  handle(event: PagerDutyEvent | IgnoredPagerDutyEvent, deps: PagerDutyWebhookDependencies): Promise<void>;
}

/**
 * Builds the source from `webhooks.pagerduty.secret: env:NAME`. NAME may hold several secrets separated by
 * commas or whitespace while a subscription's secret is rotated; any of them verifies a delivery.
 */
export function pagerDutyWebhookSource(config: Config, env: NodeJS.ProcessEnv): PagerDutyWebhookSource | undefined {
  const reference = config.webhooks?.pagerduty?.secret;
  if (!reference) return undefined;
  const secrets = (env[reference.slice('env:'.length)] ?? '').split(/[\s,]+/).filter(Boolean);
  return {
    name: 'pagerduty',
    // Without a secret nothing is genuine: fail closed.
    authenticate: (rawBody, headers) => secrets.length > 0 && verifyPagerDutySignature(rawBody, headers, secrets),
    parse: (rawBody) => parsePagerDutyEvent(rawBody),
    handle: (event, deps) => handlePagerDutyEvent(event, deps),
  };
}
