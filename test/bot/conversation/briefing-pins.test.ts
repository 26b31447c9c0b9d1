import { afterEach, describe, expect, it } from 'vitest';
import { startMcpWorkflows } from '../../../src/bot/mcp/mcp-workflows.js';
import { outboundRooms } from '../../../src/bot/outbound-rooms.js';
import { RoomPoster } from '../../../src/bot/conversation/room-poster.js';
import { SendFailure } from '../../../src/bot/outbox/card-sender.js';
import type { ConfigInput } from '../../../src/config/schema.js';
import { APPLICATION_ID, BOT_TOKEN as DISCORD_TOKEN, discordHarness } from '../../support/discord/discord-harness.js';
import { FakeDiscordApi } from '../../support/discord/fake-discord-api.js';
import { InteractionSender } from '../../support/discord/interaction-sender.js';
import { FakeMattermostServer } from '../../support/mattermost/fake-mattermost-server.js';
import { mattermostSetup } from '../../support/mattermost/mattermost-harness.js';
import { testOpsbot } from '../../support/test-opsbot.js';

type TestOpsbot = Awaited<ReturnType<typeof testOpsbot>>;

const CLI = { frontEnd: 'cli' } as const;
const cleanups: Array<() => Promise<void>> = [];
const warnings: string[] = [];
const logger = { info: () => undefined, warn: (line: string) => void warnings.push(line), error: (line: string) => void warnings.push(line) };

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  warnings.length = 0;
});

/** An incident declared over MCP in a process whose only chat is `chat`, posted to without listening: its room and briefing. */
async function declareWith(chat: ConfigInput['chat'], env: NodeJS.ProcessEnv): Promise<TestOpsbot> {
  const opsbot = await testOpsbot({ overrides: { chat } });
  cleanups.push(() => opsbot.cleanup());
  const rooms = await outboundRooms(opsbot, env, logger);
  const workflows = startMcpWorkflows({ gateway: opsbot.gateway, kv: opsbot.kv, log: (line) => void warnings.push(line), config: opsbot.config, rooms: rooms! });
  cleanups.push(async () => workflows.stop());
  const proposed = await opsbot.gateway.call({ tool: 'incident_declare', args: { title: 'checkout errors', severity: 'high' }, actor: 'U00SRE', origin: { frontEnd: 'mcp', session: 'pins' } });
  if (proposed.status !== 'pending') throw new Error(proposed.text);
  await opsbot.gateway.confirm(proposed.action.id, 'U00SRE', CLI);
  await workflows.idle();
  return opsbot;
}

describe('the briefing is pinned where the platform lets a bot pin', () => {
  it('in a Mattermost room: POST /posts/{briefing}/pin', async () => {
    const server = await new FakeMattermostServer().start();
    cleanups.push(() => server.close());
    const env = { MM_TOKEN: server.token, MM_COMMAND: 'mm-command-pins-1', MM_ACTION: 'mm-action-pins-1' };
    await declareWith({ mattermost: { url: server.url, token: 'env:MM_TOKEN', commandToken: 'env:MM_COMMAND', actionSecret: 'env:MM_ACTION' } }, env);
    const room = [...server.channels.values()].find((channel) => channel.created)!;
    expect(room.name).toMatch(/checkout-errors/);
    const briefing = [...server.posts.values()].find((post) => post.channel_id === room.id && post.message.includes('Briefing for'))!;
    expect(briefing.message).not.toContain('gathering');
    expect(server.requests.filter((request) => request.method === 'POST' && request.path.endsWith('/pin')).map((request) => request.path)).toEqual([`/posts/${briefing.id}/pin`]);
    expect([...server.posts.values()].filter((post) => post.is_pinned).map((post) => post.id)).toEqual([briefing.id]);
    expect(warnings.filter((line) => line.includes('pinning'))).toEqual([]);
  });

  it('in a Discord room: PUT /channels/{room}/messages/pins/{briefing}', async () => {
    const peer = await new FakeDiscordApi({ botToken: DISCORD_TOKEN, applicationId: APPLICATION_ID }).start();
    cleanups.push(() => peer.close());
    const sender = new InteractionSender(peer, APPLICATION_ID);
    await declareWith({ discord: { applicationId: APPLICATION_ID, publicKey: 'env:DISCORD_KEY', botToken: 'env:DISCORD_TOKEN', apiUrl: peer.apiUrl } }, { DISCORD_KEY: sender.publicKeyHex, DISCORD_TOKEN });
    const room = [...peer.channels.values()].find((channel) => channel.permission_overwrites)!;
    expect(room.name).toMatch(/checkout-errors/);
    const briefing = [...peer.messages.values()].find((message) => message.channel_id === room.id && message.content.includes('Briefing for'))!;
    expect(briefing.content).not.toContain('gathering');
    expect(peer.callsTo('PUT', /\/pins\//).map((call) => call.path)).toEqual([`/channels/${room.id}/messages/pins/${briefing.id}`]);
    expect(briefing.pinned).toBe(true);
    expect(warnings.filter((line) => line.includes('pinning'))).toEqual([]);
  });
});

describe('a pin the platform refuses', () => {
  it('is a SendFailure waiting for a person, on Discord (50013 Missing Permissions) and Mattermost (403); the poster logs it and goes on', async () => {
    const discord = await discordHarness();
    cleanups.push(() => discord.close());
    discord.peer.refusePins(discord.channel);
    const onDiscord = await discord.port.post({ channel: discord.channel }, { text: ['briefing'] });
    const refused = await discord.port.pin(onDiscord).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(SendFailure);
    expect(refused).toMatchObject({ kind: 'needs_person', reason: 'discord 50013: Missing Permissions' });

    const mattermost = await mattermostSetup();
    cleanups.push(() => mattermost.server.close());
    mattermost.server.pinsRefused.add(mattermost.channel);
    const onMattermost = await mattermost.port.post({ channel: mattermost.channel }, { text: ['briefing'] });
    expect(await mattermost.port.pin(onMattermost).catch((error: unknown) => error)).toMatchObject({ kind: 'needs_person', reason: 'api.context.permissions.app_error' });

    const opsbot = await testOpsbot();
    cleanups.push(() => opsbot.cleanup());
    const poster = new RoomPoster({ kv: opsbot.kv, ports: [discord.port, mattermost.port], logger });
    await poster.pin({ conversation: `discord:${discord.channel}`, ts: onDiscord.id });
    await poster.pin({ conversation: `mattermost:${mattermost.channel}`, ts: onMattermost.id });
    expect(warnings).toEqual([
      `pinning the briefing in discord:${discord.channel}: needs_person: discord 50013: Missing Permissions`,
      `pinning the briefing in mattermost:${mattermost.channel}: needs_person: api.context.permissions.app_error`,
    ]);
    expect(discord.peer.messages.get(onDiscord.id)?.pinned).toBeUndefined();
  });
});
