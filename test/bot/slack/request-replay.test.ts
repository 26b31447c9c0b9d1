import { afterEach, describe, expect, it } from 'vitest';
import { CARD_ACTION_IDS } from '../../../src/bot/presenter/block-kit.js';
import { blockActionPayload, commandPayload } from '../../support/slack-payloads.js';
import { CHANNEL, mention, slackHarness, type SlackHarness } from './slack-harness.js';

let harness: SlackHarness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

const FORM = 'application/x-www-form-urlencoded';
const now = () => Math.floor(Date.now() / 1000);

function commandBody(h: SlackHarness, text: string): string {
  return new URLSearchParams(commandPayload({ command: '/deploy', text, userId: 'U00LEAD', channelId: CHANNEL, responseUrl: h.fake.responseUrl('deploy') })).toString();
}

// Signed requests through Bolt's real HTTP receiver: a replayed body is the same delivery, and a stamp from the future is refused.
describe('Slack requests replayed or stamped ahead', () => {
  it('makes one pending action from a signed slash command replayed three times, and acks every copy', async () => {
    const h = (harness = await slackHarness());
    const body = commandBody(h, 'frontend v2.4.0 to production');
    const timestamp = now();
    const answers = [];
    for (let copy = 0; copy < 4; copy += 1) answers.push(await h.sender.post(body, FORM, { timestamp }));
    await h.frontEnd.idle();
    expect(answers.map((answer) => answer.status)).toEqual([200, 200, 200, 200]);
    expect(await h.opsbot.gateway.listActions(10)).toHaveLength(1);
    expect(h.fake.callsOf('chat.postMessage').filter((call) => call.args.blocks)).toHaveLength(1);

    // The same command typed again is a new interaction (a new trigger_id), so it is answered.
    await h.sender.post(commandBody(h, 'frontend v2.4.0 to production'), FORM);
    await h.frontEnd.idle();
    expect(await h.opsbot.gateway.listActions(10)).toHaveLength(2);
  });

  it('answers a replayed button click once', async () => {
    const h = (harness = await slackHarness());
    await h.sender.event(mention('U00LEAD', 'deploy frontend v2.4.0 to production', '1780000400.000100'));
    await h.frontEnd.idle();
    const card = h.fake.thread(CHANNEL, '1780000400.000100').find((entry) => entry.blocks)!;
    const [action] = await h.opsbot.gateway.listActions(1);
    const payload = blockActionPayload({ userId: 'U00DEV', actionId: CARD_ACTION_IDS.approve, value: action!.id, channelId: CHANNEL, messageTs: card.ts, threadTs: card.threadTs, responseUrl: h.fake.responseUrl('click') });
    const body = new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
    const timestamp = now();
    for (let copy = 0; copy < 3; copy += 1) expect((await h.sender.post(body, FORM, { timestamp })).status).toBe(200);
    await h.frontEnd.idle();
    expect(h.fake.callsOf('chat.postEphemeral').filter((call) => call.args.user === 'U00DEV')).toHaveLength(1);
  });

  it('refuses a request stamped more than five minutes in the future like a stale one, and accepts ordinary skew', async () => {
    const h = (harness = await slackHarness());
    const future = await h.sender.post(commandBody(h, 'frontend v2.4.0 to production'), FORM, { timestamp: now() + 6 * 60 });
    const stale = await h.sender.post(commandBody(h, 'frontend v2.4.0 to production'), FORM, { timestamp: now() - 6 * 60 });
    expect(future.status).toBe(401);
    expect(future.status).toBe(stale.status);
    expect(future.body).toBe('');
    const skewed = await h.sender.post(commandBody(h, 'frontend v2.4.0 to staging'), FORM, { timestamp: now() + 60 });
    expect(skewed.status).toBe(200);
    await h.frontEnd.idle();
    expect((await h.opsbot.gateway.listActions(10)).map((action) => action.args.environment)).toEqual(['staging']);
    expect(h.logs.some((line) => /in the future/.test(line))).toBe(true);
  });
});
