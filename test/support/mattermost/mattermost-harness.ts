import { MattermostPort } from '../../../src/bot/mattermost/mattermost-port.js';
import type { Config } from '../../../src/config/schema.js';
import type { ConversationHarness } from '../conversation/port-contract.js';
import { FakeMattermostServer } from './fake-mattermost-server.js';
import { clickButton } from './mattermost-integration-calls.js';

/** The secrets a test adapter is configured with (as if read from the environment). */
export const COMMAND_TOKEN = 'mm-command-token-4f9a2c';
export const ACTION_SECRET = 'mm-action-secret-7d3e1b';

/** A fake server, a port pointed at it, and the people a test names. */
export interface MattermostSetup {
  server: FakeMattermostServer;
  port: MattermostPort;
  channel: string;
  refusedChannel: string;
  user: string;
  /** Where the port listens once started (`/mattermost/command`, `/mattermost/action`). */
  inboundUrl(path: string): string;
}

export async function mattermostSetup(options: { people?: Config['people'] } = {}): Promise<MattermostSetup> {
  const server = await new FakeMattermostServer().start();
  const user = server.addUser('lead');
  const channel = server.addChannel('ops', { members: [user] });
  const refusedChannel = server.addChannel('secret-plans', { type: 'P', botMember: false, members: [user] });
  const port = new MattermostPort({ url: server.url, token: server.token, commandToken: COMMAND_TOKEN, actionSecret: ACTION_SECRET, port: 0, host: '127.0.0.1', people: options.people ?? { U00LEAD: { name: 'Lee Lead', ids: { mattermost: user } } } });
  const inboundUrl = (path: string): string => port.actionUrl().replace('/mattermost/action', path);
  return { server, port, channel, refusedChannel, user, inboundUrl };
}

/** The conversation-port contract's harness over the fake server. */
export async function mattermostHarness(): Promise<ConversationHarness> {
  const setup = await mattermostSetup();
  const { server, port } = setup;
  const slashRequest = async (token: string) => {
    const body = new URLSearchParams({ channel_id: setup.channel, channel_name: 'ops', command: '/opsbot', team_id: server.team.id, text: 'status frontend', token, user_id: setup.user, user_name: 'lead' });
    return { method: 'POST', path: '/mattermost/command', headers: { authorization: `Token ${token}`, 'content-type': 'application/x-www-form-urlencoded' }, rawBody: Buffer.from(body.toString()) };
  };
  return {
    port,
    channel: setup.channel,
    refusedChannel: setup.refusedChannel,
    user: setup.user,
    messages: async () =>
      [...server.posts.values()].map((post) => ({
        channel: post.channel_id,
        id: post.id,
        ...(post.root_id ? { thread: post.root_id } : {}),
        text: server.shownText(post),
        buttons: server.buttons(post).map((button) => ({ actionId: String(button.context.action_id), value: String(button.context.value), label: button.name })),
        ...(post.visibleTo ? { visibleTo: post.visibleTo } : {}),
      })),
    files: async () =>
      [...server.posts.values()].flatMap((post) =>
        post.file_ids.map((id) => {
          const file = server.files.get(id)!;
          return { channel: post.channel_id, ...(post.root_id ? { thread: post.root_id } : {}), filename: file.name, bytes: file.bytes };
        }),
      ),
    pinned: async () => [...server.posts.values()].filter((post) => post.is_pinned).map((post) => post.id),
    openedChannels: async () => [...server.channels.values()].filter((channel) => channel.created).map((channel) => ({ id: channel.id, name: channel.name, members: [...channel.members] })),
    // A mention, pushed over the WebSocket API as Mattermost does (slash commands have their own tests).
    sendMessage: async ({ author, text, thread }) => void server.postAs(author, setup.channel, `@${server.bot.username} ${text}`, thread),
    sendClick: async ({ message, actionId, clicker }) => {
      const answer = await clickButton(server, { postId: message.id, actionId, user: clicker });
      if (answer.status !== 200) throw new Error(`click refused: ${answer.status} ${answer.body}`);
    },
    signedRequest: () => slashRequest(COMMAND_TOKEN),
    forgedRequest: () => slashRequest('mm-command-token-guess1'),
    rateLimitNext: (seconds) => server.rateLimitNext(seconds),
    close: () => server.close(),
  };
}
