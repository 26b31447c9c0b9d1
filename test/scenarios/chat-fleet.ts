import { CommandRouter } from '../../src/agent/router/command-router.js';
import type { Opsbot } from '../../src/app.js';
import type { ApprovalCards } from '../../src/bot/conversation/approval-cards.js';
import { decodeCustomId } from '../../src/bot/discord/custom-id.js';
import type { ConversationPort } from '../../src/bot/conversation/port.js';
import { createChatPorts, startChatPlatforms, type ChatPlatforms } from '../../src/bot/start-chat-platforms.js';
import { MESSAGING_PATH } from '../../src/bot/teams/teams-endpoint.js';
import { demoConfig } from '../../src/config/demo-config.js';
import type { ConfigInput } from '../../src/config/schema.js';
import { FakeDiscordApi } from '../support/discord/fake-discord-api.js';
import { InteractionSender } from '../support/discord/interaction-sender.js';
import { clickButton } from '../support/mattermost/mattermost-integration-calls.js';
import { FakeMattermostServer } from '../support/mattermost/fake-mattermost-server.js';
import { FakeBotFramework } from '../support/teams/fake-bot-framework.js';
import { cardActionInvoke, channelMessage, type ActivityContext } from '../support/teams/teams-activities.js';

/**
 * Opsbot's three non-Slack platforms as `opsbot` runs them: the real adapters made by createChatPorts from a
 * `chat:` config whose secrets are `env:` names, started by startChatPlatforms, each against its loopback peer.
 * People are the demo's, mapped to platform ids (`people.*.ids`); `stranger` is mapped nowhere.
 */

const TEAMS_APP_ID = '6f1c2a55-3b1e-4c7e-9a0d-0123456789ab';
const TEAMS_TENANT_ID = '72f988bf-86f1-41af-91ab-2d7cd011db47';
const DISCORD_APP_ID = '1180000000000000001';
const DISCORD_BOT_TOKEN = 'MTE4MDAwMDAwMDAwMDAwMDAwMQ.Gx1yZa.discord-bot-token-for-tests';
export const TEAMS_CHANNEL = '19:ops0123456789abcdef@thread.tacv2';

/** Who is who: opsbot identities mapped on every platform, and one person mapped nowhere. */
const CAST = { lee: 'U00LEAD', lou: 'U00LEAD2', vic: 'U00VIEWER' } as const;
type Member = keyof typeof CAST | 'stranger';

/** The three peers, the platform ids of the cast, and what opsbot is configured with to reach them. */
export interface ChatPeers {
  teams: FakeBotFramework;
  mattermost: FakeMattermostServer;
  discord: FakeDiscordApi;
  discordSender: InteractionSender;
  ids: Record<'teams' | 'mattermost' | 'discord', Record<Member, string>>;
  channels: { teams: string; mattermost: string; discord: string };
  /** The `chat:` section and the people, for the config. */
  overrides: Pick<ConfigInput, 'chat' | 'people'>;
  /** The environment the `env:` secrets are read from. */
  env: NodeJS.ProcessEnv;
  close(): Promise<void>;
}

export async function startChatPeers(): Promise<ChatPeers> {
  const teamsAppPassword = 'teams-app-password-for-tests';
  const teams = await FakeBotFramework.start({ appId: TEAMS_APP_ID, appPassword: teamsAppPassword, tenantId: TEAMS_TENANT_ID, channels: [TEAMS_CHANNEL] });
  const mattermost = await new FakeMattermostServer().start();
  const discord = await new FakeDiscordApi({ botToken: DISCORD_BOT_TOKEN, applicationId: DISCORD_APP_ID }).start();
  const discordSender = new InteractionSender(discord, DISCORD_APP_ID);
  const members: Member[] = ['lee', 'lou', 'vic', 'stranger'];
  const ids = {
    teams: Object.fromEntries(members.map((member, index) => [member, `8d2e1f3a-0000-4a1b-9c2d-00000000000${index}`])) as Record<Member, string>,
    mattermost: Object.fromEntries(members.map((member) => [member, mattermost.addUser(member)])) as Record<Member, string>,
    discord: Object.fromEntries(members.map((member) => [member, discord.newId()])) as Record<Member, string>,
  };
  const channels = { teams: TEAMS_CHANNEL, mattermost: mattermost.addChannel('ops', { members: Object.values(ids.mattermost) }), discord: discord.addChannel('ops') };
  const people = { ...demoConfig.people };
  for (const [member, person] of Object.entries(CAST) as Array<[keyof typeof CAST, string]>) {
    people[person] = { ...people[person]!, ids: { teams: ids.teams[member], mattermost: ids.mattermost[member], discord: ids.discord[member] } };
  }
  const env = {
    TEAMS_APP_ID,
    TEAMS_APP_PASSWORD: teamsAppPassword,
    TEAMS_TENANT_ID,
    MATTERMOST_TOKEN: mattermost.token,
    MATTERMOST_COMMAND_TOKEN: 'mm-command-token-4f9a2c',
    MATTERMOST_ACTION_SECRET: 'mm-action-secret-7d3e1b',
    DISCORD_BOT_TOKEN,
    DISCORD_PUBLIC_KEY: discordSender.publicKeyHex,
  };
  const chat: ConfigInput['chat'] = {
    teams: { appId: 'env:TEAMS_APP_ID', appPassword: 'env:TEAMS_APP_PASSWORD', tenantId: 'env:TEAMS_TENANT_ID', port: 0, openIdMetadataUrl: teams.openIdMetadataUrl, serviceUrl: teams.serviceUrl, tokenUrl: teams.tokenUrl },
    mattermost: { url: mattermost.url, token: 'env:MATTERMOST_TOKEN', commandToken: 'env:MATTERMOST_COMMAND_TOKEN', actionSecret: 'env:MATTERMOST_ACTION_SECRET', port: 0 },
    discord: { applicationId: DISCORD_APP_ID, publicKey: 'env:DISCORD_PUBLIC_KEY', botToken: 'env:DISCORD_BOT_TOKEN', port: 0, apiUrl: discord.apiUrl },
  };
  return {
    teams,
    mattermost,
    discord,
    discordSender,
    ids,
    channels,
    overrides: { chat, people },
    env,
    async close() {
      await teams.close();
      await mattermost.close();
      await discord.close();
    },
  };
}

/** The platforms running in opsbot, and each peer's way of talking to them. */
export interface ChatFleet {
  peers: ChatPeers;
  platforms: ChatPlatforms;
  logs: string[];
  /** Waits until no turn, click or card update is left on any platform. */
  settle(): Promise<void>;
  /** A Teams channel message mentioning opsbot, from a member (a new post unless `thread`); its activity id. */
  teamsSay(who: Member, text: string, thread?: string): Promise<string>;
  /** A message in the member's 1:1 chat with opsbot; the chat's conversation id and the activity id. */
  teamsDirect(who: Member, text: string): Promise<{ chat: string; id: string }>;
  /** An Action.Execute click on a card opsbot posted in the Teams channel. */
  teamsClick(who: Member, card: { id: string; thread?: string }, verb: string, value: string): Promise<void>;
  /** A mention in the Mattermost channel, pushed over the WebSocket API; the post id. */
  mattermostSay(who: Member, text: string): Promise<string>;
  mattermostClick(who: Member, postId: string, actionId: string): Promise<{ status: number; body: string }>;
  /** `/opsbot text` in the Discord channel, as a signed interaction; its token. */
  discordSay(who: Member, text: string): Promise<string>;
  discordClick(who: Member, messageId: string, actionId: string): Promise<void>;
  stop(): Promise<void>;
}

/** A logger that keeps lines, for a test to read. */
export function fleetLogger(logs: string[]) {
  return { info: (line: string) => void logs.push(`info ${line}`), warn: (line: string) => void logs.push(`warn ${line}`), error: (line: string) => void logs.push(`error ${line}`) };
}

/** Starts the configured platforms on `opsbot` (made with the peers' overrides and env) as `opsbot start` does. */
export async function startChatFleet(opsbot: Opsbot, peers: ChatPeers, options: { cards?: ApprovalCards; ports?: ConversationPort[]; outbox?: boolean } = {}): Promise<ChatFleet> {
  const logs: string[] = [];
  const ports = options.ports ?? (await createChatPorts(opsbot.config, peers.env, fleetLogger(logs)));
  const router = new CommandRouter(opsbot.gateway, opsbot.config);
  const platforms = await startChatPlatforms(opsbot, { ports, responder: router, router, logger: fleetLogger(logs), ...(options.cards ? { cards: options.cards } : {}), ...(options.outbox === false ? { outbox: false } : {}) });
  const listening = (platform: string) => platforms.frontEnds[ports.findIndex((port) => port.platform === platform)]!.port!;
  peers.discordSender.endpoint = `http://127.0.0.1:${listening('discord')}/discord/interactions`;
  const teamsContext = (who: Member): ActivityContext => ({ serviceUrl: peers.teams.serviceUrl, appId: TEAMS_APP_ID, tenantId: TEAMS_TENANT_ID, channel: TEAMS_CHANNEL, aadObjectId: peers.ids.teams[who] });
  const teamsDeliver = async (activity: Record<string, unknown>) => {
    const token = await peers.teams.signer.token({ audience: TEAMS_APP_ID, serviceUrl: peers.teams.serviceUrl });
    const response = await fetch(`http://127.0.0.1:${listening('teams')}${MESSAGING_PATH}`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(activity) });
    if (response.status !== 200) throw new Error(`Teams endpoint answered ${response.status}`);
  };
  const settle = async () => {
    for (let round = 0; round < 3; round += 1) for (const frontEnd of platforms.frontEnds) await frontEnd.idle();
  };
  return {
    peers,
    platforms,
    logs,
    settle,
    async teamsSay(who, text, thread) {
      const activity = channelMessage(teamsContext(who), { text, ...(thread ? { thread } : {}) });
      // Teams holds the person's message before it reaches the bot: replies may name it as their chain root.
      peers.teams.recordPersonMessage(TEAMS_CHANNEL, activity.id as string, thread);
      await teamsDeliver(activity);
      return activity.id as string;
    },
    async teamsDirect(who, text) {
      const aadObjectId = peers.ids.teams[who];
      const chat = `a:1${aadObjectId.replace(/-/g, '')}`;
      // The chat exists in Teams once the person installed the app; the bot may then write in it.
      peers.teams.conversations.set(chat, { id: chat, kind: 'personal', members: [aadObjectId] });
      const activity = channelMessage(teamsContext(who), { text });
      const { channelData: _channel, ...rest } = activity;
      const direct = { ...rest, text, entities: [], conversation: { id: chat, conversationType: 'personal', tenantId: TEAMS_TENANT_ID }, channelData: { tenant: { id: TEAMS_TENANT_ID } } };
      await teamsDeliver(direct);
      return { chat, id: activity.id as string };
    },
    async teamsClick(who, card, verb, value) {
      await teamsDeliver(cardActionInvoke(teamsContext(who), { cardId: card.id, ...(card.thread ? { thread: card.thread } : {}), verb, value }));
    },
    async mattermostSay(who, text) {
      return peers.mattermost.postAs(peers.ids.mattermost[who], peers.channels.mattermost, `@${peers.mattermost.bot.username} ${text}`).id;
    },
    async mattermostClick(who, postId, actionId) {
      return clickButton(peers.mattermost, { postId, actionId, user: peers.ids.mattermost[who] });
    },
    async discordSay(who, text) {
      const interaction = peers.discordSender.command({ user: peers.ids.discord[who], channel: peers.channels.discord, text });
      const answer = await peers.discordSender.send(interaction);
      if (answer.status !== 200) throw new Error(`Discord interaction refused: ${answer.status}`);
      return interaction.token;
    },
    async discordClick(who, messageId, actionId) {
      const message = peers.discord.messages.get(messageId);
      const button = message?.components.flatMap((row) => row.components).find((component) => component.custom_id && decodeCustomId(component.custom_id)?.actionId === actionId);
      if (!message || !button?.custom_id) throw new Error(`no button ${actionId} on Discord message ${messageId}`);
      const channel = peers.discord.channels.get(message.channel_id);
      const place = channel?.parent_id ? { channel: channel.parent_id, thread: channel.id } : { channel: message.channel_id };
      const answer = await peers.discordSender.send(peers.discordSender.click({ user: peers.ids.discord[who], ...place, messageId, customId: button.custom_id }));
      if (answer.status !== 200) throw new Error(`Discord interaction refused: ${answer.status}`);
    },
    async stop() {
      await platforms.stop();
    },
  };
}

/** What `find` returns once it returns something, checking while the platforms work (events over WebSocket arrive on their own time). */
export async function eventually<T>(fleet: ChatFleet, find: () => T | undefined | false, what: string): Promise<T> {
  for (let attempt = 0; attempt < 100; attempt += 1) {
    await fleet.settle();
    const found = find();
    if (found) return found;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`never happened: ${what}`);
}
