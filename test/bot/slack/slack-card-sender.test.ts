import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SendFailure } from '../../../src/bot/outbox/card-sender.js';
import { SlackCardSender } from '../../../src/bot/slack/slack-card-sender.js';
import { FakeSlackApi, rateLimited, serverError } from '../../support/fake-slack-api.js';

describe('SlackCardSender: Slack answers as the outbox reads them', () => {
  let fake: FakeSlackApi;
  let sender: SlackCardSender;
  beforeEach(async () => {
    fake = await new FakeSlackApi({ notInChannel: ['C0PRIV'], privateChannels: ['C0PRIV'] }).start();
    sender = new SlackCardSender({ token: 'xoxb-sender-test', slackApiUrl: fake.apiUrl });
  });
  afterEach(async () => fake.close());

  const failureOf = (promise: Promise<unknown>) => promise.then(() => undefined, (error: unknown) => error as SendFailure);

  it('reads 429 with its Retry-After, a 5xx and a person-shaped error, each after exactly one request', async () => {
    fake.script('chat.postMessage', rateLimited(7), serverError(502));
    expect(await failureOf(sender.post({ channel: 'C0A' }, { text: 'x' }))).toMatchObject({ kind: 'rate_limited', retryAfterMs: 7000 });
    expect(await failureOf(sender.post({ channel: 'C0A' }, { text: 'x' }))).toMatchObject({ kind: 'transient', reason: 'HTTP 502' });
    expect(await failureOf(sender.post({ channel: 'C0PRIV' }, { text: 'x' }))).toMatchObject({ kind: 'needs_person', reason: 'not_in_channel' });
    expect(fake.callsOf('chat.postMessage')).toHaveLength(3);
    fake.fail('chat.update', 'message_not_found');
    expect(await failureOf(sender.update({ channel: 'C0A', ts: '1.1' }, { text: 'x' }))).toMatchObject({ kind: 'permanent', reason: 'message_not_found' });
    expect(await sender.post({ channel: 'C0A' }, { text: 'ok' })).toMatchObject({ channel: 'C0A' });
  });

  it('joins a public channel but not a private one', async () => {
    expect(await sender.join('C0PRIV')).toBe(false);
    expect(await sender.join('C0PUBLIC')).toBe(true);
    expect(fake.callsOf('conversations.join').map((call) => call.args.channel)).toEqual(['C0PRIV', 'C0PUBLIC']);
  });
});
