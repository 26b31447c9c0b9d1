import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MattermostPort } from '../../../src/bot/mattermost/mattermost-port.js';
import { SendFailure } from '../../../src/bot/outbox/card-sender.js';
import { ACTION_SECRET, COMMAND_TOKEN, mattermostSetup, type MattermostSetup } from '../../support/mattermost/mattermost-harness.js';

async function failureOf(work: Promise<unknown>): Promise<SendFailure> {
  const failure = await work.then(
    () => undefined,
    (error: unknown) => error,
  );
  expect(failure).toBeInstanceOf(SendFailure);
  return failure as SendFailure;
}

describe('Mattermost send failures, as the outbox reads them', () => {
  let setup: MattermostSetup;
  beforeEach(async () => {
    setup = await mattermostSetup();
  });
  afterEach(async () => {
    await setup.port.stop();
    await setup.server.close();
  });

  it('a 429 waits what Retry-After asks, and nothing is posted', async () => {
    setup.server.rateLimitNext(7);
    const failure = await failureOf(setup.port.post({ channel: setup.channel }, { text: ['later'] }));
    expect(failure.kind).toBe('rate_limited');
    expect(failure.retryAfterMs).toBe(7000);
    expect(setup.server.posts.size).toBe(0);
    // The next try goes through.
    await setup.port.post({ channel: setup.channel }, { text: ['later'] });
    expect(setup.server.posts.size).toBe(1);
  });

  it('a 429 with only X-Ratelimit-Reset waits that many seconds', async () => {
    setup.server.rateLimitNext(3, 'reset-only');
    const failure = await failureOf(setup.port.update({ channel: setup.channel, id: 'abcdefghijkmnopqrstuwxyz13' }, { text: ['x'] }));
    expect(failure).toMatchObject({ kind: 'rate_limited', retryAfterMs: 3000 });
  });

  it('a wrong bot token waits for a person, and the token is not in the failure', async () => {
    const port = new MattermostPort({ url: setup.server.url, token: 'mm-revoked-token-000', commandToken: COMMAND_TOKEN, actionSecret: ACTION_SECRET, port: 0, host: '127.0.0.1' });
    const failure = await failureOf(port.post({ channel: setup.channel }, { text: ['x'] }));
    expect(failure).toMatchObject({ kind: 'needs_person', reason: 'invalid_auth' });
    expect(failure.message).not.toContain('mm-revoked-token-000');
  });

  it('a channel that refuses (403) or does not exist (404) waits for a person, with the outbox joinable reasons', async () => {
    expect(await failureOf(setup.port.post({ channel: setup.refusedChannel }, { text: ['x'] }))).toMatchObject({ kind: 'needs_person', reason: 'not_in_channel' });
    expect(await failureOf(setup.port.post({ channel: 'nosuchchannelxxxxxxxxxxxxx' }, { text: ['x'] }))).toMatchObject({ kind: 'needs_person', reason: 'channel_not_found' });
  });

  it('a post that is gone is given up, not waited on', async () => {
    const failure = await failureOf(setup.port.update({ channel: setup.channel, id: 'abcdefghijkmnopqrstuwxyz13' }, { text: ['x'] }));
    expect(failure).toMatchObject({ kind: 'permanent', reason: 'app.post.get.app_error' });
  });

  it('a server that does not answer is transient', async () => {
    const url = setup.server.url;
    await setup.server.close();
    const port = new MattermostPort({ url, token: setup.server.token, commandToken: COMMAND_TOKEN, actionSecret: ACTION_SECRET, port: 0, host: '127.0.0.1' });
    expect(await failureOf(port.post({ channel: setup.channel }, { text: ['x'] }))).toMatchObject({ kind: 'transient', reason: 'unreachable' });
  });

  it('joins a public channel, and says false for a private one it is not in', async () => {
    const open = setup.server.addChannel('announcements', { botMember: false });
    expect(await setup.port.join(open)).toBe(true);
    expect(setup.server.channels.get(open)!.members.has(setup.server.bot.id)).toBe(true);
    expect(await setup.port.join(setup.refusedChannel)).toBe(false);
  });

  it('tells privately by direct message when the bot may not post ephemeral messages', async () => {
    setup.server.ephemeralAllowed = false;
    await setup.port.tellPrivately({ channel: setup.channel }, setup.user, { text: ['only for you'] });
    const [post] = [...setup.server.posts.values()];
    const channel = setup.server.channels.get(post!.channel_id)!;
    expect(channel.type).toBe('D');
    expect([...channel.members].sort()).toEqual([setup.server.bot.id, setup.user].sort());
    expect(post!.message).toContain('only for you');
  });

  it('opens a room under the next free name when the name is taken, in the bot team, with its topic as header', async () => {
    setup.server.addChannel('inc-7-checkout');
    const opened = await setup.port.openChannel('INC 7: Checkout!', { topic: 'checkout errors @channel', invite: [setup.user] });
    const channel = setup.server.channels.get(opened.channel)!;
    expect(channel.name).toBe('inc-7-checkout-2');
    expect(channel.team_id).toBe(setup.server.team.id);
    expect(channel.header).not.toMatch(/@channel/);
    expect(channel.members.has(setup.user)).toBe(true);
    expect(opened.url).toBe(`${setup.server.url}/ops/channels/inc-7-checkout-2`);
  });

  it('opens the room even when one invitee cannot be added, and adds the others', async () => {
    const other = setup.server.addUser('second');
    const opened = await setup.port.openChannel('inc-8-auth', { invite: ['nosuchuserxxxxxxxxxxxxxxxx', other] });
    expect([...setup.server.channels.get(opened.channel)!.members]).toContain(other);
    expect([...setup.server.channels.values()].filter((channel) => channel.name.startsWith('inc-8-auth'))).toHaveLength(1);
  });
});
