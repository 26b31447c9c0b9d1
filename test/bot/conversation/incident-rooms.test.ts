import { afterEach, describe, expect, it } from 'vitest';
import type { PendingAction } from '../../../src/actions/pending-action.js';
import type { Incident } from '../../../src/backends/ports/incidents.js';
import { type ChatContent, isCard, plainText } from '../../../src/bot/conversation/card.js';
import { Identities } from '../../../src/bot/conversation/identities.js';
import { IncidentRooms, incidentRoomOf } from '../../../src/bot/conversation/incident-rooms.js';
import type { ChatPlace, ConversationPort, PostedRef } from '../../../src/bot/conversation/port.js';
import { incidentRoomOf as roomOfChannel } from '../../../src/store/incident-rooms.js';
import { testOpsbot } from '../../support/test-opsbot.js';

/** A Mattermost-like chat that keeps the channels it opened, whom it invited, and what was posted where. */
class RecordingChat implements Pick<ConversationPort, 'platform' | 'openChannel' | 'post'> {
  readonly platform = 'mattermost' as const;
  readonly opened: Array<{ name: string; invite: string[] }> = [];
  readonly posts: Array<{ place: ChatPlace; text: string }> = [];
  async openChannel(name: string, options: { invite: string[] }): Promise<{ channel: string }> {
    this.opened.push({ name, invite: options.invite });
    return { channel: `mmchan${this.opened.length}` };
  }
  async post(place: ChatPlace, content: ChatContent): Promise<PostedRef> {
    this.posts.push({ place, text: isCard(content) ? content.fallback : plainText(content.text) });
    return { channel: place.channel, id: `post${this.posts.length}` };
  }
}

describe('incident rooms on a platform other than Slack', () => {
  let opsbot: Awaited<ReturnType<typeof testOpsbot>> | undefined;
  afterEach(async () => opsbot?.cleanup());

  it('opens the room through the port, invites people by their ids there, posts the summary and tells the asking thread', async () => {
    opsbot = await testOpsbot({ overrides: { people: { U00SRE: { name: 'Sam SRE', ids: { mattermost: 'mmsre' } }, U00DEV: { name: 'Dana Developer' } } } });
    const chat = new RecordingChat();
    const warnings: string[] = [];
    const rooms = new IncidentRooms({ chat, cards: { post: async () => undefined }, kv: opsbot.kv, config: opsbot.config, identities: new Identities(opsbot.config.people), logger: { warn: (line) => warnings.push(String(line)) } });
    const incident = { id: 'INC-2026-0007', number: 7, title: 'checkout <!here> errors', severity: 'high', status: 'investigating', owner: 'U00SRE', declaredBy: 'U00DEV', createdAt: '2026-12-07T10:00:00Z', resolvedAt: null, channel: null, service: 'checkout', timeline: [] } as Incident;
    const declared = { id: 'act_1', origin: { frontEnd: 'mattermost', channel: 'mmtownsquare', threadTs: 'root1' }, decidedBy: 'U00SRE' } as unknown as PendingAction;

    const room = await rooms.openRoom(incident, declared);
    await rooms.open(incident, declared);

    expect(chat.opened).toEqual([{ name: 'inc-2026-0007-checkout-here-errors', invite: ['mmsre'] }]);
    expect(warnings.join('\n')).toContain('U00DEV has no mattermost id');
    expect(chat.posts[0]).toMatchObject({ place: { channel: 'mmchan1' } });
    expect(chat.posts[0]!.text).toContain('INC-2026-0007: checkout <!here> errors');
    expect(chat.posts[1]).toEqual({ place: { channel: 'mmtownsquare', thread: 'root1' }, text: 'Opened #inc-2026-0007-checkout-here-errors for INC-2026-0007.' });
    expect(await incidentRoomOf(opsbot.kv, incident.id)).toEqual({ channel: 'mattermost:mmchan1', name: 'inc-2026-0007-checkout-here-errors', summaryTs: 'post1' });
    expect(await roomOfChannel(opsbot.kv, 'mattermost:mmchan1')).toEqual({ incident: incident.id, service: 'checkout' });
    expect(room.origin).toMatchObject({ frontEnd: 'mattermost', channel: 'mmchan1', threadTs: 'post1' });
  });
});
