import { describe } from 'vitest';
import { SlackCardSender } from '../../../src/bot/slack/slack-card-sender.js';
import { FakeSlackApi, rateLimited, serverError } from '../../support/fake-slack-api.js';
import { cardSenderContract } from '../outbox/card-sender-contract.js';

describe('ChatCardSender contract: Slack, over its loopback Web API', () => {
  cardSenderContract(async () => {
    const fake = await new FakeSlackApi({ notInChannel: ['C0PRIV', 'C0PUBLIC'], privateChannels: ['C0PRIV'] }).start();
    return {
      sender: new SlackCardSender({ token: 'xoxb-sender-test', slackApiUrl: fake.apiUrl }),
      rateLimitNext: (seconds) => fake.script('chat.postMessage', rateLimited(seconds)),
      serverErrorNext: (status) => fake.script('chat.postMessage', serverError(status)),
      privateChannel: 'C0PRIV',
      publicChannel: 'C0PUBLIC',
      texts: (channel) => [...fake.messages.values()].filter((message) => message.channel === channel).map((message) => message.text),
      close: () => fake.close(),
    };
  });
});
