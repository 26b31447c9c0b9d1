import { webApi } from '@slack/bolt';
import { afterEach, describe, expect, it } from 'vitest';
import { CARD_ACTION_IDS } from '../../../src/bot/presenter/block-kit.js';
import { SlackGroupDirectory } from '../../../src/bot/slack/slack-group-directory.js';
import { demoConfig } from '../../../src/config/demo-config.js';
import { FakeSlackApi } from '../../support/fake-slack-api.js';
import { CHANNEL, mention, slackHarness, type SlackHarness } from './slack-harness.js';

let fake: FakeSlackApi | undefined;
let harness: SlackHarness | undefined;
afterEach(async () => {
  await fake?.close();
  await harness?.close();
  fake = undefined;
  harness = undefined;
});

describe('SlackGroupDirectory', () => {
  it('reads each configured group once per time to live, sharing concurrent lookups', async () => {
    fake = await new FakeSlackApi({ groups: { S0LEADS: ['U00NEW', 'U00LEAD'], S0SRE: ['U00SRE'] } }).start();
    let now = 0;
    const directory = new SlackGroupDirectory(new webApi.WebClient('xoxb-test', { slackApiUrl: fake.apiUrl }), ['S0LEADS', 'S0SRE', 'S0GONE'], { ttlMs: 1000, now: () => now });
    const answers = await Promise.all([directory.groupsOf('U00NEW'), directory.groupsOf('U00SRE'), directory.groupsOf('U00DEV')]);
    expect(answers).toEqual([['S0LEADS'], ['S0SRE'], []]);
    expect(fake.callsOf('usergroups.users.list')).toHaveLength(3);
    now = 999;
    await directory.groupsOf('U00NEW');
    expect(fake.callsOf('usergroups.users.list')).toHaveLength(3);
    now = 1000;
    await directory.groupsOf('U00NEW');
    expect(fake.callsOf('usergroups.users.list')).toHaveLength(6);
  });

  it('fails closed: an API failure is an error for the policy to turn into a denial', async () => {
    fake = await new FakeSlackApi({ groups: { S0LEADS: ['U00NEW'] } }).start();
    fake.fail('usergroups.users.list', 'ratelimited_forever');
    const directory = new SlackGroupDirectory(new webApi.WebClient('xoxb-test', { slackApiUrl: fake.apiUrl, retryConfig: { retries: 0 } }), ['S0LEADS']);
    await expect(directory.groupsOf('U00NEW')).rejects.toThrow(/ratelimited_forever/);
  });

  it('gives roles to members of a mapped user group, re-checked when they click', async () => {
    const policies = { ...demoConfig.policies, groups: { S0LEADS: ['lead'] } };
    const h = (harness = await slackHarness({ overrides: { policies }, groups: true, fake: { groups: { S0LEADS: ['U00NEW'] } } }));
    await h.sender.event(mention('U00LEAD', 'deploy frontend v2.4.0 to production', '1780000500.000100'));
    await h.frontEnd.idle();
    const card = h.fake.thread(CHANNEL, '1780000500.000100').find((entry) => entry.blocks)!;
    const [action] = await h.opsbot.gateway.listActions(1);
    await h.sender.blockAction({ userId: 'U00NEW', actionId: CARD_ACTION_IDS.approve, value: action!.id, channelId: CHANNEL, messageTs: card.ts, threadTs: '1780000500.000100', responseUrl: h.fake.responseUrl() });
    await h.frontEnd.idle();
    expect((await h.opsbot.gateway.getAction(action!.id))?.state).toBe('succeeded');
    expect(h.fake.callsOf('usergroups.users.list')[0]?.args).toEqual({ usergroup: 'S0LEADS' });
  });
});
