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

// The demo fleet's frontend runs v2.3.1 in production; the answer says so.
const STATUS = /frontend \\?\(production\\?\) NORMAL · v2\.3\.1/;

describe('a question asked on Teams, Mattermost or Discord, answered where it was asked', () => {
  it('Teams: the answer is a reply in the question\'s reply chain', async () => {
    const asked = await fleet.teamsSay('vic', 'status frontend');
    const replies = await eventually(fleet, () => peers.teams.activities.filter((held) => held.thread === asked), 'a Teams reply');
    expect(replies).toHaveLength(1);
    expect(replies[0]).toMatchObject({ conversation: TEAMS_CHANNEL, activity: { type: 'message', replyToId: asked } });
    expect(JSON.stringify(replies[0]!.activity)).toMatch(STATUS);
    // Nothing was started as a new post in the channel.
    expect(peers.teams.posts).toEqual([]);
  });

  it('Mattermost: the answer is a post in the mention\'s thread', async () => {
    const asked = await fleet.mattermostSay('vic', 'status frontend');
    const answer = await eventually(fleet, () => [...peers.mattermost.posts.values()].find((post) => post.root_id === asked), 'a Mattermost reply');
    expect(answer).toMatchObject({ channel_id: peers.channels.mattermost, user_id: peers.mattermost.bot.id });
    expect(answer.visibleTo).toBeUndefined();
    expect(peers.mattermost.shownText(answer)).toMatch(STATUS);
    expect([...peers.mattermost.posts.values()].filter((post) => post.user_id === peers.mattermost.bot.id)).toHaveLength(1);
  });

  it('Discord: the answer completes the slash command\'s deferred response, for everyone in the channel', async () => {
    const token = await fleet.discordSay('vic', 'status frontend');
    const answer = await eventually(fleet, () => [...peers.discord.messages.values()].find((message) => message.interactionToken === token), 'a Discord response');
    expect(answer).toMatchObject({ channel_id: peers.channels.discord, webhook_id: '1180000000000000001' });
    expect(answer.ephemeralTo).toBeUndefined();
    expect(answer.content).toMatch(STATUS);
    expect(peers.discord.messages.size).toBe(1);
  });
});
