import { describe, expect, it } from 'vitest';
import { signPagerDutyBody, verifyPagerDutySignature } from '../../../../src/bot/webhooks/pagerduty/signature.js';
import { incidentDelivery } from './pagerduty-deliveries.js';

const body = Buffer.from(incidentDelivery({ eventId: '01DEV1', type: 'incident.triggered', incident: 'PABC123' }));
const secret = 'whsec-current-8d1f2a9c';
const oldSecret = 'whsec-previous-77b0e3aa';

describe('PagerDuty webhook signatures', () => {
  it('accepts the v1 HMAC-SHA256 of the raw body', () => {
    const signature = signPagerDutyBody(body, [secret]);
    expect(signature).toMatch(/^v1=[0-9a-f]{64}$/);
    expect(verifyPagerDutySignature(body, signature, [secret])).toBe(true);
  });

  it('refuses a wrong secret, a changed body, a missing header and a scheme other than v1', () => {
    const signature = signPagerDutyBody(body, [secret]);
    expect(verifyPagerDutySignature(body, signature, ['another-secret'])).toBe(false);
    const tampered = Buffer.from(body.toString().replace('PABC123', 'PABC124'));
    expect(verifyPagerDutySignature(tampered, signature, [secret])).toBe(false);
    expect(verifyPagerDutySignature(body, undefined, [secret])).toBe(false);
    expect(verifyPagerDutySignature(body, signature.replace('v1=', 'v0='), [secret])).toBe(false);
    expect(verifyPagerDutySignature(body, 'v1=', [secret])).toBe(false);
  });

  it('during a rotation: any of several signatures in the header, against any of several secrets', () => {
    const rotated = signPagerDutyBody(body, [oldSecret, secret]);
    expect(rotated.split(',')).toHaveLength(2);
    expect(verifyPagerDutySignature(body, rotated, [secret])).toBe(true);
    expect(verifyPagerDutySignature(body, rotated, [oldSecret])).toBe(true);
    expect(verifyPagerDutySignature(body, signPagerDutyBody(body, [oldSecret]), [secret, oldSecret])).toBe(true);
    expect(verifyPagerDutySignature(body, signPagerDutyBody(body, ['gone']), [secret, oldSecret])).toBe(false);
  });
});
