import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { InboundClick, InboundMessage } from '../../../src/bot/conversation/port.js';
import { SendFailure } from '../../../src/bot/outbox/card-sender.js';
import { BotFrameworkSigner } from '../../support/teams/bot-framework-signer.js';
import { cardActionInvoke, channelMessage } from '../../support/teams/teams-activities.js';
import { CHANNEL, TEAMS_APP_ID, teamsTestbed, USER, type TeamsTestbed } from '../../support/teams/teams-harness.js';

describe('Teams messaging endpoint', () => {
  let bed: TeamsTestbed;
  const seen: { messages: InboundMessage[]; clicks: InboundClick[] } = { messages: [], clicks: [] };

  beforeEach(async () => {
    seen.messages = [];
    seen.clicks = [];
    bed = await teamsTestbed();
    await bed.port.start({ message: async (message) => void seen.messages.push(message), click: async (click) => void seen.clicks.push(click) });
  });
  afterEach(async () => {
    await bed.port.stop();
    await bed.fake.close();
  });

  const refusals: Array<[string, (bed: TeamsTestbed) => Promise<string>]> = [
    ['a token for another app (wrong audience)', (bed) => bed.fake.signer.token({ audience: 'another-app-id', serviceUrl: bed.fake.serviceUrl })],
    ['a token signed by a key Teams never published (bad signature)', async (bed) => (await BotFrameworkSigner.create(bed.fake.signer.kid)).token({ audience: TEAMS_APP_ID, serviceUrl: bed.fake.serviceUrl })],
    ['an expired token', (bed) => bed.fake.signer.token({ audience: TEAMS_APP_ID, serviceUrl: bed.fake.serviceUrl, expiresIn: -600 })],
    ['a token from another issuer', (bed) => bed.fake.signer.token({ audience: TEAMS_APP_ID, serviceUrl: bed.fake.serviceUrl, issuer: 'https://sts.example.com' })],
    ['a token for another service URL (replies would go elsewhere)', (bed) => bed.fake.signer.token({ audience: TEAMS_APP_ID, serviceUrl: 'https://evil.example.com/teams/' })],
    ['no token at all', async () => ''],
  ];

  for (const [name, tokenOf] of refusals) {
    it(`answers 401 to ${name}, and nothing runs`, async () => {
      const token = await tokenOf(bed);
      const message = await bed.deliver(channelMessage(bed.context, { text: 'deploy frontend v2.4.0 to production' }), token);
      const click = await bed.deliver(cardActionInvoke(bed.context, { cardId: '1765000000001', verb: 'opsbot_approve', value: 'act_1' }), token);
      expect([message.status, click.status]).toEqual([401, 401]);
      // A valid delivery after them does arrive, so the refusals were the check and not a dead endpoint.
      await bed.deliver(channelMessage(bed.context, { text: 'status frontend' }));
      await expect.poll(() => seen.messages.length).toBe(1);
      expect(seen.messages[0]!.text).toBe('status frontend');
      expect(seen.clicks).toEqual([]);
    });
  }

  it('refuses a key not endorsed for Teams', async () => {
    const activity = { ...channelMessage(bed.context, { text: 'status' }), channelId: 'webchat' };
    expect((await bed.deliver(activity)).status).toBe(401);
  });

  it('strips the bot mention and keeps the reply chain root as the thread', async () => {
    await bed.deliver(channelMessage(bed.context, { text: 'who is on call?', thread: '1765000000042' }));
    await expect.poll(() => seen.messages.length).toBe(1);
    expect(seen.messages[0]).toMatchObject({ platform: 'teams', channel: CHANNEL, thread: '1765000000042', author: USER, text: 'who is on call?', direct: false });
  });

  it('answers a card click with the documented invoke response, then delivers it', async () => {
    const response = await bed.deliver(cardActionInvoke(bed.context, { cardId: '1765000000007', verb: 'opsbot_reject', value: 'act_9' }));
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ statusCode: 200, type: 'application/vnd.microsoft.activity.message', value: expect.any(String) });
    await expect.poll(() => seen.clicks.length).toBe(1);
    expect(seen.clicks[0]).toEqual({ platform: 'teams', actionId: 'opsbot_reject', value: 'act_9', clicker: USER, message: { channel: CHANNEL, id: '1765000000007' } });
  });

  it('answers 404 off the messaging path and 405 to other methods', async () => {
    const base = bed.endpointUrl();
    expect((await fetch(base.replace('/api/messages', '/api/other'), { method: 'POST', body: '{}' })).status).toBe(404);
    expect((await fetch(base)).status).toBe(405);
  });

  it('replies to a conversation at the service URL its verified activity named', async () => {
    const context = { ...bed.context, serviceUrl: bed.fake.regionalServiceUrl('emea') };
    await bed.deliver(channelMessage(context, { text: 'hello' }), await bed.fake.signer.token({ audience: TEAMS_APP_ID, serviceUrl: context.serviceUrl }));
    await expect.poll(() => seen.messages.length).toBe(1);
    const root = seen.messages[0]!;
    const reply = await bed.port.post({ channel: root.channel, thread: root.thread }, { text: ['hi'] });
    expect(reply.thread).toBe(root.thread);
    const posts = bed.fake.requests.filter((request) => request.method === 'POST' && request.path.includes('/v3/conversations/'));
    expect(posts.at(-1)!.path).toBe(`/emea/v3/conversations/${encodeURIComponent(`${CHANNEL};messageid=${root.thread}`)}/activities`);
  });

  it('starts a war room as a post in the incident channel that mentions the people invited', async () => {
    const opened = await bed.port.openChannel('inc-7-auth', { topic: 'auth 5xx', invite: [USER] });
    const root = bed.fake.activities.find((held) => `${held.conversation};messageid=${held.id}` === opened.channel)!;
    const card = (root.activity.attachments as Array<{ content: { body: Array<{ text: string }>; msteams: { entities: unknown[] } } }>)[0]!.content;
    expect(card.body[0]!.text).toBe('**inc-7-auth**\nauth 5xx\nWith <at>Lea Lead</at>');
    expect(card.msteams.entities).toEqual([{ type: 'mention', text: '<at>Lea Lead</at>', mentioned: { id: USER, name: 'Lea Lead' } }]);
  });
});

describe('Teams war rooms without an incident channel', () => {
  it('are refused with the setting a person must add', async () => {
    const { createTeamsPort } = await import('../../../src/bot/teams/start-teams.js');
    const port = createTeamsPort(
      { appId: 'env:A', appPassword: 'env:P', tenantId: 'env:T', port: 0, host: '127.0.0.1', openIdMetadataUrl: 'http://127.0.0.1:9/md', serviceUrl: 'http://127.0.0.1:9/teams/' },
      { A: 'app', P: 'app-password-x', T: 'tenant' },
    );
    const failure = (await port.openChannel('inc-1', { invite: [] }).catch((error: unknown) => error)) as SendFailure;
    expect(failure).toBeInstanceOf(SendFailure);
    expect(failure.kind).toBe('needs_person');
    expect(failure.reason).toContain('chat.teams.incidentChannel');
  });
});
