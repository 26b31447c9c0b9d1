import { describe, expect, it } from 'vitest';
import { signPagerDutyBody, verifyPagerDutySignature } from '../../../../src/bot/webhooks/pagerduty/signature.js';
import { pagerDutyWebhookSource } from '../../../../src/bot/webhooks/pagerduty/source.js';
import { testConfig } from '../../../support/test-opsbot.js';
import { incidentDelivery } from './pagerduty-deliveries.js';

const body = Buffer.from(incidentDelivery({ eventId: '01DEV1', type: 'incident.triggered', incident: 'PABC123' }));
const secret = 'whsec-current-8d1f2a9c';
const oldSecret = 'whsec-previous-77b0e3aa';

describe('PagerDuty webhook signatures', () => {
  it('accepts the v1 HMAC-SHA256 of the raw body, whatever the header case', () => {
    const signature = signPagerDutyBody(body, [secret]);
    expect(signature).toMatch(/^v1=[0-9a-f]{64}$/);
    expect(verifyPagerDutySignature(body, { 'X-PagerDuty-Signature': signature }, [secret])).toBe(true);
    expect(verifyPagerDutySignature(body, { 'x-pagerduty-signature': signature }, [secret])).toBe(true);
  });

  it('refuses a wrong secret, a changed body, a missing header and a scheme other than v1', () => {
    const signature = signPagerDutyBody(body, [secret]);
    expect(verifyPagerDutySignature(body, { 'x-pagerduty-signature': signature }, ['another-secret'])).toBe(false);
    const tampered = Buffer.from(body.toString().replace('PABC123', 'PABC124'));
    expect(verifyPagerDutySignature(tampered, { 'x-pagerduty-signature': signature }, [secret])).toBe(false);
    expect(verifyPagerDutySignature(body, {}, [secret])).toBe(false);
    expect(verifyPagerDutySignature(body, { 'x-pagerduty-signature': signature.replace('v1=', 'v0=') }, [secret])).toBe(false);
    expect(verifyPagerDutySignature(body, { 'x-pagerduty-signature': 'v1=' }, [secret])).toBe(false);
  });

  it('during a rotation: any of several signatures in the header, against any of several secrets', () => {
    const rotated = signPagerDutyBody(body, [oldSecret, secret]);
    expect(rotated.split(',')).toHaveLength(2);
    expect(verifyPagerDutySignature(body, { 'x-pagerduty-signature': rotated }, [secret])).toBe(true);
    expect(verifyPagerDutySignature(body, { 'x-pagerduty-signature': rotated }, [oldSecret])).toBe(true);
    expect(verifyPagerDutySignature(body, { 'x-pagerduty-signature': signPagerDutyBody(body, [oldSecret]) }, [secret, oldSecret])).toBe(true);
    expect(verifyPagerDutySignature(body, { 'x-pagerduty-signature': signPagerDutyBody(body, ['gone']) }, [secret, oldSecret])).toBe(false);
  });

  it('the source reads its secrets from the environment and fails closed without them', () => {
    const config = testConfig({ webhooks: { port: 0, pagerduty: { secret: 'env:PAGERDUTY_WEBHOOK_SECRET' } } });
    const headers = { 'x-pagerduty-signature': signPagerDutyBody(body, [secret]) };
    expect(pagerDutyWebhookSource(config, { PAGERDUTY_WEBHOOK_SECRET: `${oldSecret},${secret}` })!.authenticate(body, headers)).toBe(true);
    expect(pagerDutyWebhookSource(config, {})!.authenticate(body, headers)).toBe(false);
    expect(pagerDutyWebhookSource(testConfig(), {})).toBeUndefined();
  });
});
