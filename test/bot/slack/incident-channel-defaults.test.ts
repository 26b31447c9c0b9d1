import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CARD_ACTION_IDS } from '../../../src/bot/presenter/block-kit.js';
import { CHANNEL, mention, slackHarness, type SlackHarness } from './slack-harness.js';

// An incident's Slack channel is a channel default like a service's own: there, the incident's service may be left out.
describe("an incident's channel defaults to the incident's service", () => {
  let h: SlackHarness;
  beforeAll(async () => {
    h = await slackHarness();
  });
  afterAll(async () => h.close());

  /** Declares an incident from #ops through the bot, confirms it, and returns the channel opsbot opened for it. */
  async function declare(text: string, threadTs: string): Promise<{ id: string; service?: string; channel: string }> {
    await h.sender.event(mention('U00SRE', text, threadTs));
    await h.frontEnd.idle();
    const card = h.fake.thread(CHANNEL, threadTs).find((entry) => entry.blocks)!;
    const action = (await h.opsbot.gateway.listActions(10, { states: ['proposed'] })).find((entry) => entry.tool === 'incident_declare')!;
    await h.sender.blockAction({ userId: 'U00SRE', actionId: CARD_ACTION_IDS.approve, value: action.id, channelId: CHANNEL, messageTs: card.ts, threadTs, responseUrl: h.fake.responseUrl('click') });
    await h.frontEnd.idle();
    const incident = (await h.opsbot.backends.incidents.list({ openOnly: true })).find((entry) => entry.title === text.replace(/^.*"(.*)".*$/, '$1'))!;
    const channel = (await h.frontEnd.incidents.channelOf(incident.id))!;
    return { id: incident.id, service: incident.service, channel: channel.channel };
  }

  async function lastCall() {
    const calls = (await h.opsbot.audit.search({ limit: 10_000 })).filter((record) => record.event === 'call');
    return calls[calls.length - 1];
  }

  it('reads `/deploy production v2.1.0` there as a deploy of that service', async () => {
    const incident = await declare('declare incident "api 5xx spike" severity:high', '1780000500.000100');
    expect(incident.service).toBe('api');
    const response = await h.sender.command({ command: '/deploy', text: 'production v2.1.0', userId: 'U00LEAD', channelId: incident.channel, responseUrl: h.fake.responseUrl('deploy') });
    expect(response.status).toBe(200);
    await h.frontEnd.idle();
    expect(await lastCall()).toMatchObject({ tool: 'deploy', actor: 'U00LEAD', args: { service: 'api', version: 'v2.1.0', environment: 'production' } });
    const proposed = (await h.opsbot.gateway.listActions(10, { states: ['proposed'] })).find((action) => action.tool === 'deploy');
    expect(proposed).toMatchObject({ args: { service: 'api', environment: 'production', version: 'v2.1.0' }, origin: { channel: incident.channel } });
  });

  it('reads a message there the same way', async () => {
    const incident = await declare('declare incident "login page times out"', '1780000501.000100');
    expect(incident.service).toBe('auth');
    await h.sender.event(mention('U00LEAD', 'any alerts?', '1780000501.000200', { channel: incident.channel }));
    await h.frontEnd.idle();
    expect(await lastCall()).toMatchObject({ tool: 'alerts_list', actor: 'U00LEAD', args: { service: 'auth' } });
  });

  it('asks for the service there when the incident names none', async () => {
    const incident = await declare('declare incident "everything slow"', '1780000502.000100');
    expect(incident.service).toBeUndefined();
    const before = (await h.opsbot.audit.tail(1))[0]?.seq;
    await h.sender.command({ command: '/deploy', text: 'production v2.1.0', userId: 'U00LEAD', channelId: incident.channel, responseUrl: h.fake.responseUrl('deploy') });
    await h.frontEnd.idle();
    const replies = h.fake.callsOf('response_url').map((call) => call.args);
    expect(replies[replies.length - 1]).toMatchObject({ response_type: 'ephemeral', text: expect.stringContaining('Which service? (frontend, api, auth, payments)') });
    expect((await h.opsbot.audit.tail(1))[0]?.seq).toBe(before);
  });
});
