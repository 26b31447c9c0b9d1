import { afterEach, describe, expect, it } from 'vitest';
import { CARD_ACTION_IDS, CARD_BLOCK_IDS } from '../../src/bot/presenter/block-kit.js';
import { blockText } from '../bot/slack/block-checks.js';
import { slackHarness, type SlackHarness } from '../bot/slack/slack-harness.js';
import { eventually, startChatFleet, startChatPeers, type ChatFleet, type ChatPeers } from './chat-fleet.js';

let peers: ChatPeers | undefined;
let harness: SlackHarness | undefined;
let fleet: ChatFleet | undefined;

afterEach(async () => {
  await fleet?.stop();
  await harness?.close();
  await peers?.close();
  fleet = harness = peers = undefined;
});

describe('a production deploy asked on Teams and approved on Slack', () => {
  it('runs once on another lead\'s signed Slack click, refuses the requester, and tells the Teams chat the outcome', async () => {
    peers = await startChatPeers();
    const h = (harness = await slackHarness({ overrides: { ...peers.overrides, slack: { approvalsChannel: 'C0APPROVALS', incidentChannelPrefix: 'inc' } }, env: peers.env }));
    // One process: Slack and the other platforms share the approval cards, as `opsbot start` wires them.
    const f = (fleet = await startChatFleet(h.opsbot, peers, { cards: h.frontEnd.cards }));
    const deploys = async () => (await h.opsbot.backends.deploys.history('frontend', 'production', 20)).filter((deploy) => deploy.version === 'v2.4.0');

    const asked = await f.teamsDirect('lee', 'deploy frontend v2.4.0 to production');
    const inChat = () => peers!.teams.activities.filter((held) => held.conversation === asked.chat).map((held) => JSON.stringify(held.activity));
    // Approvers cannot read Lee's 1:1 chat: the card goes to the approvals channel, in Slack.
    const card = await eventually(f, () => [...h.fake.messages.values()].find((entry) => entry.channel === 'C0APPROVALS' && entry.blocks), 'the approval card in Slack');
    expect(blockText(card.blocks, CARD_BLOCK_IDS.people)).toContain('Requested by <@U00LEAD>');
    await eventually(f, () => inChat().some((text) => text.includes('was requested in Slack')), 'Lee told where the card is');
    const [action] = await h.opsbot.gateway.listActions(1, { states: ['proposed'] });
    expect(action).toMatchObject({ requester: 'U00LEAD', origin: { frontEnd: 'teams', channel: asked.chat, direct: true } });
    const click = (user: string) => h.sender.blockAction({ userId: user, actionId: CARD_ACTION_IDS.approve, value: action!.id, channelId: card.channel, messageTs: card.ts, responseUrl: h.fake.responseUrl('click') });

    // Lee, now on Slack, is the same person who asked on Teams: refused privately, nothing runs.
    await click('U00LEAD');
    await h.frontEnd.idle();
    expect(h.fake.ephemerals.filter((entry) => entry.user === 'U00LEAD').map((entry) => entry.text)).toEqual([expect.stringMatching(/U00LEAD requested this action/)]);
    expect((await h.opsbot.gateway.getAction(action!.id))?.state).toBe('proposed');
    expect(await deploys()).toEqual([]);

    // Lou approves, clicking twice at once: one execution.
    await Promise.all([click('U00LEAD2'), click('U00LEAD2')]);
    await h.frontEnd.idle();
    const done = await eventually(f, () => inChat().find((text) => /succeeded/.test(text)), 'the outcome in the Teams chat');
    expect(await deploys()).toHaveLength(1);
    expect(await h.opsbot.gateway.getAction(action!.id)).toMatchObject({ state: 'succeeded', decidedBy: 'U00LEAD2' });
    // The audit trail of the action: one refusal, one approval, one run.
    const trail = (await h.opsbot.audit.tail(100)).filter((entry) => entry.actionId === action!.id).map((entry) => `${entry.event} by ${entry.actor}`);
    expect(trail).toEqual(['proposed by U00LEAD', 'approve-denied by U00LEAD', 'approved by U00LEAD2', 'running by U00LEAD2', 'succeeded by U00LEAD2']);
    expect(blockText(h.fake.message(card.channel, card.ts)!.blocks, CARD_BLOCK_IDS.status)).toMatch(/Done; approved by <@U00LEAD2>/);
    expect(done).toMatch(/deploy frontend v2\.4\.0 to production was approved by .*(U00LEAD2|Lou Lead).* and succeeded/);
    // Everything Teams holds from opsbot went to Lee's chat; no card was posted on Teams.
    expect(peers.teams.activities.every((held) => held.conversation === asked.chat)).toBe(true);
    expect(inChat().some((text) => text.includes('Action.Execute'))).toBe(false);
  });
});
