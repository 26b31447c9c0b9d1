import { createHmac, timingSafeEqual } from 'node:crypto';
import type { InboundRequest } from '../conversation/port.js';
import { MAX_REQUEST_SKEW_SECONDS } from './request-freshness.js';

/**
 * Slack's request signature (https://docs.slack.dev/authentication/verifying-requests-from-slack): `v0=` + hex
 * HMAC-SHA256 of `v0:<timestamp>:<raw body>` under the signing secret, with the timestamp within five minutes of
 * our clock either way (Bolt checks only the past; a request stamped ahead could be replayed until then).
 */
export function verifySlackSignature(request: InboundRequest, signingSecret: string, now: () => number = Date.now): boolean {
  const stamp = request.headers['x-slack-request-timestamp'];
  const signature = request.headers['x-slack-signature'];
  if (!stamp || !signature || !/^\d+$/.test(stamp)) return false;
  if (Math.abs(Number(stamp) - now() / 1000) > MAX_REQUEST_SKEW_SECONDS) return false;
  const expected = Buffer.from(`v0=${createHmac('sha256', signingSecret).update(`v0:${stamp}:`).update(request.rawBody).digest('hex')}`);
  const given = Buffer.from(signature);
  return given.length === expected.length && timingSafeEqual(given, expected);
}
