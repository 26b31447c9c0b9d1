import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EVENT_ACTION_IDS } from '../../../src/bot/webhooks/alert-card.js';
import { alertmanagerBody, buttonsOf, CHANNELS, webhookHarness, type WebhookHarness } from './webhook-harness.js';

/** A card that fired, then resolved at 09:21 UTC; its old Silence / Page / Declare buttons clicked afterwards. */
describe('buttons a resolved alert card no longer shows', () => {
  let h: WebhookHarness;
  let card: { channel: string; ts: string; ref: string };

  beforeAll(async () => {
    h = await webhookHarness();
    await h.alertmanager(alertmanagerBody({ alerts: [{ severity: 'warning' }] }));
    await h.receiver.idle();
    const posted = [...h.fake.messages.values()].find((entry) => entry.channel === CHANNELS.fallback)!;
    card = { channel: posted.channel, ts: posted.ts, ref: buttonsOf(posted.blocks)[0]!.value };
    await h.alertmanager(alertmanagerBody({ status: 'resolved', alerts: [{ severity: 'warning', status: 'resolved', endsAt: '2026-12-01T09:21:00Z' }] }));
    await h.receiver.idle();
    expect(buttonsOf(h.fake.message(card.channel, card.ts)!.blocks).map((button) => button.action_id)).toEqual([EVENT_ACTION_IDS.runbook]);
  });
  afterAll(async () => h.close());

  const click = async (userId: string, actionId: string) => {
    const before = h.fake.calls.length;
    expect((await h.sender.blockAction({ userId, actionId, value: card.ref, channelId: card.channel, messageTs: card.ts, responseUrl: h.fake.responseUrl('click') })).status).toBe(200);
    await h.frontEnd.idle();
    return h.fake.calls.slice(before).filter((call) => call.method === 'chat.postEphemeral' && call.args.user === userId).map((call) => String(call.args.text));
  };

  it('Silence and Page do nothing and say when the alert resolved', async () => {
    expect(await click('U00SRE', EVENT_ACTION_IDS.silence)).toEqual(['This alert resolved at 09:21 UTC; nothing was done.']);
    expect(await click('U00DEV', EVENT_ACTION_IDS.page)).toEqual(['This alert resolved at 09:21 UTC; nothing was done.']);
    const actions = await h.opsbot.gateway.listActions(20);
    expect(actions.filter((action) => action.tool === 'alert_silence' || action.tool === 'page')).toEqual([]);
  });

  it('Declare incident still proposes, with the resolution on its card', async () => {
    await click('U00LEAD', EVENT_ACTION_IDS.incident);
    const [action] = (await h.opsbot.gateway.listActions(20)).filter((entry) => entry.tool === 'incident_declare');
    expect(String(action?.args.title)).toMatch(/^HighErrorRate on frontend production.* \(alert resolved at 09:21 UTC\)$/);
  });
});
