import { afterEach, describe, expect, it } from 'vitest';
import { CARD_ACTION_IDS } from '../../../src/bot/presenter/block-kit.js';
import { CHANNEL, mention, slackHarness, type SlackHarness } from './slack-harness.js';

let harness: SlackHarness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

const ANNOUNCE = 'C0INCIDENTS';

async function approveLatest(h: SlackHarness, user: string, channel: string, threadTs: string) {
  await h.frontEnd.idle();
  const card = h.fake.thread(channel, threadTs).find((entry) => entry.blocks)!;
  const [action] = await h.opsbot.gateway.listActions(1, { states: ['proposed'] });
  await h.sender.blockAction({ userId: user, actionId: CARD_ACTION_IDS.approve, value: action!.id, channelId: channel, messageTs: card.ts, threadTs, responseUrl: h.fake.responseUrl('click') });
  await h.frontEnd.idle();
  return action!;
}

/** An incident's Slack channel: status updates go out to it and to the announce channel; the note emoji adds to the timeline. */
describe('incident room', () => {
  async function declared(h: SlackHarness) {
    await h.sender.event(mention('U00SRE', 'declare incident "checkout errors" severity:high', '1780000500.000100'));
    await approveLatest(h, 'U00SRE', CHANNEL, '1780000500.000100');
    const [incident] = await h.opsbot.backends.incidents.list({ openOnly: true });
    return { incident: incident!, room: (await h.frontEnd.incidents.channelOf(incident!.id))!.channel };
  }

  it('posts an incident update (no id, typed in the room) to the room and to incidents.announceChannel', async () => {
    const h = (harness = await slackHarness({ overrides: { incidents: { announceChannel: ANNOUNCE } } }));
    const { incident, room } = await declared(h);
    await h.sender.event(mention('U00SRE', 'incident update severity:critical status:identified ledger writes failing', '1780000600.000100', { channel: room }));
    const action = await approveLatest(h, 'U00SRE', room, '1780000600.000100');
    expect(action).toMatchObject({ tool: 'incident_update', args: { severity: 'critical', status: 'identified', note: 'ledger writes failing' } });
    const posted = (channel: string) => h.fake.callsOf('chat.postMessage').filter((call) => call.args.channel === channel && String(call.args.text).startsWith(':information_source:'));
    for (const channel of [room, ANNOUNCE]) {
      expect(posted(channel)).toHaveLength(1);
      expect(String(posted(channel)[0]!.args.text)).toContain(`*${incident.id}: checkout errors* — severity *critical*, status *identified*`);
      // The note is someone's words: literal text, set apart in italics.
      expect(String(posted(channel)[0]!.args.text)).toContain('_ledger writes failing_');
    }
    // Through the outbox (retried like any card): one row per conversation, each sent.
    expect((await h.opsbot.outbox.list(['sent'])).filter((row) => row.purpose === 'incident-update').map((row) => row.channel).sort()).toEqual([room, ANNOUNCE].sort());
    // A second sweep (another replica, or a restart) does not announce it again.
    await h.frontEnd.sweep();
    await h.frontEnd.idle();
    expect(posted(ANNOUNCE)).toHaveLength(1);
  });

  it('adds a message to the timeline when someone reacts with the note emoji, as that person', async () => {
    const h = (harness = await slackHarness({ overrides: { incidents: { noteEmoji: 'spiral_note_pad' } } }));
    const { incident, room } = await declared(h);
    h.fake.addMessage(room, '1780000700.000100', 'cache flushed, errors falling', 'U00LEAD');
    const react = (reaction: string, user: string) => h.sender.event({ type: 'reaction_added', user, reaction, item: { type: 'message', channel: room, ts: '1780000700.000100' }, item_user: 'U00LEAD', event_ts: `1780000701.${reaction.length}${user.length}` });
    await react('memo', 'U00SRE');
    await h.frontEnd.idle();
    expect(h.fake.callsOf('conversations.history')).toHaveLength(0);
    await react('spiral_note_pad', 'U00LEAD2');
    await h.frontEnd.idle();
    const timeline = await h.opsbot.gateway.call({ tool: 'incident_timeline', args: { id: incident.id }, actor: 'U00VIEWER', origin: { frontEnd: 'cli' } });
    expect(timeline.text).toContain('note: cache flushed, errors falling (U00LEAD2)');
    expect(h.fake.callsOf('chat.postEphemeral').at(-1)?.args).toMatchObject({ channel: room, user: 'U00LEAD2', text: `Added to the ${incident.id} timeline.` });
    // Someone policy does not let add notes is told why, privately, and nothing is added.
    await react('spiral_note_pad', 'U00VIEWER');
    await h.frontEnd.idle();
    expect(String(h.fake.callsOf('chat.postEphemeral').at(-1)?.args.text)).toMatch(/incident:note/);
  });
});
