import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Origin } from '../../../src/actions/origin.js';
import { CommandRouter } from '../../../src/agent/router/command-router.js';
import { isCard } from '../../../src/bot/conversation/card.js';
import { incidentRoomOf } from '../../../src/bot/conversation/incident-rooms.js';
import { CARD_ACTION_IDS } from '../../../src/bot/presenter/approval-card.js';
import { startChatPlatforms, type ChatPlatforms } from '../../../src/bot/start-chat-platforms.js';
import { demoConfig } from '../../../src/config/demo-config.js';
import { MemoryPort, shownText } from '../../support/conversation/memory-port.js';
import { FakeGitHub } from '../../support/fake-github-server.js';
import { testOpsbot } from '../../support/test-opsbot.js';

const TOKEN = 'ghp_roomselsewhere1234567890abcdefgh';
// People as Teams knows them (AAD object ids).
const TEAMS = { sre: 'aad-sre-0001', lead: 'aad-lead-0002' };
const people = {
  ...demoConfig.people,
  U00SRE: { ...demoConfig.people!.U00SRE!, ids: { teams: TEAMS.sre } },
  U00LEAD: { ...demoConfig.people!.U00LEAD!, ids: { teams: TEAMS.lead } },
};
const OPS = '19:ops@thread.tacv2';

let opsbot: Awaited<ReturnType<typeof testOpsbot>>;
let github: FakeGitHub;
let teams: MemoryPort;
let platforms: ChatPlatforms;
const errors: string[] = [];

beforeEach(async () => {
  github = new FakeGitHub('org/postmortems', TOKEN);
  const apiUrl = await github.start();
  const demo = { adapter: 'demo' } as const;
  opsbot = await testOpsbot({
    env: { GITHUB_TOKEN: TOKEN },
    overrides: { people, slack: { incidentChannelPrefix: 'inc' }, incidents: { postmortems: { repo: 'org/postmortems', path: 'postmortems/{date}-{id}.md' } }, backends: { releases: { adapter: 'github', repository: 'org/postmortems', apiUrl }, metrics: demo, alerts: demo, runbooks: demo, oncall: demo, paging: demo, incidents: demo, deploys: demo } },
  });
  teams = new MemoryPort('teams');
  const quiet = { info: () => undefined, warn: () => undefined, error: (line: string) => void errors.push(line) };
  const router = new CommandRouter(opsbot.gateway, opsbot.config);
  // Teams alone in this process (no Slack): its front end runs the incident follow-ups itself.
  platforms = await startChatPlatforms(opsbot, { ports: [teams], responder: router, router, logger: quiet, sweepIntervalMs: 3_600_000 });
});

afterEach(async () => {
  await platforms.stop();
  await opsbot.cleanup();
  await github.stop();
  errors.length = 0;
});

async function settle(): Promise<void> {
  for (let round = 0; round < 4; round += 1) {
    for (const frontEnd of platforms.frontEnds) await frontEnd.idle();
    await platforms.workflows?.idle();
  }
}

async function declareOnTeams(): Promise<{ id: string; asked: string }> {
  const asked = await teams.say({ author: TEAMS.sre, text: 'declare incident "payments checkout errors" severity:high', channel: OPS, command: true });
  await settle();
  const card = teams.thread(OPS, asked).find((message) => isCard(message.content) && message.content.buttons?.some((button) => button.actionId === CARD_ACTION_IDS.approve));
  expect(card, teams.thread(OPS, asked).map(shownText).join('\n')).toBeDefined();
  await teams.click(card!, CARD_ACTION_IDS.approve, TEAMS.sre);
  await settle();
  const [declared] = (await opsbot.gateway.listActions(10)).filter((action) => action.tool === 'incident_declare');
  expect(declared?.state).toBe('succeeded');
  return { id: (declared!.result!.data as { incident: { id: string } }).incident.id, asked };
}

describe('an incident declared on Teams, with no Slack in the process', () => {
  it('gets its room on Teams, with the declarer invited, the room named in the asking thread, and the briefing posted there', async () => {
    const { id, asked } = await declareOnTeams();
    expect(teams.channels).toHaveLength(1);
    const [room] = teams.channels;
    expect(room!.name).toMatch(/^inc-.*checkout-errors$/);
    expect(room!.members).toContain(TEAMS.sre);
    expect(await incidentRoomOf(opsbot.kv, id)).toMatchObject({ channel: `teams:${room!.id}` });
    expect(teams.thread(OPS, asked).map(shownText).join('\n')).toContain(`Opened #${room!.name} for ${id}`);
    const inRoom = teams.messages.filter((message) => message.channel === room!.id && !message.thread).map(shownText).join('\n');
    expect(inRoom).toContain(`${id}: payments checkout errors`);
    // The briefing: its parts landed (redrawn in place), each read through the gateway as the declarer.
    expect(inRoom).toMatch(/Firing alerts/);
    expect(inRoom).toMatch(/On call/);
    expect(inRoom).not.toMatch(/pending|gathering/i);
    // Its labels are styled on Teams as on Slack, not shown as Slack's asterisks.
    const briefing = teams.messages.find((message) => message.channel === room!.id && shownText(message).includes('Briefing for'))!;
    expect(isCard(briefing.content) ? [] : briefing.content.text).toContainEqual({ bold: ['Firing alerts:'] });
    expect(shownText(briefing)).not.toContain('*Firing alerts:*');
    // The last hour's chart, uploaded into the room as an image.
    expect(teams.files.filter((file) => file.channel === room!.id && file.file.mimeType === 'image/png')).toHaveLength(1);
    // Paging the commander waits for a confirmation: its card is in the room too, where the responders are.
    expect(teams.cards().filter((message) => message.channel === room!.id && isCard(message.content) && message.content.buttons?.some((button) => button.actionId === CARD_ACTION_IDS.approve)).map(shownText).join('\n')).toMatch(/page/i);
    expect(errors).toEqual([]);
  });

  it('gets the published postmortem draft in its Teams room as a Markdown file, the same text as the pull request', async () => {
    const { id } = await declareOnTeams();
    const [room] = teams.channels;
    const cli: Origin = { frontEnd: 'cli' };
    const resolved = await opsbot.gateway.call({ tool: 'incident_resolve', args: { id, note: 'rolled back' }, actor: 'U00SRE', origin: cli });
    if (resolved.status === 'pending') await opsbot.gateway.confirm(resolved.action.id, 'U00SRE', cli);
    const proposed = await opsbot.gateway.call({ tool: 'postmortem_publish', args: { id }, actor: 'U00SRE', origin: cli });
    if (proposed.status !== 'pending') throw new Error(proposed.text);
    await opsbot.gateway.confirm(proposed.action.id, 'U00SRE', cli);
    await settle();
    const drafts = teams.files.filter((file) => file.file.mimeType === 'text/markdown');
    expect(drafts).toHaveLength(1);
    expect(drafts[0]).toMatchObject({ channel: room!.id, file: { title: expect.stringContaining(`Postmortem draft of ${id}`) } });
    const pulled = [...github.files.values()].find((file) => file.content.includes(`# Postmortem: ${id}`));
    expect(drafts[0]!.file.bytes.toString('utf8')).toBe(pulled?.content);
    expect(errors).toEqual([]);
  });
});
