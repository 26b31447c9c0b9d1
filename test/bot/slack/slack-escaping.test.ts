import { afterEach, describe, expect, it } from 'vitest';
import { CARD_ACTION_IDS } from '../../../src/bot/presenter/block-kit.js';
import { outsideText } from '../../../src/bot/slack/mrkdwn.js';
import { CHANNEL, mention, slackHarness, type SlackHarness } from './slack-harness.js';

let harness: SlackHarness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

// As Slack delivers them: a broadcast to the channel, one to whoever is here, and a link whose label hides where it goes.
const HOSTILE = 'db down <!channel> <!here> see <https://evil.example|click me>';
const LIVE_MARKUP = /<!channel>|<!here>|<https:\/\/evil\.example/;

/** Every field of every message opsbot posted or edited, as the loopback Web API received them. */
function everythingPosted(h: SlackHarness): string {
  const calls = ['chat.postMessage', 'chat.update', 'chat.postEphemeral'].flatMap((method) => h.fake.callsOf(method));
  return JSON.stringify(calls.map((call) => ({ text: call.args.text, blocks: call.args.blocks })));
}

describe('user-supplied text in what Slack renders', () => {
  it('escapes a page message everywhere: the card, its top-level text fallback, the outcome line and the result', async () => {
    const h = (harness = await slackHarness());
    await h.sender.event(mention('U00SRE', `page U00DEV ${HOSTILE}`, '1780000500.000100'));
    await h.frontEnd.idle();
    const [action] = await h.opsbot.gateway.listActions(1, { states: ['proposed'] });
    expect(action?.tool).toBe('page');
    expect(String(action?.args.message)).toContain('<!channel>');
    const card = h.fake.callsOf('chat.postMessage').find((call) => call.args.blocks)!;
    expect(String(card.args.text)).toContain('&lt;!channel&gt; &lt;!here&gt; see &lt;https://evil.example|click me&gt;');

    const cardMessage = h.fake.thread(CHANNEL, '1780000500.000100').find((entry) => entry.blocks)!;
    const click = await h.sender.blockAction({ userId: 'U00SRE', actionId: CARD_ACTION_IDS.approve, value: action!.id, channelId: CHANNEL, messageTs: cardMessage.ts, threadTs: cardMessage.threadTs, responseUrl: h.fake.responseUrl('click') });
    expect(click.status).toBe(200);
    await h.frontEnd.idle();
    expect((await h.opsbot.gateway.getAction(action!.id))?.state).toBe('succeeded');

    expect(h.fake.callsOf('chat.update').length).toBeGreaterThan(0);
    expect(everythingPosted(h)).not.toMatch(LIVE_MARKUP);
  });

  it('keeps plain user and channel mentions live, and nothing else', () => {
    expect(outsideText('owner <@U00LEAD> in <#C0OPS> & <!everyone> <mailto:a@b.example|mail>')).toBe('owner <@U00LEAD> in <#C0OPS> &amp; &lt;!everyone&gt; &lt;mailto:a@b.example|mail&gt;');
  });
});
