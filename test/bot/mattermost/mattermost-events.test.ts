import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { InboundMessage } from '../../../src/bot/conversation/port.js';
import { mattermostSetup, type MattermostSetup } from '../../support/mattermost/mattermost-harness.js';

describe('Mattermost events: mentions, direct messages and replies in opsbot threads over the WebSocket API', () => {
  let setup: MattermostSetup;
  let seen: InboundMessage[];

  beforeEach(async () => {
    seen = [];
    setup = await mattermostSetup();
    await setup.port.start({ message: async (message) => void seen.push(message), click: async () => undefined });
    expect(setup.server.events.connected).toBe(1);
  });
  afterEach(async () => {
    await setup.port.stop();
    await setup.server.close();
  });

  it('delivers a mention with the mention removed, its author from the server, and the post as the thread', async () => {
    const post = setup.server.postAs(setup.user, setup.channel, '@opsbot why is checkout slow?');
    await expect.poll(() => seen.length).toBe(1);
    expect(seen[0]).toEqual({ platform: 'mattermost', channel: setup.channel, thread: post.id, messageId: post.id, author: setup.user, text: 'why is checkout slow?', direct: false });
  });

  it('ignores channel chatter and its own posts, and takes replies in a thread it answered in without a mention', async () => {
    setup.server.postAs(setup.user, setup.channel, 'lunch anyone?');
    const root = setup.server.postAs(setup.user, setup.channel, '@opsbot status frontend');
    await expect.poll(() => seen.length).toBe(1);
    await setup.port.post({ channel: setup.channel, thread: root.id }, { text: ['frontend is healthy'] });
    const reply = setup.server.postAs(setup.user, setup.channel, 'and yesterday?', root.id);
    await expect.poll(() => seen.length).toBe(2);
    expect(seen[1]).toMatchObject({ messageId: reply.id, thread: root.id, text: 'and yesterday?' });
    // Only the two: neither the chatter nor opsbot's own answer came back.
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(seen.map((message) => message.text)).toEqual(['status frontend', 'and yesterday?']);
  });

  it('delivers a direct message as direct', async () => {
    const direct = setup.server.addChannel([setup.server.bot.id, setup.user].sort().join('__'), { type: 'D', members: [setup.user] });
    setup.server.postAs(setup.user, direct, 'who is on call?');
    await expect.poll(() => seen.length).toBe(1);
    expect(seen[0]).toMatchObject({ channel: direct, direct: true, text: 'who is on call?' });
  });

  it('comes back after the connection drops', async () => {
    setup.server.events.closeAll();
    await expect.poll(() => setup.server.events.connected).toBe(0);
    await expect.poll(() => setup.server.events.connected, { timeout: 5000 }).toBe(1);
    setup.server.postAs(setup.user, setup.channel, '@opsbot still there?');
    await expect.poll(() => seen.length).toBe(1);
  });
});
