import { afterEach, describe, expect, it } from 'vitest';
import { CARD_ACTION_IDS, CARD_BLOCK_IDS } from '../../../src/bot/presenter/block-kit.js';
import { blockText } from './block-checks.js';
import { CHANNEL, mention, slackHarness, type SlackHarness } from './slack-harness.js';

let harness: SlackHarness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

// Signed Slack requests into the real Bolt app, down to the demo fleet.
describe('a card whose facts changed before the click', () => {
  it('refuses the approval with old and new versions, marks the card, and deploys nothing', async () => {
    const h = (harness = await slackHarness());
    const threadTs = '1780000300.000100';
    await h.sender.event(mention('U00LEAD', 'deploy frontend v2.4.0 to production', threadTs));
    await h.frontEnd.idle();
    const card = h.fake.thread(CHANNEL, threadTs).find((entry) => entry.blocks)!;
    const [action] = await h.opsbot.gateway.listActions(1, { states: ['proposed'] });
    expect(blockText(card.blocks, CARD_BLOCK_IDS.details)).toContain('current `v2.3.1` → proposed `v2.4.0`');

    // Another deploy lands first, through another path.
    const other = await h.opsbot.gateway.call({ tool: 'deploy', args: { service: 'frontend', environment: 'production', version: 'v2.6.0' }, actor: 'U00LEAD2', origin: { frontEnd: 'cli' } });
    if (other.status !== 'pending') throw new Error(other.text);
    expect((await h.opsbot.gateway.confirm(other.action.id, 'U00LEAD', { frontEnd: 'cli' })).status).toBe('executed');

    const response = await h.sender.blockAction({ userId: 'U00LEAD2', actionId: CARD_ACTION_IDS.approve, value: action!.id, channelId: card.channel, messageTs: card.ts, threadTs: card.threadTs, responseUrl: h.fake.responseUrl('click') });
    expect(response.status).toBe(200);
    await h.frontEnd.idle();
    const told = h.fake.callsOf('chat.postEphemeral').filter((call) => call.args.user === 'U00LEAD2').map((call) => String(call.args.text));
    expect(told).toEqual([expect.stringContaining('frontend in production is now v2.6.0, not v2.3.1 as this card showed')]);
    const updated = h.fake.message(CHANNEL, card.ts)!;
    expect(blockText(updated.blocks, CARD_BLOCK_IDS.buttons)).toBeUndefined();
    expect(JSON.stringify(updated.blocks)).toContain('Not run: what this card showed changed');
    expect((await h.opsbot.gateway.getAction(action!.id))?.state).toBe('stale');
    expect((await h.opsbot.backends.deploys.history('frontend', 'production', 20)).map((deploy) => deploy.version)).not.toContain('v2.4.0');
  });
});
