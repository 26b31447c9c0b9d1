import type { PeerMessage, ConversationHarness } from '../conversation/port-contract.js';
import { createTeamsPort, type TeamsStartOptions } from '../../../src/bot/teams/start-teams.js';
import type { TeamsPort } from '../../../src/bot/teams/teams-port.js';
import { MESSAGING_PATH } from '../../../src/bot/teams/teams-endpoint.js';
import { BotFrameworkSigner } from './bot-framework-signer.js';
import { FakeBotFramework, type HeldActivity } from './fake-bot-framework.js';
import { cardActionInvoke, channelMessage, type ActivityContext } from './teams-activities.js';

export const TEAMS_APP_ID = '6f1c2a55-3b1e-4c7e-9a0d-0123456789ab';
export const TEAMS_TENANT_ID = '72f988bf-86f1-41af-91ab-2d7cd011db47';
const APP_PASSWORD = 'teams-app-password-for-tests';
export const CHANNEL = '19:ops0123456789abcdef@thread.tacv2';
export const REFUSED_CHANNEL = '19:locked0123456789@thread.tacv2';
export const INCIDENT_CHANNEL = '19:incidents0123456789@thread.tacv2';
export const USER = '8d2e1f3a-0000-4a1b-9c2d-00000000aaaa';

/** A Teams port wired to a fresh loopback Bot Framework (activities may name a regional service URL), with the means to send it activities as Teams does. */
export interface TeamsTestbed {
  fake: FakeBotFramework;
  port: TeamsPort;
  context: ActivityContext;
  /** Where the started port listens (`http://127.0.0.1:…/api/messages`). */
  endpointUrl(): string;
  /** POSTs an activity to the port's endpoint with a bearer token (a valid one unless given). */
  deliver(activity: Record<string, unknown>, token?: string): Promise<Response>;
  validToken(): Promise<string>;
}

export async function teamsTestbed(options: TeamsStartOptions = {}): Promise<TeamsTestbed> {
  const fake = await FakeBotFramework.start({ appId: TEAMS_APP_ID, appPassword: APP_PASSWORD, tenantId: TEAMS_TENANT_ID, channels: [CHANNEL, INCIDENT_CHANNEL], refusedChannels: [REFUSED_CHANNEL] });
  const env = { TEAMS_APP_ID, TEAMS_APP_PASSWORD: APP_PASSWORD, TEAMS_TENANT_ID };
  const port = createTeamsPort(
    { appId: 'env:TEAMS_APP_ID', appPassword: 'env:TEAMS_APP_PASSWORD', tenantId: 'env:TEAMS_TENANT_ID', port: 0, host: '127.0.0.1', openIdMetadataUrl: fake.openIdMetadataUrl, serviceUrl: fake.serviceUrl, tokenUrl: fake.tokenUrl, incidentChannel: INCIDENT_CHANNEL },
    env,
    { people: options.people ?? { U00LEAD: { name: 'Lea Lead', ids: { teams: USER } } } },
  );
  const context: ActivityContext = { serviceUrl: fake.serviceUrl, appId: TEAMS_APP_ID, tenantId: TEAMS_TENANT_ID, channel: CHANNEL, aadObjectId: USER };
  let listening: string | undefined;
  const start = port.start.bind(port);
  port.start = async (handlers) => {
    const where = await start(handlers);
    listening = `http://127.0.0.1:${where.port}${MESSAGING_PATH}`;
    return where;
  };
  const validToken = (): Promise<string> => fake.signer.token({ audience: TEAMS_APP_ID, serviceUrl: context.serviceUrl });
  const endpointUrl = (): string => {
    if (!listening) throw new Error('Teams port not started');
    return listening;
  };
  return {
    fake,
    port,
    context,
    endpointUrl,
    validToken,
    async deliver(activity, token) {
      const conversation = activity.conversation as { id?: string } | undefined;
      if (activity.type === 'message' && typeof activity.id === 'string' && conversation?.id) {
        const [channel, root] = conversation.id.split(';messageid=') as [string, string | undefined];
        fake.recordPersonMessage(channel, activity.id, root !== activity.id ? root : undefined);
      }
      return fetch(endpointUrl(), { method: 'POST', headers: { authorization: `Bearer ${token ?? (await validToken())}`, 'content-type': 'application/json' }, body: JSON.stringify(activity) });
    },
  };
}

/** The contract's view of a Teams peer. */
export async function teamsHarness(): Promise<ConversationHarness> {
  const bed = await teamsTestbed();
  const { fake } = bed;
  const signedRequest = async (token: string) => {
    const rawBody = Buffer.from(JSON.stringify(channelMessage(bed.context, { text: 'status frontend' })));
    return { method: 'POST', path: MESSAGING_PATH, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, rawBody };
  };
  return {
    port: bed.port,
    channel: CHANNEL,
    refusedChannel: REFUSED_CHANNEL,
    user: USER,
    messages: async () => fake.activities.map((held) => peerMessage(held, fake)),
    files: async () =>
      fake.activities.flatMap((held) =>
        attachmentsOf(held)
          .filter((attachment) => attachment.contentUrl?.startsWith('data:'))
          .map((attachment) => ({ channel: held.conversation, ...(held.thread ? { thread: held.thread } : {}), filename: attachment.name ?? '', bytes: Buffer.from(attachment.contentUrl!.split(',')[1]!, 'base64') })),
      ),
    // The Bot Framework has no API for a bot to pin a message.
    pinned: async () => [],
    // A war room is a channel post's reply chain, addressed by the chain's conversation id; its people are those it mentions.
    openedChannels: async () =>
      fake.posts.map((post) => {
        const root = fake.activities.find((held) => held.conversation === post.channel && held.id === post.id)!;
        const message = peerMessage(root, fake);
        return { id: `${post.channel};messageid=${post.id}`, name: message.text, members: mentionedIds(root) };
      }),
    sendMessage: async ({ text, thread }) => void (await expectOk(bed.deliver(channelMessage(bed.context, { text, ...(thread ? { thread } : {}) })))),
    sendClick: async ({ message, actionId, value, clicker }) =>
      void (await expectOk(bed.deliver(cardActionInvoke({ ...bed.context, aadObjectId: clicker }, { cardId: message.id, ...(message.thread ? { thread: message.thread } : {}), verb: actionId, value })))),
    signedRequest: async () => signedRequest(await bed.validToken()),
    // Same kid and claims, but signed by a key Teams never published.
    forgedRequest: async () => signedRequest(await (await BotFrameworkSigner.create(fake.signer.kid)).token({ audience: TEAMS_APP_ID, serviceUrl: fake.serviceUrl })),
    rateLimitNext: (seconds) => fake.rateLimitNext(seconds),
    close: () => fake.close(),
  };
}

async function expectOk(response: Promise<Response>): Promise<void> {
  const answer = await response;
  if (answer.status !== 200) throw new Error(`Teams endpoint answered ${answer.status}`);
}

type Attachment = { contentType?: string; content?: CardJson; contentUrl?: string; name?: string };
type CardJson = { body?: Element[]; actions?: Array<{ type?: string; verb?: string; title?: string; data?: { value?: string } }> };
type Element = { type?: string; text?: string; items?: Element[]; facts?: Array<{ title: string; value: string }> };

function attachmentsOf(held: HeldActivity): Attachment[] {
  return (held.activity.attachments as Attachment[] | undefined) ?? [];
}

/** Every text of an activity as Teams would show it: TextBlocks, facts and the message text, markup and all. */
function peerMessage(held: HeldActivity, fake: FakeBotFramework): PeerMessage {
  const lines: string[] = typeof held.activity.text === 'string' ? [held.activity.text] : [];
  const buttons: PeerMessage['buttons'] = [];
  const walk = (elements: Element[] = []): void => {
    for (const element of elements) {
      if (element.type === 'TextBlock' && element.text) lines.push(element.text);
      for (const fact of element.facts ?? []) lines.push(`${fact.title}: ${fact.value}`);
      walk(element.items);
    }
  };
  for (const attachment of attachmentsOf(held)) {
    if (attachment.contentType !== 'application/vnd.microsoft.card.adaptive') continue;
    walk(attachment.content?.body);
    for (const action of attachment.content?.actions ?? []) {
      if (action.type === 'Action.Execute') buttons.push({ actionId: action.verb ?? '', value: action.data?.value ?? '', label: action.title ?? '' });
    }
  }
  const conversation = fake.conversations.get(held.conversation);
  const warRoot = fake.posts.find((post) => post.channel === held.conversation && (post.id === held.id || post.id === held.thread));
  return {
    channel: warRoot ? `${warRoot.channel};messageid=${warRoot.id}` : held.conversation,
    id: held.id,
    ...(held.thread ? { thread: held.thread } : {}),
    text: lines.join('\n'),
    buttons,
    ...(conversation?.kind === 'personal' ? { visibleTo: conversation.members[0] } : {}),
  };
}

function mentionedIds(held: HeldActivity): string[] {
  return attachmentsOf(held).flatMap((attachment) => ((attachment.content as { msteams?: { entities?: Array<{ mentioned?: { id?: string } }> } } | undefined)?.msteams?.entities ?? []).map((entity) => entity.mentioned?.id ?? ''));
}
