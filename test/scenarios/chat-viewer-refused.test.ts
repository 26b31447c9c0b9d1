import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { testOpsbot } from '../support/test-opsbot.js';
import { eventually, startChatFleet, startChatPeers, TEAMS_CHANNEL, type ChatFleet, type ChatPeers } from './chat-fleet.js';

let peers: ChatPeers;
let opsbot: Awaited<ReturnType<typeof testOpsbot>>;
let fleet: ChatFleet;

beforeEach(async () => {
  peers = await startChatPeers();
  opsbot = await testOpsbot({ overrides: peers.overrides, env: peers.env });
  fleet = await startChatFleet(opsbot, peers);
});

afterEach(async () => {
  await fleet.stop();
  await opsbot.cleanup();
  await peers.close();
});

const REQUEST = 'deploy frontend v2.4.0 to production';
const REFUSAL = /U00VIEWER lacks deploy:production/;

/** Nothing ran: the action still waits, and the demo backend saw no deploy of the version. */
async function expectNothingRan(): Promise<void> {
  const [action] = await opsbot.gateway.listActions(5);
  expect(action).toMatchObject({ requester: 'U00LEAD', state: 'proposed' });
  expect((await opsbot.backends.deploys.history('frontend', 'production', 20)).filter((deploy) => deploy.version === 'v2.4.0')).toEqual([]);
}

describe('a viewer clicking Approve is refused privately', () => {
  it('Teams: in the viewer\'s 1:1 chat with opsbot, the channel card untouched', async () => {
    const asked = await fleet.teamsSay('lee', REQUEST);
    const card = await eventually(fleet, () => peers.teams.activities.find((held) => held.thread === asked && JSON.stringify(held.activity).includes('Action.Execute')), 'the card in the reply chain');
    const before = JSON.stringify(card.activity);
    const { id: actionId } = (await opsbot.gateway.listActions(1))[0]!;
    await fleet.teamsClick('vic', { id: card.id, thread: asked }, 'opsbot_approve', actionId);
    // Teams has no ephemeral messages in channels: the refusal is written in a 1:1 chat with the viewer alone.
    const told = await eventually(fleet, () => peers.teams.activities.find((held) => peers.teams.conversations.get(held.conversation)?.kind === 'personal'), 'a message in a 1:1 chat');
    expect(peers.teams.conversations.get(told.conversation)?.members).toEqual([peers.ids.teams.vic]);
    expect(JSON.stringify(told.activity)).toMatch(REFUSAL);
    expect(peers.teams.activities.filter((held) => held.conversation === TEAMS_CHANNEL).map((held) => JSON.stringify(held.activity)).join('\n')).not.toMatch(REFUSAL);
    await expectNothingRan();
    expect(JSON.stringify(card.activity)).toBe(before);
  });

  it('Mattermost: an ephemeral post only the viewer sees, in the card\'s thread', async () => {
    const asked = await fleet.mattermostSay('lee', REQUEST);
    const card = await eventually(fleet, () => [...peers.mattermost.posts.values()].find((post) => post.root_id === asked && peers.mattermost.buttons(post).length > 0), 'the card in the thread');
    const buttons = peers.mattermost.buttons(card).map((button) => button.name);
    expect((await fleet.mattermostClick('vic', card.id, 'opsbot_approve')).status).toBe(200);
    const told = await eventually(fleet, () => [...peers.mattermost.posts.values()].find((post) => post.visibleTo), 'an ephemeral post');
    expect(told).toMatchObject({ visibleTo: peers.ids.mattermost.vic, channel_id: peers.channels.mattermost, root_id: asked });
    expect(peers.mattermost.shownText(told)).toMatch(REFUSAL);
    expect([...peers.mattermost.posts.values()].filter((post) => !post.visibleTo).map((post) => peers.mattermost.shownText(post)).join('\n')).not.toMatch(REFUSAL);
    await expectNothingRan();
    expect(peers.mattermost.buttons(card).map((button) => button.name)).toEqual(buttons);
  });

  it('Discord: an ephemeral follow-up only the viewer sees', async () => {
    await fleet.discordSay('lee', REQUEST);
    const card = await eventually(fleet, () => [...peers.discord.messages.values()].find((message) => message.components.length > 0), 'the card');
    const components = JSON.stringify(card.components);
    await fleet.discordClick('vic', card.id, 'opsbot_approve');
    const told = await eventually(fleet, () => [...peers.discord.messages.values()].find((message) => message.ephemeralTo), 'an ephemeral message');
    expect(told).toMatchObject({ ephemeralTo: peers.ids.discord.vic, channel_id: card.channel_id });
    expect(told.content.replace(/\\/g, '')).toMatch(REFUSAL);
    expect([...peers.discord.messages.values()].filter((message) => !message.ephemeralTo).map((message) => message.content).join('\n')).not.toMatch(REFUSAL);
    await expectNothingRan();
    expect(JSON.stringify(peers.discord.messages.get(card.id)!.components)).toBe(components);
  });
});
