import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dedupeKey } from '../../../src/bot/webhooks/alertmanager-source.js';
import { groupRef } from '../../../src/bot/webhooks/alert-groups.js';
import { alertmanagerBody, blockText, buttonsOf, CHANNELS, ALERTMANAGER_TOKEN, webhookHarness, type WebhookHarness } from './webhook-harness.js';

const cardsIn = (h: WebhookHarness, channel: string) => h.fake.callsOf('chat.postMessage').filter((call) => call.args.channel === channel);

describe('webhook receiver: Alertmanager deliveries', () => {
  let h: WebhookHarness;
  beforeEach(async () => {
    h = await webhookHarness();
  });
  afterEach(async () => h.close());

  it('answers /healthz when the store is reachable', async () => {
    const response = await fetch(`http://127.0.0.1:${h.receiver.port}/healthz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ ok: true });
  });

  it('refuses a missing or wrong bearer token with 401, no effect and no echo of the body', async () => {
    const body = alertmanagerBody({ alerts: [{ summary: 'SECRET-LOOKING-SUMMARY' }] });
    const wrong = await h.alertmanager(body, 'not-the-token');
    const missing = await h.post('/hooks/alertmanager', JSON.stringify(body));
    expect([wrong.status, missing.status]).toEqual([401, 401]);
    expect(wrong.text).not.toContain('SECRET-LOOKING-SUMMARY');
    await h.receiver.idle();
    expect(h.fake.callsOf('chat.postMessage')).toHaveLength(0);
    expect(await h.receiver.deliveries.get('alertmanager', dedupeKey({ groupKey: body.groupKey, status: 'firing', alerts: [{ fingerprint: 'f00d', startsAt: '2026-12-01T09:00:00Z' } as never] }))).toBeUndefined();
  });

  it('answers 400 to a malformed body and 413 to one over 1 MB', async () => {
    expect((await h.post('/hooks/alertmanager', '{not json', { authorization: `Bearer ${ALERTMANAGER_TOKEN}` })).status).toBe(400);
    expect((await h.alertmanager({ version: '4', alerts: [] })).status).toBe(400);
    const huge = alertmanagerBody({ alerts: [{ summary: 'x'.repeat(2 * 1024 * 1024) }] });
    expect((await h.alertmanager(huge)).status).toBe(413);
    await h.receiver.idle();
    expect(h.fake.callsOf('chat.postMessage')).toHaveLength(0);
  });

  it('posts one card per group, routed by the first matching route, and has no second effect for a duplicate', async () => {
    const body = alertmanagerBody({ alerts: [{ severity: 'critical', runbook: 'https://runbooks.local/high-error-rate' }] });
    const first = await h.alertmanager(body);
    // An HA peer sends the same notification; reordered alerts are the same set.
    const duplicate = await h.alertmanager(body);
    expect(first.status).toBe(202);
    expect(JSON.parse(duplicate.text)).toMatchObject({ accepted: 0, duplicates: 1 });
    await h.receiver.idle();
    const posted = cardsIn(h, CHANNELS.critical);
    expect(posted).toHaveLength(1);
    const text = blockText(posted[0]!.args.blocks as unknown[]);
    for (const fact of ['HighErrorRate', 'frontend', 'production', 'critical', 'Error rate above 5% for 5 minutes', 'https://runbooks.local/high-error-rate', 'firing for']) expect(text).toContain(fact);
    expect(buttonsOf(posted[0]!.args.blocks as unknown[]).map((button) => button.action_id)).toEqual(['opsbot_alert_silence', 'opsbot_alert_runbook', 'opsbot_alert_incident', 'opsbot_alert_page']);
    expect(buttonsOf(posted[0]!.args.blocks as unknown[]).every((button) => button.value === groupRef(body.groupKey))).toBe(true);
    // Critical: the web team's on-call primary is mentioned.
    const primary = (await h.opsbot.backends.oncall.team('web')).primary.id;
    expect(blockText(posted[0]!.args.blocks as unknown[])).toContain(`<@${primary}>`);
  });

  it('updates the same message in place as the group changes and resolves, never mentioning anyone when resolved', async () => {
    await h.alertmanager(alertmanagerBody({ alerts: [{ severity: 'critical' }] }));
    await h.receiver.idle();
    const [card] = cardsIn(h, CHANNELS.critical);
    const ts = h.fake.messages.size ? [...h.fake.messages.values()].find((message) => message.channel === CHANNELS.critical)!.ts : '';
    await h.alertmanager(alertmanagerBody({ alerts: [{ severity: 'critical' }, { severity: 'critical', fingerprint: 'beef', summary: 'second instance' }] }));
    await h.receiver.idle();
    expect(blockText(h.fake.message(CHANNELS.critical, ts)!.blocks)).toContain('second instance');
    await h.alertmanager(alertmanagerBody({ status: 'resolved', alerts: [{ severity: 'critical', endsAt: '2026-12-01T09:20:00Z' }, { severity: 'critical', fingerprint: 'beef', endsAt: '2026-12-01T09:21:00Z' }] }));
    await h.receiver.idle();
    expect(card).toBeDefined();
    expect(cardsIn(h, CHANNELS.critical)).toHaveLength(1);
    const updates = h.fake.callsOf('chat.update').filter((call) => call.args.ts === ts);
    expect(updates).toHaveLength(2);
    const resolved = h.fake.message(CHANNELS.critical, ts)!;
    expect(blockText(resolved.blocks)).toContain('Resolved');
    // The group resolved when its last alert did, as a Slack date (each reader's time zone; UTC as the fallback).
    expect(blockText(resolved.blocks)).toContain(`<!date^${Date.parse('2026-12-01T09:21:00Z') / 1000}^{date_short_pretty} {time}|Dec 1 2026, 09:21 UTC>`);
    expect(`${resolved.text}${blockText(resolved.blocks)}`).not.toMatch(/<@[UW][A-Z0-9]+>/);
    expect(buttonsOf(resolved.blocks).map((button) => button.action_id)).toEqual(['opsbot_alert_runbook']);
  });

  it('routes by service before severity, and falls back to the default channel', async () => {
    await h.alertmanager(alertmanagerBody({ groupKey: 'payments', alerts: [{ service: 'payments', severity: 'critical' }] }));
    await h.alertmanager(alertmanagerBody({ groupKey: 'api', alerts: [{ service: 'api', severity: 'warning', name: 'SlowRequests' }] }));
    await h.receiver.idle();
    expect(cardsIn(h, CHANNELS.payments)).toHaveLength(1);
    expect(cardsIn(h, CHANNELS.fallback)).toHaveLength(1);
    expect(cardsIn(h, CHANNELS.critical)).toHaveLength(0);
  });
});

describe('webhook receiver: unrouted events', () => {
  it('records and logs an event with no route and no default channel instead of dropping it silently', async () => {
    const h = await webhookHarness({ overrides: { notifications: { routes: [{ match: { service: 'payments' }, channel: 'C0PAY' }] } } });
    try {
      const body = alertmanagerBody();
      expect((await h.alertmanager(body)).status).toBe(202);
      await h.receiver.idle();
      expect(h.fake.callsOf('chat.postMessage')).toHaveLength(0);
      const unrouted = await h.receiver.deliveries.withOutcome('alertmanager', 'unrouted');
      expect(unrouted).toHaveLength(1);
      expect(unrouted[0]!.detail).toContain('service=frontend');
      expect(h.receiverLogs.some((line) => line.startsWith('warn') && line.includes('unrouted'))).toBe(true);
    } finally {
      await h.close();
    }
  });
});
