import { PassThrough } from 'node:stream';
import { LogLevel } from '@slack/bolt';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CommandRouter } from '../../src/agent/router/command-router.js';
import { startMcpWorkflows } from '../../src/bot/mcp/mcp-workflows.js';
import { outboundRooms, type OutboundRooms } from '../../src/bot/outbound-rooms.js';
import { runShell } from '../../src/bot/shell/run-shell.js';
import { RedactingLogger } from '../../src/bot/slack/redacting-logger.js';
import { startSlackFrontEnd } from '../../src/bot/slack/slack-front-end.js';
import { FakeSlackApi } from '../support/fake-slack-api.js';
import { testOpsbot } from '../support/test-opsbot.js';
import { call, connectInMemory } from './mcp/mcp-test-client.js';
import { BOT_TOKEN, SIGNING_SECRET } from './slack/slack-harness.js';

type TestOpsbot = Awaited<ReturnType<typeof testOpsbot>>;

let fake: FakeSlackApi;
let opsbot: TestOpsbot;
let rooms: OutboundRooms | undefined;
const logged: string[] = [];
const logger = { info: () => undefined, warn: (line: string) => void logged.push(line), error: (line: string) => void logged.push(line) };

beforeEach(async () => {
  fake = await new FakeSlackApi().start();
  opsbot = await testOpsbot();
  logged.length = 0;
});

afterEach(async () => {
  await rooms?.stop();
  rooms = undefined;
  await opsbot.cleanup();
  await fake.close();
});

/** Slack's bot token only: no signing secret, no app token, so nothing here receives from Slack. */
const slackEnv = () => ({ SLACK_BOT_TOKEN: BOT_TOKEN, SLACK_API_URL: fake.apiUrl });

async function shellDeclares(withRooms: OutboundRooms | undefined): Promise<string> {
  const input = new PassThrough();
  const output = new PassThrough();
  let printed = '';
  output.on('data', (chunk: Buffer) => (printed += chunk.toString()));
  const done = runShell({ opsbot, responder: new CommandRouter(opsbot.gateway, opsbot.config), actor: 'U00SRE', input, output, ...(withRooms ? { rooms: withRooms } : {}) });
  input.end('declare incident "db failover" severity:high\ny\n');
  await done;
  return printed;
}

/** A Slack front end started later on the same store, as another process would be: it sweeps at once. */
async function chatProcessSweeps(): Promise<void> {
  const frontEnd = await startSlackFrontEnd(opsbot, new CommandRouter(opsbot.gateway, opsbot.config), {
    settings: { mode: 'http', botToken: BOT_TOKEN, signingSecret: SIGNING_SECRET, port: 0, apiUrl: fake.apiUrl },
    router: new CommandRouter(opsbot.gateway, opsbot.config),
    logger: new RedactingLogger(LogLevel.ERROR, () => undefined),
    listen: { host: '127.0.0.1', port: 0 },
    sweepIntervalMs: 3_600_000,
    watchIntervalMs: 3_600_000,
  });
  try {
    await frontEnd.idle();
    await frontEnd.sweep();
    await frontEnd.idle();
  } finally {
    await frontEnd.stop();
  }
}

const briefingsIn = (channel: string) => fake.callsOf('chat.postMessage').filter((entry) => entry.args.channel === channel && String(entry.args.text).startsWith(':clipboard: *Briefing'));
const pages = async () => (await opsbot.gateway.listActions(20)).filter((action) => action.tool === 'page');

/** The room, its one briefing (complete and pinned), and a page that names the room. */
async function expectRoomAndBriefing(): Promise<{ id: string; name: string }> {
  expect(fake.createdChannels).toHaveLength(1);
  const room = fake.createdChannels[0]!;
  expect(room.name).toMatch(/^inc-.*db-failover$/);
  const [posted] = briefingsIn(room.id);
  expect(briefingsIn(room.id)).toHaveLength(1);
  const briefing = [...fake.messages.values()].find((message) => message.channel === room.id && message.text.startsWith(':clipboard: *Briefing'))!;
  expect(briefing.text).toMatch(/\*On call:\*/);
  expect(briefing.text).not.toContain('gathering');
  expect(fake.callsOf('pins.add').map((entry) => entry.args)).toEqual([expect.objectContaining({ channel: room.id, timestamp: briefing.ts })]);
  expect(posted).toBeDefined();
  const [page] = await pages();
  expect(await pages()).toHaveLength(1);
  expect(page!.args.message).toMatch(new RegExp(`^INC-\\S+ \\(high\\): db failover\\. Join #${room.name}\\.$`));
  // The page waits for a confirmation: its card is in the room, where the responders are.
  expect(fake.callsOf('chat.postMessage').some((entry) => entry.args.channel === room.id && JSON.stringify(entry.args.blocks ?? '').includes(page!.id))).toBe(true);
  return room;
}

describe('an incident declared where no chat listens, with a chat platform configured', () => {
  it('from the shell: gets its Slack channel, its pinned briefing and a page naming the channel, still shown in the shell; once, though a chat process sweeps too', async () => {
    rooms = await outboundRooms(opsbot, slackEnv(), logger);
    expect(rooms?.platform).toBe('slack');
    const printed = await shellDeclares(rooms);
    await expectRoomAndBriefing();
    expect(printed).toContain('Paging the incident commander needs a confirmation:');
    // Nothing in this process received from Slack: only Web API calls went out.
    expect(fake.callsOf('auth.test')).toHaveLength(0);

    await chatProcessSweeps();
    await expectRoomAndBriefing();
    expect(logged).toEqual([]);
  });

  it('from MCP: gets its channel, briefing and a page naming it; once, though a chat process sweeps too', async () => {
    rooms = await outboundRooms(opsbot, slackEnv(), logger);
    const workflows = startMcpWorkflows({ gateway: opsbot.gateway, kv: opsbot.kv, log: (line) => void logged.push(line), config: opsbot.config, rooms: rooms! });
    const session = await connectInMemory(opsbot.gateway, 'U00SRE', 'accept');
    try {
      const declared = await call(session.client, 'incident_declare', { title: 'db failover', severity: 'high' });
      expect(declared.envelope.status).toBe('succeeded');
      await workflows.idle();
      await expectRoomAndBriefing();
      await chatProcessSweeps();
      await expectRoomAndBriefing();
    } finally {
      workflows.stop();
      await session.close();
    }
    expect(logged).toEqual([]);
  });

  it('confirmed with `opsbot confirm` (another process): the MCP server’s sweep opens the room and briefs it', async () => {
    const proposed = await opsbot.gateway.call({ tool: 'incident_declare', args: { title: 'db failover', severity: 'high' }, actor: 'U00SRE', origin: { frontEnd: 'mcp', session: 'elsewhere' } });
    if (proposed.status !== 'pending') throw new Error(proposed.text);
    await opsbot.gateway.confirm(proposed.action.id, 'U00SRE', { frontEnd: 'cli' });
    rooms = await outboundRooms(opsbot, slackEnv(), logger);
    const workflows = startMcpWorkflows({ gateway: opsbot.gateway, kv: opsbot.kv, log: (line) => void logged.push(line), config: opsbot.config, rooms: rooms! });
    try {
      await workflows.sweep();
      await workflows.idle();
      await expectRoomAndBriefing();
      await workflows.sweep();
      await workflows.idle();
      await expectRoomAndBriefing();
    } finally {
      workflows.stop();
    }
  });

  it('with no chat configured the shell only pages, and a chat process started later still opens the room (without paging again)', async () => {
    expect(await outboundRooms(opsbot, {}, logger)).toBeUndefined();
    const printed = await shellDeclares(undefined);
    expect(printed).toContain('Paging the incident commander needs a confirmation:');
    expect(fake.createdChannels).toHaveLength(0);
    const [page] = await pages();
    expect(page!.args.message).not.toContain('Join #');

    await chatProcessSweeps();
    expect(fake.createdChannels).toHaveLength(1);
    const room = fake.createdChannels[0]!;
    expect(briefingsIn(room.id)).toHaveLength(1);
    expect(await pages()).toHaveLength(1);
    // The briefing says what the page (sent from the shell) is waiting for.
    const briefing = [...fake.messages.values()].find((message) => message.channel === room.id && message.text.startsWith(':clipboard: *Briefing'))!;
    expect(briefing.text).toContain(`*Paged:*\n> Paging the incident commander`);
    expect(briefing.text).toContain(`awaits confirmation (action ${page!.id})`);
    // A second sweep finds the room open.
    await chatProcessSweeps();
    expect(fake.createdChannels).toHaveLength(1);
    expect(briefingsIn(room.id)).toHaveLength(1);
  });
});

describe('an incident declared from the shell when the chat platform refuses', () => {
  it('still pages the commander, without a room, and says why there is none', async () => {
    fake.fail('conversations.create', 'invalid_auth');
    rooms = await outboundRooms(opsbot, slackEnv(), logger);
    const printed = await shellDeclares(rooms);
    expect(fake.createdChannels).toHaveLength(0);
    const [page] = await pages();
    expect(await pages()).toHaveLength(1);
    expect(page!.args.message).toMatch(/^INC-\S+ \(high\): db failover\.$/);
    expect(printed).toContain('Paging the incident commander needs a confirmation:');
    expect(printed).toMatch(/no room for INC-\S+ \(paging the commander without one\): .*invalid_auth/);
    expect(printed).not.toContain(BOT_TOKEN);
  });
});

describe('what the shell writes to the outbox, where a chat platform is configured', () => {
  it('a status update made in the shell reaches the incident room from the shell itself, with no chat process running', async () => {
    rooms = await outboundRooms(opsbot, slackEnv(), logger);
    await shellDeclares(rooms);
    const room = await expectRoomAndBriefing();
    const [declared] = (await opsbot.gateway.listActions(20)).filter((action) => action.tool === 'incident_declare');
    const id = (declared!.result!.data as { incident: { id: string } }).incident.id;
    // A later shell session (the first one ended, its outbox worker with it) makes the update.
    rooms = await outboundRooms(opsbot, slackEnv(), logger);
    const origin = { frontEnd: 'shell' as const, conversationId: 'shell:later' };
    const proposed = await opsbot.gateway.call({ tool: 'incident_update', args: { id, status: 'identified', note: 'bad deploy found' }, actor: 'U00SRE', origin });
    if (proposed.status !== 'pending') throw new Error(proposed.text);
    expect((await opsbot.gateway.confirm(proposed.action.id, 'U00SRE', origin)).status).toBe('executed');
    await fake.waitFor(() => [...fake.messages.values()].some((message) => message.text.includes('bad deploy found')), 5_000);
    await expect.poll(async () => (await opsbot.outbox.list(['pending', 'sending'])).length, { timeout: 5_000 }).toBe(0);
    const updates = [...fake.messages.values()].filter((message) => message.channel === room.id && message.text.includes('bad deploy found'));
    expect(updates.map((message) => message.text)).toEqual([expect.stringContaining('status *identified*')]);
    expect(await opsbot.outbox.list(['pending', 'sending', 'blocked', 'failed'])).toEqual([]);
    // Still once after a chat process starts on the same store and sweeps.
    await chatProcessSweeps();
    expect([...fake.messages.values()].filter((message) => message.text.includes('bad deploy found'))).toHaveLength(1);
  });
});

describe('which platform a room declared from the shell or MCP goes on', () => {
  const mattermost = { url: 'http://127.0.0.1:9', token: 'env:MM_TOKEN', commandToken: 'env:MM_COMMAND', actionSecret: 'env:MM_ACTION' };
  const mattermostEnv = { MM_TOKEN: 'mm-token-outbound-1', MM_COMMAND: 'mm-command-outbound-1', MM_ACTION: 'mm-action-outbound-1' };
  let configured: TestOpsbot | undefined;
  // Each one sends the outbox while it runs: stopped before its store closes.
  const running: OutboundRooms[] = [];
  const opened = async (made: Promise<OutboundRooms | undefined>) => {
    const rooms = await made;
    if (rooms) running.push(rooms);
    return rooms;
  };
  const stopOpened = async () => {
    for (const rooms of running.splice(0)) await rooms.stop();
  };
  afterEach(async () => {
    await stopOpened();
    await configured?.cleanup();
  });

  it('the platform of incidents.announceChannel, else Slack, else the first chat: names; a platform whose secrets are missing is left out', async () => {
    configured = await testOpsbot({ overrides: { chat: { mattermost } } });
    expect((await opened(outboundRooms(configured, { ...slackEnv(), ...mattermostEnv }, logger)))?.platform).toBe('slack');
    expect((await opened(outboundRooms(configured, mattermostEnv, logger)))?.platform).toBe('mattermost');
    await stopOpened();
    await configured.cleanup();
    configured = await testOpsbot({ overrides: { chat: { mattermost }, incidents: { announceChannel: 'mattermost:k8xannounce0000000000000000' } } });
    expect((await opened(outboundRooms(configured, { ...slackEnv(), ...mattermostEnv }, logger)))?.platform).toBe('mattermost');
    expect(logged).toEqual([]);
    // Mattermost's secrets unset: the shell still starts, with rooms on Slack, and the log says why.
    expect((await opened(outboundRooms(configured, slackEnv(), logger)))?.platform).toBe('slack');
    expect(logged.join('\n')).toMatch(/chat platforms cannot post from here: .*MM_TOKEN is not set/s);
    expect(fake.calls).toHaveLength(0);
  });
});
