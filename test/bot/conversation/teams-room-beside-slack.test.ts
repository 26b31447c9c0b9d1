import { afterEach, describe, expect, it } from 'vitest';
import { CommandRouter } from '../../../src/agent/router/command-router.js';
import { isCard } from '../../../src/bot/conversation/card.js';
import { incidentRoomOf } from '../../../src/bot/conversation/incident-rooms.js';
import { CARD_ACTION_IDS } from '../../../src/bot/presenter/approval-card.js';
import { startChatPlatforms, type ChatPlatforms } from '../../../src/bot/start-chat-platforms.js';
import { demoConfig } from '../../../src/config/demo-config.js';
import { slackHarness, type SlackHarness } from '../slack/slack-harness.js';
import { MemoryPort, shownText } from '../../support/conversation/memory-port.js';

const LEE_ON_TEAMS = 'aad-lee-0001';
const people = { ...demoConfig.people, U00LEAD: { ...demoConfig.people!.U00LEAD!, ids: { teams: LEE_ON_TEAMS } } };
const OPS = '19:ops@thread.tacv2';

let harness: SlackHarness | undefined;
let platforms: ChatPlatforms | undefined;
afterEach(async () => {
  await platforms?.stop();
  await harness?.close();
  harness = undefined;
  platforms = undefined;
});

describe('an incident declared on Teams while Slack runs in the same process', () => {
  it("gets its room and briefing on Teams through Slack's workflows, and no Slack channel", async () => {
    const h = (harness = await slackHarness({ overrides: { people, slack: { incidentChannelPrefix: 'inc' } } }));
    const teams = new MemoryPort('teams');
    const router = new CommandRouter(h.opsbot.gateway, h.opsbot.config);
    platforms = await startChatPlatforms(h.opsbot, { ports: [teams], responder: router, router, cards: h.frontEnd.cards, rooms: h.frontEnd.rooms, logger: { info: () => undefined, warn: () => undefined, error: () => undefined }, outbox: false, sweepIntervalMs: 3_600_000 });
    // Slack runs the follow-ups here; the chat platforms add their rooms and start none of their own.
    expect(platforms.workflows).toBeUndefined();
    const settle = async () => {
      for (let round = 0; round < 4; round += 1) {
        for (const frontEnd of platforms!.frontEnds) await frontEnd.idle();
        await h.frontEnd.idle();
      }
    };

    const asked = await teams.say({ author: LEE_ON_TEAMS, text: 'declare incident "auth login failures" severity:high', channel: OPS, command: true });
    await settle();
    const card = teams.thread(OPS, asked).find((message) => isCard(message.content) && message.content.buttons?.some((button) => button.actionId === CARD_ACTION_IDS.approve));
    expect(card).toBeDefined();
    await teams.click(card!, CARD_ACTION_IDS.approve, LEE_ON_TEAMS);
    await settle();

    const [declared] = (await h.opsbot.gateway.listActions(10)).filter((action) => action.tool === 'incident_declare');
    expect(declared?.state).toBe('succeeded');
    const id = (declared!.result!.data as { incident: { id: string } }).incident.id;
    expect(teams.channels).toHaveLength(1);
    const [room] = teams.channels;
    expect(room!.members).toEqual([LEE_ON_TEAMS]);
    expect(await incidentRoomOf(h.opsbot.kv, id)).toMatchObject({ channel: `teams:${room!.id}` });
    expect(h.fake.calls.filter((call) => call.method === 'conversations.create')).toEqual([]);
    const inRoom = teams.messages.filter((message) => message.channel === room!.id && !message.thread).map(shownText).join('\n');
    expect(inRoom).toContain(`Briefing for ${id}`);
    expect(inRoom).toMatch(/Firing alerts/);
  });
});
