import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EVENT_ACTION_IDS } from '../../../src/bot/webhooks/alert-card.js';
import { alertmanagerBody, buttonsOf, CHANNELS, webhookHarness, type WebhookHarness } from './webhook-harness.js';
import { message } from '../slack/slack-harness.js';

/** One alert card and one release card, then clicks on each button by people with and without the rights. */
describe('event card buttons are the clicker’s requests through the gateway', () => {
  let h: WebhookHarness;
  let alert: { channel: string; ts: string; ref: string };
  let prepareRef: string;
  let publishRef: string;

  beforeAll(async () => {
    h = await webhookHarness();
    await h.alertmanager(alertmanagerBody({ alerts: [{ severity: 'warning' }] }));
    await h.receiver.idle();
    const card = [...h.fake.messages.values()].find((entry) => entry.channel === CHANNELS.fallback)!;
    alert = { channel: card.channel, ts: card.ts, ref: buttonsOf(card.blocks)[0]!.value };
    const release = (action: string, pull: Record<string, unknown>) => ({
      action,
      pull_request: { number: 50, title: 'Release v2026.12.0', html_url: 'https://github.com/acme/frontend/pull/50', labels: [], user: { login: 'dana-dev' }, head: { ref: 'release/v2026.12.0' }, base: { ref: 'main' }, ...pull },
      repository: { full_name: 'acme/frontend' },
    });
    await h.github('pull_request', release('opened', {}));
    await h.github('pull_request', { ...release('closed', { number: 51, title: 'Faster search', merged: true, labels: [{ name: 'release' }], head: { ref: 'search' } }) });
    await h.github('pull_request', release('closed', { merged: true, body: '### Features\n- #51 Faster search' }));
    await h.receiver.idle();
    const buttons = [...h.fake.messages.values()].flatMap((entry) => buttonsOf(entry.blocks));
    prepareRef = buttons.find((button) => button.action_id === EVENT_ACTION_IDS.releasePrepare)!.value;
    publishRef = buttons.find((button) => button.action_id === EVENT_ACTION_IDS.releasePublish)!.value;
  });
  afterAll(async () => h.close());

  const click = async (userId: string, actionId: string, value: string) => {
    const before = h.fake.calls.length;
    const response = await h.sender.blockAction({ userId, actionId, value, channelId: alert.channel, messageTs: alert.ts, responseUrl: h.fake.responseUrl('click') });
    expect(response.status).toBe(200);
    await h.frontEnd.idle();
    return h.fake.calls.slice(before);
  };
  const ephemeralTo = (calls: Awaited<ReturnType<typeof click>>, user: string) => calls.filter((call) => call.method === 'chat.postEphemeral' && call.args.user === user).map((call) => String(call.args.text));
  const proposals = async (tool: string) => (await h.opsbot.gateway.listActions(50)).filter((action) => action.tool === tool);
  const cardsInThread = () => h.fake.thread(alert.channel, alert.ts).filter((entry) => buttonsOf(entry.blocks).some((button) => button.action_id === 'opsbot_approve'));

  it('Silence 1h: refused for a viewer; for an SRE a pending silence of exactly this alert, its card in the thread', async () => {
    const refused = await click('U00VIEWER', EVENT_ACTION_IDS.silence, alert.ref);
    expect(ephemeralTo(refused, 'U00VIEWER').join()).toMatch(/Refused/);
    expect(await proposals('alert_silence')).toHaveLength(0);
    await click('U00SRE', EVENT_ACTION_IDS.silence, alert.ref);
    const [action] = await proposals('alert_silence');
    expect(action).toMatchObject({ requester: 'U00SRE', state: 'proposed', args: { alert: 'HighErrorRate', labels: { alertname: 'HighErrorRate', service: 'frontend', environment: 'production' }, duration_minutes: 60 } });
    expect(action!.preview).toMatchObject({ matchers: 'alertname=HighErrorRate, service=frontend, environment=production' });
    expect(action!.origin).toMatchObject({ frontEnd: 'slack', channel: alert.channel, threadTs: alert.ts });
    expect(cardsInThread().some((entry) => buttonsOf(entry.blocks).some((button) => button.value === action!.id))).toBe(true);
  });

  it('Runbook: a read, answered in the card’s thread', async () => {
    await click('U00VIEWER', EVENT_ACTION_IDS.runbook, alert.ref);
    const answer = h.fake.thread(alert.channel, alert.ts).find((entry) => entry.text.includes('asked for runbook'));
    expect(answer?.text).toMatch(/Runbook: /);
  });

  it('Declare incident: refused for a developer; proposed for a lead', async () => {
    expect(ephemeralTo(await click('U00DEV', EVENT_ACTION_IDS.incident, alert.ref), 'U00DEV').join()).toMatch(/Refused/);
    await click('U00LEAD', EVENT_ACTION_IDS.incident, alert.ref);
    const [action] = await proposals('incident_declare');
    expect(action).toMatchObject({ requester: 'U00LEAD', args: { severity: 'medium' } });
    expect(String(action!.args.title)).toContain('HighErrorRate on frontend production');
  });

  it('Page on-call: refused for a viewer; for a developer a page of the owning team', async () => {
    expect(ephemeralTo(await click('U00VIEWER', EVENT_ACTION_IDS.page, alert.ref), 'U00VIEWER').join()).toMatch(/Refused/);
    await click('U00DEV', EVENT_ACTION_IDS.page, alert.ref);
    const [action] = await proposals('page');
    expect(action).toMatchObject({ requester: 'U00DEV', args: { target: 'team', team: 'web' } });
  });

  it('a button whose reference is unknown does nothing and says so to the clicker', async () => {
    const calls = await click('U00LEAD', EVENT_ACTION_IDS.silence, 'ag_00000000000000000000');
    expect(ephemeralTo(calls, 'U00LEAD').join()).toContain('no longer known');
  });

  it('Update release PR and Publish release: each proposed only for someone with the release permission', async () => {
    expect(ephemeralTo(await click('U00VIEWER', EVENT_ACTION_IDS.releasePrepare, prepareRef), 'U00VIEWER').join()).toMatch(/Refused/);
    await click('U00DEV', EVENT_ACTION_IDS.releasePrepare, prepareRef);
    expect(await proposals('release_prepare')).toMatchObject([{ requester: 'U00DEV', args: { version: 'v2026.12.0' } }]);
    expect(ephemeralTo(await click('U00DEV', EVENT_ACTION_IDS.releasePublish, publishRef), 'U00DEV').join()).toMatch(/Refused/);
    await click('U00LEAD', EVENT_ACTION_IDS.releasePublish, publishRef);
    expect(await proposals('release_publish')).toMatchObject([{ requester: 'U00LEAD', args: { version: 'v2026.12.0' } }]);
    // A prepare reference on the publish button is refused: the stored reference decides, not the button.
    expect(ephemeralTo(await click('U00LEAD', EVENT_ACTION_IDS.releasePublish, prepareRef), 'U00LEAD').join()).toContain('does not match');
  });

  it('a reply in the alert’s thread knows the alert: "silence this for 2h" and "runbook"', async () => {
    await h.sender.event(message('U00LEAD', 'silence this for 2h', '1780009999.000100', { channel: alert.channel, thread_ts: alert.ts }));
    await h.frontEnd.idle();
    const silences = await proposals('alert_silence');
    expect(silences.find((action) => action.requester === 'U00LEAD')).toMatchObject({ args: { alert: 'HighErrorRate', labels: { alertname: 'HighErrorRate', service: 'frontend', environment: 'production' }, duration_minutes: 120 } });
    await h.sender.event(message('U00VIEWER', 'runbook', '1780009999.000200', { channel: alert.channel, thread_ts: alert.ts }));
    await h.frontEnd.idle();
    expect(h.fake.thread(alert.channel, alert.ts).some((entry) => entry.text.includes('Runbook: ') && !entry.text.includes('asked for'))).toBe(true);
  });
});
