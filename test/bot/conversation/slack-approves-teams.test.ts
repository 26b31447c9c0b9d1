import { afterEach, describe, expect, it } from 'vitest';
import { CommandRouter } from '../../../src/agent/router/command-router.js';
import { startChatFrontEnd, type ChatFrontEnd } from '../../../src/bot/conversation/chat-front-end.js';
import { CARD_ACTION_IDS, CARD_BLOCK_IDS } from '../../../src/bot/presenter/block-kit.js';
import { demoConfig } from '../../../src/config/demo-config.js';
import { blockText } from '../slack/block-checks.js';
import { slackHarness, type SlackHarness } from '../slack/slack-harness.js';
import { MemoryPort, shownText } from '../../support/conversation/memory-port.js';

const LEE_ON_TEAMS = 'aad-lee-0001';
const people = { ...demoConfig.people, U00LEAD: { ...demoConfig.people!.U00LEAD!, ids: { teams: LEE_ON_TEAMS } } };

let harness: SlackHarness | undefined;
let teamsFrontEnd: ChatFrontEnd | undefined;
afterEach(async () => {
  await teamsFrontEnd?.stop();
  await harness?.close();
  harness = undefined;
  teamsFrontEnd = undefined;
});

describe('a request on Teams approved in Slack', () => {
  it('posts the card in the Slack approvals channel, runs it once on a signed Slack click, and tells the Teams chat', async () => {
    const h = (harness = await slackHarness({ overrides: { people, slack: { approvalsChannel: 'C0APPROVALS', incidentChannelPrefix: 'inc' } } }));
    const teams = new MemoryPort('teams');
    const router = new CommandRouter(h.opsbot.gateway, h.opsbot.config);
    teamsFrontEnd = await startChatFrontEnd(h.opsbot, { port: teams, responder: router, router, cards: h.frontEnd.cards, sweepIntervalMs: 3_600_000 });
    const asked = await teams.say({ author: LEE_ON_TEAMS, text: 'deploy frontend v2.4.0 to production', channel: 'a:dm-lee', direct: true });
    await teamsFrontEnd.idle();
    await h.frontEnd.idle();

    const card = [...h.fake.messages.values()].find((entry) => entry.channel === 'C0APPROVALS' && entry.blocks)!;
    expect(card).toBeDefined();
    expect(blockText(card.blocks, CARD_BLOCK_IDS.people)).toContain('Requested by <@U00LEAD>');
    const [action] = await h.opsbot.gateway.listActions(1, { states: ['proposed'] });
    const click = (user: string) => h.sender.blockAction({ userId: user, actionId: CARD_ACTION_IDS.approve, value: action!.id, channelId: card.channel, messageTs: card.ts, responseUrl: h.fake.responseUrl('click') });

    // The requester, now in Slack, is still the requester.
    await click('U00LEAD');
    await h.frontEnd.idle();
    expect(h.fake.ephemerals.filter((entry) => entry.user === 'U00LEAD').map((entry) => entry.text)).toEqual([expect.stringMatching(/U00LEAD requested this action/)]);

    await Promise.all([click('U00LEAD2'), click('U00LEAD2')]);
    await h.frontEnd.idle();
    await teamsFrontEnd.idle();
    const deploys = (await h.opsbot.backends.deploys.history('frontend', 'production', 20)).filter((deploy) => deploy.version === 'v2.4.0');
    expect(deploys).toHaveLength(1);
    expect(blockText(h.fake.message(card.channel, card.ts)!.blocks, CARD_BLOCK_IDS.status)).toMatch(/Done; approved by <@U00LEAD2>/);
    const told = teams.thread('a:dm-lee', asked).map(shownText);
    expect(told.join('\n')).toContain('was requested in Slack');
    expect(told.at(-1)).toMatch(/approved by @U00LEAD2 and succeeded/);
  });
});
