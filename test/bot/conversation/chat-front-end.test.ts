import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CommandRouter } from '../../../src/agent/router/command-router.js';
import { isCard } from '../../../src/bot/conversation/card.js';
import { startChatFrontEnd, type ChatFrontEnd } from '../../../src/bot/conversation/chat-front-end.js';
import { demoConfig } from '../../../src/config/demo-config.js';
import { MemoryPort, shownText, type MemoryMessage } from '../../support/conversation/memory-port.js';
import { testOpsbot } from '../../support/test-opsbot.js';

// People as Teams (AAD object ids) and Mattermost know them, mapped to their opsbot identities.
const TEAMS = { lee: 'aad-lee-0001', lou: 'aad-lou-0002', stranger: 'aad-stranger-9999' };
const MATTERMOST = { lee: 'mmlee000000000000000000001', lou: 'mmlou000000000000000000002', vic: 'mmvic000000000000000000003' };
const people = {
  ...demoConfig.people,
  U00LEAD: { ...demoConfig.people!.U00LEAD!, ids: { teams: TEAMS.lee, mattermost: MATTERMOST.lee } },
  U00LEAD2: { ...demoConfig.people!.U00LEAD2!, ids: { teams: TEAMS.lou, mattermost: MATTERMOST.lou } },
  U00VIEWER: { ...demoConfig.people!.U00VIEWER!, ids: { mattermost: MATTERMOST.vic } },
};

let opsbot: Awaited<ReturnType<typeof testOpsbot>>;
let teams: MemoryPort;
let mattermost: MemoryPort;
let frontEnds: ChatFrontEnd[];
const logs: string[] = [];

beforeEach(async () => {
  // Approvals from a direct message go to a Mattermost channel: a route names any platform.
  opsbot = await testOpsbot({ overrides: { people, slack: { approvalsChannel: 'mattermost:approvals', incidentChannelPrefix: 'inc' } } });
  teams = new MemoryPort('teams');
  mattermost = new MemoryPort('mattermost');
  const logger = { info: (line: string) => void logs.push(line), error: (line: string) => void logs.push(line) };
  const router = new CommandRouter(opsbot.gateway, opsbot.config);
  const first = await startChatFrontEnd(opsbot, { port: teams, responder: router, router, logger, sweepIntervalMs: 3_600_000 });
  // Both platforms in one process share the cards, so a card on one and its outcome on the other stay in step.
  frontEnds = [first, await startChatFrontEnd(opsbot, { port: mattermost, responder: router, router, cards: first.cards, logger, sweepIntervalMs: 3_600_000 })];
});

afterEach(async () => {
  for (const frontEnd of frontEnds.reverse()) await frontEnd.stop();
  await opsbot.cleanup();
});

async function settle(): Promise<void> {
  for (let round = 0; round < 3; round += 1) for (const frontEnd of frontEnds) await frontEnd.idle();
}

const deploys = async (version: string) => (await opsbot.backends.deploys.history('frontend', 'production', 20)).filter((deploy) => deploy.version === version);
const privateTo = (port: MemoryPort, user: string) => port.messages.filter((message) => message.visibleTo === user).map(shownText);
const hasButtons = (message: MemoryMessage) => isCard(message.content) && Boolean(message.content.buttons?.length);

describe('the chat front end, on two platforms at once', () => {
  it('answers a question in the thread it was asked in', async () => {
    const asked = await teams.say({ author: TEAMS.lee, text: 'status frontend', channel: '19:ops@thread.tacv2' });
    await settle();
    const thread = teams.thread('19:ops@thread.tacv2', asked);
    expect(thread).toHaveLength(1);
    expect(shownText(thread[0]!)).toMatch(/frontend/i);
    expect(thread[0]!.visibleTo).toBeUndefined();
  });

  it('uploads the chart a tool drew into the answer\'s thread, as a PNG', async () => {
    const viewer = await mattermost.say({ author: MATTERMOST.vic, text: 'status frontend load', channel: 'town-square' });
    await settle();
    expect(shownText(mattermost.thread('town-square', viewer)[0]!)).toMatch(/^frontend \(production\) over the last 1h/);
    expect(mattermost.files).toHaveLength(1);
    const [upload] = mattermost.files;
    expect(upload).toMatchObject({ channel: 'town-square', thread: viewer, file: { mimeType: 'image/png', title: 'frontend (production), last 1h' } });
    expect(upload!.file.bytes.subarray(1, 4).toString('latin1')).toBe('PNG');
  });

  it('runs a production deploy asked on Teams and approved on Mattermost by another lead, once; the requester and a viewer are refused privately', async () => {
    const asked = await teams.say({ author: TEAMS.lee, text: 'deploy frontend v2.4.0 to production', channel: 'a:dm-lee', direct: true });
    await settle();
    // The approvers cannot read the requester's direct message: the card goes to the approvals channel on Mattermost.
    const [card] = mattermost.cards().filter((message) => message.channel === 'approvals');
    expect(card).toBeDefined();
    expect(shownText(card!)).toContain('Approval needed: deploy frontend v2.4.0 to production');
    expect(teams.cards()).toEqual([]);
    expect(teams.thread('a:dm-lee', asked).map(shownText).join('\n')).toContain('was requested in Mattermost');
    const [action] = await opsbot.gateway.listActions(1, { states: ['proposed'] });
    expect(action?.requester).toBe('U00LEAD');
    expect(action?.origin).toMatchObject({ frontEnd: 'teams', channel: 'a:dm-lee', threadTs: asked, conversationId: `teams:a:dm-lee:${asked}`, direct: true });

    // The same person on another platform is still the requester.
    await mattermost.click(card!, 'opsbot_approve', MATTERMOST.lee);
    // A viewer may not approve at all.
    await mattermost.click(card!, 'opsbot_approve', MATTERMOST.vic);
    await settle();
    expect(privateTo(mattermost, MATTERMOST.lee)).toEqual([expect.stringMatching(/U00LEAD requested this action.*needs someone else/)]);
    expect(privateTo(mattermost, MATTERMOST.vic)).toEqual([expect.stringMatching(/U00VIEWER lacks deploy:production/)]);
    expect((await opsbot.gateway.getAction(action!.id))?.state).toBe('proposed');
    expect(hasButtons(card!)).toBe(true);
    expect(await deploys('v2.4.0')).toEqual([]);

    // Another lead, on Mattermost, twice at once: one execution.
    await Promise.all([mattermost.click(card!, 'opsbot_approve', MATTERMOST.lou), mattermost.click(card!, 'opsbot_approve', MATTERMOST.lou)]);
    await settle();
    expect(await deploys('v2.4.0')).toHaveLength(1);
    expect(await opsbot.gateway.getAction(action!.id)).toMatchObject({ state: 'succeeded', decidedBy: 'U00LEAD2' });
    expect(hasButtons(card!)).toBe(false);
    expect(shownText(card!)).toContain('Done; approved by @U00LEAD2');
    // The requester hears the outcome where they asked, on Teams.
    expect(shownText(teams.thread('a:dm-lee', asked).at(-1)!)).toMatch(/deploy frontend v2.4.0 to production was approved by @U00LEAD2 and succeeded/);
  });

  it('posts the card after the answer in a channel thread, where another lead approves it on the same platform', async () => {
    const asked = await teams.say({ author: TEAMS.lee, text: 'deploy frontend v2.4.0 to production', channel: '19:ops@thread.tacv2' });
    await settle();
    const thread = teams.thread('19:ops@thread.tacv2', asked);
    expect(thread.map((message) => isCard(message.content))).toEqual([false, true]);
    await teams.click(thread[1]!, 'opsbot_approve', TEAMS.lou);
    await settle();
    expect(await deploys('v2.4.0')).toHaveLength(1);
    expect(mattermost.messages).toEqual([]);
  });

  it('tells an unmapped user how to get mapped, privately, and does nothing else', async () => {
    await teams.say({ author: TEAMS.stranger, text: 'deploy frontend v2.4.0 to production', channel: '19:ops@thread.tacv2' });
    await settle();
    expect(privateTo(teams, TEAMS.stranger)).toEqual([expect.stringContaining(`ids.teams: '${TEAMS.stranger}'`)]);
    // Only the stranger's own message is in the channel: no answer, no card.
    expect(teams.messages.filter((message) => !message.visibleTo).map(shownText)).toEqual(['deploy frontend v2.4.0 to production']);
    expect(await opsbot.gateway.listActions(10)).toEqual([]);
  });
});
