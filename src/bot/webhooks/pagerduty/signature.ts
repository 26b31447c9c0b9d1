import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Verifies a PagerDuty v3 webhook delivery: `X-PagerDuty-Signature` holds one or more comma-separated
 * `v1=<hex HMAC-SHA256 of the raw body>` (several while a secret is being rotated); the delivery is genuine when
 * any of them matches any configured secret. Compared in constant time; the raw bytes, never a re-serialised body.
 */
export function verifyPagerDutySignature(rawBody: Buffer, header: string | undefined, secrets: string[]): boolean {
  if (!header) return false;
  const offered = header
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part.startsWith('v1='))
    .map((part) => part.slice(3));
  if (offered.length === 0) return false;
  let matched = false;
  for (const secret of secrets.filter(Boolean)) {
    const expected = Buffer.from(createHmac('sha256', secret).update(rawBody).digest('hex'), 'utf8');
    for (const signature of offered) {
      const candidate = Buffer.from(signature.toLowerCase(), 'utf8');
      // Every pair is compared (no early exit), so timing says nothing about which one matched.
      if (candidate.length === expected.length && timingSafeEqual(candidate, expected)) matched = true;
    }
  }
  return matched;
}

/** The signature header PagerDuty would send for this body under these secrets (tests and tooling). */
export function signPagerDutyBody(rawBody: Buffer | string, secrets: string[]): string {
  return secrets.map((secret) => `v1=${createHmac('sha256', secret).update(rawBody).digest('hex')}`).join(',');
}
