import type { KnownBlock } from '@slack/types';
import { afterEach, describe, expect, expectTypeOf, it } from 'vitest';
import { createOpsbot } from '../../../src/app.js';
import { CARD_ACTION_IDS, CARD_BLOCK_IDS, renderConfirmationCard } from '../../../src/bot/presenter/block-kit.js';
import type { PendingAction } from '../../../src/actions/pending-action.js';
import { testConfig } from '../../support/test-opsbot.js';
import { blockText, expectValidCard } from './block-checks.js';
import { CHANNEL, mention, message, slackHarness, type SlackHarness, startReplica } from './slack-harness.js';

let harness: SlackHarness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

async function proposeDeploy(h: SlackHarness, threadTs: string) {
  await h.sender.event(mention('U00LEAD', 'deploy frontend v2.4.0 to production', threadTs));
  await h.frontEnd.idle();
  const card = h.fake.thread(CHANNEL, threadTs).find((entry) => entry.blocks);
  const [action] = await h.opsbot.gateway.listActions(1, { states: ['proposed'] });
  if (!card || !action) throw new Error('no card was posted');
  return { card, action };
}

function click(h: SlackHarness, user: string, decision: 'approve' | 'reject', action: PendingAction, card: { channel: string; ts: string; threadTs?: string }) {
  return h.sender.blockAction({ userId: user, actionId: CARD_ACTION_IDS[decision], value: action.id, channelId: card.channel, messageTs: card.ts, threadTs: card.threadTs, responseUrl: h.fake.responseUrl('click') });
}

const ephemeralsTo = (h: SlackHarness, user: string) => h.fake.callsOf('chat.postEphemeral').filter((call) => call.args.user === user).map((call) => String(call.args.text));
const deploysOf = async (h: SlackHarness, version: string) => (await h.opsbot.backends.deploys.history('frontend', 'production', 20)).filter((deploy) => deploy.version === version);

describe('confirmation cards in Slack', () => {
  it('posts a card with the exact stored arguments, who asked, who may approve and when it expires', async () => {
    const h = (harness = await slackHarness());
    const { card, action } = await proposeDeploy(h, '1780000200.000100');
    expect(action.args).toEqual({ environment: 'production', service: 'frontend', version: 'v2.4.0' });
    expectTypeOf(renderConfirmationCard(action).blocks).toEqualTypeOf<KnownBlock[]>();
    expectValidCard(card.blocks, action.id);
    const details = blockText(card.blocks, CARD_BLOCK_IDS.details)!;
    expect(details).toContain('*Service*\n`frontend`');
    expect(details).toContain('*Environment*\n`production`');
    expect(details).toContain('*Version*\n`v2.4.0`');
    expect(details).toContain('*Change*\ncurrent `v2.3.1` → proposed `v2.4.0`');
    const people = blockText(card.blocks, CARD_BLOCK_IDS.people)!;
    expect(people).toContain('Requested by <@U00LEAD>');
    expect(people).toContain('a lead holding deploy:production other than <@U00LEAD> (rule production-needs-another-lead)');
    expect(people).toContain(`Expires <!date^${Math.floor(Date.parse(action.expiresAt) / 1000)}^{date_short_pretty} {time}|`);
    // The answer text comes first, then the card; the text version of the card is not repeated.
    const thread = h.fake.thread(CHANNEL, '1780000200.000100');
    expect(thread.map((entry) => Boolean(entry.blocks))).toEqual([false, true]);
    expect(thread[0]!.text).not.toContain('Needs confirmation');
  });

  it('tells an unauthorised clicker why, privately, and leaves the action and card as they were', async () => {
    const h = (harness = await slackHarness());
    const { card, action } = await proposeDeploy(h, '1780000201.000100');
    expect((await click(h, 'U00DEV', 'approve', action, card)).status).toBe(200);
    expect((await click(h, 'U00LEAD', 'approve', action, card)).status).toBe(200);
    await h.frontEnd.idle();
    expect(ephemeralsTo(h, 'U00DEV')).toEqual([expect.stringMatching(/U00DEV lacks deploy:production.*still pending/)]);
    expect(ephemeralsTo(h, 'U00LEAD')).toEqual([expect.stringMatching(/U00LEAD requested this action.*needs someone else/)]);
    expect((await h.opsbot.gateway.getAction(action.id))?.state).toBe('proposed');
    expect(h.fake.callsOf('chat.update')).toEqual([]);
    expect(h.fake.message(CHANNEL, card.ts)?.blocks).toEqual(card.blocks);
  });

  it('runs an authorised approval once, however many clicks race, and reports in the card and the thread', async () => {
    const h = (harness = await slackHarness());
    const threadTs = '1780000202.000100';
    const { card, action } = await proposeDeploy(h, threadTs);
    const responses = await Promise.all([click(h, 'U00LEAD2', 'approve', action, card), click(h, 'U00LEAD2', 'approve', action, card), click(h, 'U00SRE', 'approve', action, card)]);
    expect(responses.map((response) => response.status)).toEqual([200, 200, 200]);
    await h.frontEnd.idle();
    expect(await deploysOf(h, 'v2.4.0')).toHaveLength(1);
    const done = await h.opsbot.gateway.getAction(action.id);
    expect(done).toMatchObject({ state: 'succeeded', decidedBy: 'U00LEAD2' });
    // Said as what happened: the clicker approved it and it is running, not "already running by U00LEAD2".
    expect(ephemeralsTo(h, 'U00LEAD2')).toEqual([expect.stringMatching(/was approved by U00LEAD2 and (is already (approved|running)|has already succeeded); nothing more was done/)]);
    expect(ephemeralsTo(h, 'U00SRE')).toHaveLength(1);
    const updated = h.fake.message(CHANNEL, card.ts)!;
    expect(blockText(updated.blocks, CARD_BLOCK_IDS.buttons)).toBeUndefined();
    expect(blockText(updated.blocks, CARD_BLOCK_IDS.status)).toMatch(/^:white_check_mark: Done; approved by <@U00LEAD2> <!date\^\d+\^/);
    expect(blockText(updated.blocks, CARD_BLOCK_IDS.result)).toContain('v2.4.0');
    expectValidCard(updated.blocks, action.id);
    const outcome = h.fake.thread(CHANNEL, threadTs).at(-1)!;
    expect(outcome.text).toMatch(/^:white_check_mark: \*deploy frontend v2.4.0 to production\* was approved by <@U00LEAD2> and succeeded\./);
    // The "running" message was edited into the outcome, not followed by another.
    expect(h.fake.callsOf('chat.postMessage').filter((call) => String(call.args.text).startsWith(':hourglass_flowing_sand: *deploy frontend v2.4.0 to production* was approved by <@U00LEAD2> and is running.'))).toHaveLength(1);
    // While it ran, the deploy's own progress was shown on that message.
    const progressEdits = h.fake.callsOf('chat.update').filter((call) => String(call.args.text).startsWith(':hourglass_flowing_sand: *deploy frontend v2.4.0 to production* was approved by <@U00LEAD2> and is running.'));
    expect(progressEdits.map((call) => String(call.args.text))).toContainEqual(expect.stringMatching(/\ndeploy frontend v2\.4\.0 to production: \d+%$/));
  });

  it('marks a rejected action on its card; nothing runs', async () => {
    const h = (harness = await slackHarness());
    const { card, action } = await proposeDeploy(h, '1780000203.000100');
    await click(h, 'U00LEAD2', 'reject', action, card);
    await h.frontEnd.idle();
    expect(blockText(h.fake.message(CHANNEL, card.ts)!.blocks, CARD_BLOCK_IDS.status)).toMatch(/^:no_entry_sign: Rejected by <@U00LEAD2>.*nothing ran/);
    expect(await deploysOf(h, 'v2.4.0')).toEqual([]);
    await click(h, 'U00LEAD2', 'approve', action, card);
    await h.frontEnd.idle();
    expect(ephemeralsTo(h, 'U00LEAD2')).toEqual([expect.stringMatching(/already rejected by U00LEAD2/)]);
  });

  it('marks an expired action on its card, and a late click changes nothing', async () => {
    let offsetMs = 0;
    const h = (harness = await slackHarness({ now: () => new Date(Date.now() + offsetMs) }));
    const { card, action } = await proposeDeploy(h, '1780000204.000100');
    offsetMs = 16 * 60_000;
    await h.frontEnd.sweep();
    await h.frontEnd.idle();
    expect(blockText(h.fake.message(CHANNEL, card.ts)!.blocks, CARD_BLOCK_IDS.status)).toMatch(/^:alarm_clock: Expired .* without approval; nothing ran/);
    await click(h, 'U00LEAD2', 'approve', action, card);
    await h.frontEnd.idle();
    expect(ephemeralsTo(h, 'U00LEAD2')).toEqual([expect.stringMatching(/expired at .* without approval; nothing ran/)]);
    expect(await deploysOf(h, 'v2.4.0')).toEqual([]);
  });

  it('keeps cards in sync across a restart and with changes made by another process', async () => {
    const h = (harness = await slackHarness({ onDisk: true }));
    const first = await proposeDeploy(h, '1780000205.000100');
    await h.restart();
    await click(h, 'U00LEAD2', 'reject', first.action, first.card);
    await h.frontEnd.idle();
    expect(blockText(h.fake.message(CHANNEL, first.card.ts)!.blocks, CARD_BLOCK_IDS.status)).toMatch(/Rejected by <@U00LEAD2>/);

    const second = await proposeDeploy(h, '1780000205.000200');
    const cli = await createOpsbot({ config: testConfig(), dataDir: h.opsbot.dataDir, env: {} });
    await cli.gateway.reject(second.action.id, 'U00LEAD2', { frontEnd: 'cli' });
    await cli.close();
    await h.frontEnd.sweep();
    await h.frontEnd.idle();
    expect(blockText(h.fake.message(CHANNEL, second.card.ts)!.blocks, CARD_BLOCK_IDS.status)).toMatch(/Rejected by <@U00LEAD2>/);
  });

  it('posts one card for an action proposed outside Slack when two replicas sweep', async () => {
    const h = (harness = await slackHarness({ overrides: { slack: { approvalsChannel: 'C0APPROVALS', incidentChannelPrefix: 'inc' } } }));
    const replica = await startReplica(h);
    try {
      await h.opsbot.gateway.call({ tool: 'deploy', args: { service: 'frontend', environment: 'production', version: 'v2.4.0' }, actor: 'U00LEAD', origin: { frontEnd: 'cli' } });
      await Promise.all([h.frontEnd.sweep(), replica.sweep(), h.frontEnd.sweep(), replica.sweep()]);
      await Promise.all([h.frontEnd.idle(), replica.idle()]);
      expect([...h.fake.messages.values()].filter((entry) => entry.channel === 'C0APPROVALS' && entry.blocks)).toHaveLength(1);
    } finally {
      await replica.stop();
    }
  });

  it('posts actions proposed outside Slack to the approvals channel, where a click runs them', async () => {
    const h = (harness = await slackHarness({ overrides: { slack: { approvalsChannel: 'C0APPROVALS', incidentChannelPrefix: 'inc' } } }));
    const outcome = await h.opsbot.gateway.call({ tool: 'deploy', args: { service: 'frontend', environment: 'production', version: 'v2.4.0' }, actor: 'U00LEAD', origin: { frontEnd: 'mcp', session: 'mcp-1' } });
    expect(outcome.status).toBe('pending');
    const card = await h.fake.waitFor(() => [...h.fake.messages.values()].find((entry) => entry.channel === 'C0APPROVALS' && entry.blocks));
    expect(card.threadTs).toBeUndefined();
    if (outcome.status !== 'pending') return;
    await click(h, 'U00LEAD2', 'approve', outcome.action, card);
    await h.frontEnd.idle();
    expect(await deploysOf(h, 'v2.4.0')).toHaveLength(1);
    expect(h.fake.thread('C0APPROVALS', card.ts).at(-1)?.text).toMatch(/approved by <@U00LEAD2> and succeeded\./);
    // Proposed elsewhere: its card, written to the outbox with the proposal, is posted once; the sweep adds none.
    const later = await h.opsbot.gateway.call({ tool: 'deploy', args: { service: 'api', environment: 'production', version: 'v9.9.9' }, actor: 'U00LEAD', origin: { frontEnd: 'cli' } });
    await h.frontEnd.idle();
    await h.frontEnd.sweep();
    await h.frontEnd.idle();
    if (later.status !== 'pending') throw new Error(later.text);
    expect(h.fake.callsOf('chat.postMessage').filter((call) => JSON.stringify(call.args.blocks ?? '').includes(later.action.id))).toHaveLength(1);
  });

  it('sends the card of a DM request that someone else must approve to the approvals channel, and the outcome back to the DM', async () => {
    const h = (harness = await slackHarness({ overrides: { slack: { approvalsChannel: 'C0APPROVALS', incidentChannelPrefix: 'inc' } } }));
    const dmThread = '1780000207.000100';
    await h.sender.event(message('U00LEAD', 'deploy frontend v2.4.0 to production', dmThread, { channel: 'D0LEAD', channel_type: 'im' }));
    await h.frontEnd.idle();
    const card = [...h.fake.messages.values()].find((entry) => entry.channel === 'C0APPROVALS' && entry.blocks)!;
    expect(h.fake.thread('D0LEAD', dmThread).map((entry) => entry.text).join('\n')).toMatch(/requested in <#C0APPROVALS>/);
    const [action] = await h.opsbot.gateway.listActions(1);
    await click(h, 'U00LEAD2', 'approve', action!, card);
    await h.frontEnd.idle();
    expect(h.fake.thread('D0LEAD', dmThread).at(-1)?.text).toMatch(/approved by <@U00LEAD2> and succeeded\./);
  });
});
