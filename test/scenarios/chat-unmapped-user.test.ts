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

/** No action was proposed and nothing ran. */
async function expectNoAction(): Promise<void> {
  expect(await opsbot.gateway.listActions(10)).toEqual([]);
  expect((await opsbot.backends.deploys.history('frontend', 'production', 20)).filter((deploy) => deploy.version === 'v2.4.0')).toEqual([]);
}

describe('someone no `people.*.ids` entry maps', () => {
  it('Teams: is told privately how to get mapped, and nothing else happens', async () => {
    await fleet.teamsSay('stranger', REQUEST);
    const told = await eventually(fleet, () => peers.teams.activities.find((held) => peers.teams.conversations.get(held.conversation)?.kind === 'personal'), 'a message in a 1:1 chat');
    expect(peers.teams.conversations.get(told.conversation)?.members).toEqual([peers.ids.teams.stranger]);
    expect(JSON.stringify(told.activity)).toContain(`ids.teams: '${peers.ids.teams.stranger}'`);
    // Only the stranger's own message is in the channel: no answer, no card.
    expect(peers.teams.activities.filter((held) => held.conversation === TEAMS_CHANNEL).map((held) => held.activity.from)).toEqual(['person']);
    await expectNoAction();
  });

  it('Mattermost: is told in an ephemeral post, and nothing else happens', async () => {
    const asked = await fleet.mattermostSay('stranger', REQUEST);
    const told = await eventually(fleet, () => [...peers.mattermost.posts.values()].find((post) => post.visibleTo), 'an ephemeral post');
    expect(told.visibleTo).toBe(peers.ids.mattermost.stranger);
    expect(peers.mattermost.shownText(told).replace(/\\/g, '')).toContain(`ids.mattermost: '${peers.ids.mattermost.stranger}'`);
    expect([...peers.mattermost.posts.values()].filter((post) => !post.visibleTo).map((post) => post.id)).toEqual([asked]);
    await expectNoAction();
  });

  it('Discord: is told in an ephemeral message, and nothing else happens', async () => {
    await fleet.discordSay('stranger', REQUEST);
    const told = await eventually(fleet, () => [...peers.discord.messages.values()].find((message) => message.ephemeralTo), 'an ephemeral message');
    // Whatever else the turn would do is done by now.
    await fleet.settle();
    expect(told.ephemeralTo).toBe(peers.ids.discord.stranger);
    expect(told.content.replace(/\\/g, '')).toContain(`ids.discord: '${peers.ids.discord.stranger}'`);
    expect([...peers.discord.messages.values()].filter((message) => !message.ephemeralTo)).toEqual([]);
    await expectNoAction();
  });
});
