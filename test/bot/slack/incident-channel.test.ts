import { afterEach, describe, expect, it } from 'vitest';
import { createOpsbot } from '../../../src/app.js';
import { CARD_ACTION_IDS } from '../../../src/bot/presenter/block-kit.js';
import { incidentChannelName } from '../../../src/bot/slack/incident-channel.js';
import { testConfig } from '../../support/test-opsbot.js';
import { expectValidCard } from './block-checks.js';
import { CHANNEL, mention, slackHarness, type SlackHarness, startReplica } from './slack-harness.js';

let harness: SlackHarness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

async function declareAndApprove(h: SlackHarness, threadTs: string, title = 'auth 5xx') {
  await h.sender.event(mention('U00SRE', `declare incident "${title}" severity:high`, threadTs));
  await h.frontEnd.idle();
  const card = h.fake.thread(CHANNEL, threadTs).find((entry) => entry.blocks)!;
  const [action] = await h.opsbot.gateway.listActions(1, { states: ['proposed'] });
  await h.sender.blockAction({ userId: 'U00SRE', actionId: CARD_ACTION_IDS.approve, value: action!.id, channelId: CHANNEL, messageTs: card.ts, threadTs, responseUrl: h.fake.responseUrl('click') });
  await h.frontEnd.idle();
}

describe('incident channels', () => {
  it('opens a channel for a confirmed incident, posts its summary, invites the owner and pages the commander through the gateway', async () => {
    const h = (harness = await slackHarness());
    await declareAndApprove(h, '1780000400.000100');
    const [created] = h.fake.callsOf('conversations.create');
    expect(String(created?.args.name)).toMatch(/^inc-\d{4}-\d{4}-auth-5xx$/);
    const [incident] = await h.opsbot.backends.incidents.list({ openOnly: true });
    const channel = (await h.frontEnd.incidents.channelOf(incident!.id))!;
    expect(channel.name).toBe(created?.args.name);
    const summary = h.fake.message(channel.channel, channel.summaryTs)!;
    expect(summary.text).toContain(`*${incident!.id}: auth 5xx*`);
    expect(summary.text).toMatch(/\*Severity:\* high {3}\*Status:\* investigating {3}\*Owner:\* <@U00SRE>/);
    expect(h.fake.callsOf('conversations.invite')[0]?.args).toEqual({ channel: channel.channel, users: 'U00SRE' });
    // The asking thread links the new channel (rich text has no channel span, so a link to it by id).
    expect(h.fake.thread(CHANNEL, '1780000400.000100').at(-1)?.text).toBe(`Opened <https://slack.com/app_redirect?channel=${channel.channel}|#${channel.name}> for ${incident!.id}.`);
    // Paging the commander is a mutation like any other: here it waits for its own confirmation, in the incident channel.
    const page = (await h.opsbot.gateway.listActions(5, { states: ['proposed'] })).find((action) => action.tool === 'page')!;
    expect(page).toMatchObject({ requester: 'U00SRE', args: { target: 'incident_commander' } });
    expect(String(page.args.message)).toContain(`Join #${channel.name}`);
    const pageCard = h.fake.thread(channel.channel, channel.summaryTs).find((entry) => entry.blocks)!;
    expectValidCard(pageCard.blocks, page.id);
  });

  it('never opens a second channel for the same incident, and picks a free name when one is taken', async () => {
    const h = (harness = await slackHarness());
    await declareAndApprove(h, '1780000401.000100');
    const [incident] = await h.opsbot.backends.incidents.list({ openOnly: true });
    const first = (await h.frontEnd.incidents.channelOf(incident!.id))!;
    const declared = (await h.opsbot.gateway.listActions(10)).find((action) => action.tool === 'incident_declare')!;
    await h.frontEnd.incidents.open(incident!, declared);
    expect(h.fake.callsOf('conversations.create')).toHaveLength(1);
    // Another incident whose name collides with an existing channel gets a suffix.
    h.fake.addChannel('inc-2099-0001-auth-5xx');
    const second = (await h.frontEnd.incidents.open({ ...incident!, id: 'INC-2099-0001' }, declared))!;
    expect(second.name).toBe('inc-2099-0001-auth-5xx-2');
    expect(second.channel).not.toBe(first.channel);
  });

  it('opens one channel and pages once when two replicas see the same declaration', async () => {
    const h = (harness = await slackHarness());
    // A second front end on the same store and gateway: a replica that hears the same success.
    const replica = await startReplica(h);
    try {
      const proposed = await h.opsbot.gateway.call({ tool: 'incident_declare', args: { title: 'db failover', severity: 'high' }, actor: 'U00SRE', origin: { frontEnd: 'cli' } });
      if (proposed.status !== 'pending') throw new Error(proposed.text);
      await h.opsbot.gateway.confirm(proposed.action.id, 'U00SRE', { frontEnd: 'cli' });
      await Promise.all([h.frontEnd.idle(), replica.idle()]);
      await Promise.all([h.frontEnd.sweep(), replica.sweep()]);
      await Promise.all([h.frontEnd.idle(), replica.idle()]);
      expect(h.fake.callsOf('conversations.create')).toHaveLength(1);
      const pages = (await h.opsbot.gateway.listActions(20)).filter((action) => action.tool === 'page');
      expect(pages).toHaveLength(1);
    } finally {
      await replica.stop();
    }
  });

  it('opens the channel of an incident confirmed from another process on its next sweep', async () => {
    const h = (harness = await slackHarness({ onDisk: true }));
    const cli = await createOpsbot({ config: testConfig(), dataDir: h.opsbot.dataDir, env: {} });
    const proposed = await cli.gateway.call({ tool: 'incident_declare', args: { title: 'queue backlog', severity: 'medium' }, actor: 'U00SRE', origin: { frontEnd: 'cli' } });
    if (proposed.status !== 'pending') throw new Error(proposed.text);
    expect((await cli.gateway.confirm(proposed.action.id, 'U00SRE', { frontEnd: 'cli' })).status).toBe('executed');
    await cli.close();
    await h.frontEnd.sweep();
    await h.frontEnd.idle();
    expect(h.fake.callsOf('conversations.create').map((call) => call.args.name)).toEqual([expect.stringMatching(/-queue-backlog$/)]);
  });

  it('names channels as Slack allows: lower case, digits and dashes, at most 80 characters', () => {
    expect(incidentChannelName('inc', { id: 'INC-2026-0042', title: 'Auth 5xx' })).toBe('inc-2026-0042-auth-5xx');
    expect(incidentChannelName('inc', { id: 'INC-2026-0042', title: 'Payments: <!channel> 50% errors — EU/US!' })).toBe('inc-2026-0042-payments-channel-50-errors-eu-us');
    const long = incidentChannelName('incident', { id: 'INC-2026-0042', title: 'x'.repeat(60) + ' and then a lot more words' });
    expect(long.length).toBeLessThanOrEqual(80);
    expect(long).toMatch(/^[a-z0-9_-]+$/);
    expect(long).not.toMatch(/-$/);
  });
});
