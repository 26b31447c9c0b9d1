import type { ChatContent } from '../conversation/card.js';
import { SendFailure } from '../outbox/card-sender.js';
import type { ChatFile, ChatPlace, ConversationHandlers, ConversationPort, InboundRequest, PostedRef } from '../conversation/port.js';
import { ADAPTIVE_CARD_CONTENT_TYPE, renderAdaptiveCard } from './adaptive-card.js';
import type { BotConnector, OutgoingActivity } from './bot-connector.js';
import type { BotFrameworkJwt } from './bot-framework-jwt.js';
import { CARD_ACTION_INVOKE, hasReplyChains, inboundClickOf, inboundMessageOf, type TeamsActivity } from './inbound-activity.js';
import { TeamsEndpoint, type EndpointAnswer } from './teams-endpoint.js';
import { fileActivity } from './teams-files.js';
import type { PersonLookup } from './teams-markdown.js';

/** What the Teams adapter is built from; `start-teams.ts` makes it from `chat.teams` and the environment. */
export interface TeamsPortOptions {
  appId: string;
  tenantId: string;
  connector: BotConnector;
  jwt: BotFrameworkJwt;
  /** The Bot Connector service URL for conversations Teams has not yet sent an activity from (proactive posts). */
  serviceUrl: string;
  people: PersonLookup;
  /** The team channel war rooms are started in (`chat.teams.incidentChannel`). */
  incidentChannel?: string;
  port: number;
  host: string;
  onError(error: unknown): void;
}

/** The invoke response to a card click: a short message while the click is worked on (Universal Actions). */
const CLICK_RECEIVED = { statusCode: 200, type: 'application/vnd.microsoft.activity.message', value: 'Received.' };

/**
 * Microsoft Teams as a conversation port: Bot Connector REST v3 out, the Bot Framework messaging endpoint in.
 * Cards are Adaptive Cards with `Action.Execute` buttons; replies go into a channel post's reply chain.
 * Teams has no ephemeral messages in channels, so `tellPrivately` writes in the person's 1:1 chat with the bot;
 * a bot can create neither channels (that takes Microsoft Graph) nor group chats, so `openChannel` starts a new
 * post in the incident channel that mentions the people, and the war room is its reply chain.
 */
export class TeamsPort implements ConversationPort {
  readonly platform = 'teams' as const;
  private readonly endpoint: TeamsEndpoint;
  private handlers?: ConversationHandlers;
  /** Service URL per conversation, as verified activities gave it: Teams routes each tenant's region there. */
  private readonly serviceUrls = new Map<string, string>();
  private readonly personalChats = new Map<string, string>();

  constructor(private readonly options: TeamsPortOptions) {
    this.endpoint = new TeamsEndpoint((headers, rawBody) => this.receive(headers, rawBody), options.onError);
  }

  async post(place: ChatPlace, content: ChatContent): Promise<PostedRef> {
    return this.send(place, this.activityOf(content));
  }

  async update(message: PostedRef, content: ChatContent): Promise<void> {
    const activity = this.activityOf(content);
    await this.options.connector.updateActivity(this.serviceUrlOf(message.channel), this.conversationOf({ channel: message.channel, thread: message.thread }), message.id, activity);
  }

  async tellPrivately(_place: ChatPlace, person: string, content: ChatContent): Promise<void> {
    const chat = this.personalChats.get(person) ?? (await this.createPersonalChat(person));
    this.personalChats.set(person, chat);
    await this.options.connector.sendActivity(this.serviceUrlOf(chat), chat, this.activityOf(content));
  }

  async upload(place: ChatPlace, file: ChatFile): Promise<void> {
    await this.send(place, fileActivity(file));
  }

  async openChannel(name: string, options: { topic?: string; invite: string[] }): Promise<{ channel: string; url?: string }> {
    const { incidentChannel, tenantId, appId } = this.options;
    if (!incidentChannel) throw new SendFailure('needs_person', 'chat.teams.incidentChannel is not set: Teams bots cannot create channels or group chats, so war rooms start as posts there');
    const invited = options.invite.flatMap((id, index) => [index === 0 ? '' : ', ', { person: id }]);
    const root = this.activityOf({
      text: [{ bold: [name] }, ...(options.topic ? ['\n', options.topic] : []), ...(invited.length ? ['\nWith ', ...invited] : [])],
    });
    const created = await this.options.connector.createConversation(this.serviceUrlOf(incidentChannel), {
      isGroup: true,
      bot: { id: appId },
      tenantId,
      channelData: { tenant: { id: tenantId }, channel: { id: incidentChannel } },
      activity: root,
    });
    // The reply chain's own conversation id: posts to it land in the war room's thread.
    const channel = created.id.includes(';messageid=') ? created.id : `${incidentChannel};messageid=${created.activityId ?? ''}`;
    this.serviceUrls.set(channel, this.serviceUrlOf(incidentChannel));
    return { channel };
  }

  /** A Teams bot posts wherever its app is installed; there is nothing to join. */
  async join(): Promise<boolean> {
    return true;
  }

  async verify(request: InboundRequest): Promise<boolean> {
    const activity = parseActivity(request.rawBody);
    return activity ? this.options.jwt.check(request.headers['authorization'], activity) : false;
  }

  async start(handlers: ConversationHandlers): Promise<{ port?: number; address?: string }> {
    this.handlers = handlers;
    return this.endpoint.listen(this.options.port, this.options.host);
  }

  async stop(): Promise<void> {
    this.handlers = undefined;
    await this.endpoint.close();
  }

  private async receive(headers: Record<string, string | undefined>, rawBody: Buffer): Promise<EndpointAnswer> {
    const activity = parseActivity(rawBody);
    // Nothing of an unverified request runs, and it learns nothing about why.
    if (!activity || !(await this.options.jwt.check(headers['authorization'], activity))) return { status: 401 };
    const conversation = activity.conversation?.id;
    if (conversation && activity.serviceUrl) this.serviceUrls.set(conversation.split(';')[0]!, activity.serviceUrl);
    const handlers = this.handlers;
    if (activity.type === 'invoke' && activity.name === CARD_ACTION_INVOKE) {
      const click = inboundClickOf(activity);
      return { status: 200, body: CLICK_RECEIVED, ...(click && handlers ? { after: () => handlers.click(click) } : {}) };
    }
    const message = activity.from?.id === activity.recipient?.id ? undefined : inboundMessageOf(activity);
    return { status: 200, ...(message && message.text && handlers ? { after: () => handlers.message(message) } : {}) };
  }

  private activityOf(content: ChatContent): OutgoingActivity {
    const { card, summary } = renderAdaptiveCard(content, this.options.people);
    return { type: 'message', summary, attachments: [{ contentType: ADAPTIVE_CARD_CONTENT_TYPE, content: card }] };
  }

  private async send(place: ChatPlace, activity: OutgoingActivity): Promise<PostedRef> {
    const thread = place.thread && hasReplyChains(place.channel) ? place.thread : undefined;
    const sent = await this.options.connector.sendActivity(this.serviceUrlOf(place.channel), this.conversationOf(place), { ...activity, ...(thread ? { replyToId: thread } : {}) });
    return { channel: place.channel, id: sent.id, ...(thread ? { thread } : {}) };
  }

  /** A reply goes to the reply chain's own conversation id; chats have no chains, so the chat itself. */
  private conversationOf(place: ChatPlace): string {
    return place.thread && hasReplyChains(place.channel) ? `${place.channel};messageid=${place.thread}` : place.channel;
  }

  private serviceUrlOf(channel: string): string {
    return this.serviceUrls.get(channel) ?? this.options.serviceUrl;
  }

  /** The person's 1:1 chat with the bot (Teams answers the existing one when there is one). */
  private async createPersonalChat(person: string): Promise<string> {
    const { tenantId, appId, serviceUrl } = this.options;
    const created = await this.options.connector.createConversation(serviceUrl, {
      isGroup: false,
      bot: { id: appId },
      members: [{ id: person }],
      tenantId,
      channelData: { tenant: { id: tenantId } },
    });
    this.serviceUrls.set(created.id, serviceUrl);
    return created.id;
  }
}

function parseActivity(rawBody: Buffer): TeamsActivity | undefined {
  try {
    const parsed = JSON.parse(rawBody.toString('utf8')) as unknown;
    return parsed && typeof parsed === 'object' && typeof (parsed as TeamsActivity).type === 'string' ? (parsed as TeamsActivity) : undefined;
  } catch {
    return undefined;
  }
}
