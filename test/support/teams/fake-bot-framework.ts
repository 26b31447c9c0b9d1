import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { BOT_FRAMEWORK_ISSUER, BotFrameworkSigner } from './bot-framework-signer.js';

/** An activity the fake Bot Connector holds, edits applied. */
export interface HeldActivity {
  conversation: string;
  id: string;
  /** The reply chain root, when posted into `…;messageid=<root>`. */
  thread?: string;
  activity: Record<string, unknown>;
}

/** A conversation the Bot Connector knows: a team channel the bot is installed in, or a chat created through it. */
export interface HeldConversation {
  id: string;
  kind: 'channel' | 'personal';
  members: string[];
}

/** What the fake knows: the app registration and the channels the app is installed in (or refused from). */
export interface FakeBotFrameworkOptions {
  appId: string;
  appPassword: string;
  tenantId: string;
  channels: string[];
  /** Channels where the bot is not in the roster: posts get 403 BotNotInConversationRoster. */
  refusedChannels?: string[];
}

/** Teams refuses bot messages over about 28 KB. */
const MESSAGE_LIMIT_BYTES = 28 * 1024;

/**
 * A loopback stand-in for the three Microsoft services a Teams bot meets, in their documented wire formats: the
 * Bot Framework OpenID metadata and JWKS (`/v1/.well-known/…`), the Entra token endpoint for client credentials
 * (`/{tenant}/oauth2/v2.0/token`), and the Bot Connector REST API v3 (`/teams/v3/conversations…`) with its
 * `{ error: { code, message } }` envelope, 429 + `Retry-After`, and the message size limit.
 */
export class FakeBotFramework {
  readonly activities: HeldActivity[] = [];
  readonly conversations = new Map<string, HeldConversation>();
  /** Channel posts started through `POST /v3/conversations` (proactive new threads). */
  readonly posts: Array<{ channel: string; id: string }> = [];
  readonly requests: Array<{ method: string; path: string; authorization?: string }> = [];
  private readonly issued = new Set<string>();
  private rateLimits: number[] = [];
  private server?: Server;
  private activitySequence = 1_766_000_000_000;

  private constructor(
    readonly options: FakeBotFrameworkOptions,
    readonly signer: BotFrameworkSigner,
  ) {
    for (const id of [...options.channels, ...(options.refusedChannels ?? [])]) this.conversations.set(id, { id, kind: 'channel', members: [] });
  }

  static async start(options: FakeBotFrameworkOptions): Promise<FakeBotFramework> {
    const fake = new FakeBotFramework(options, await BotFrameworkSigner.create());
    const server = createServer((request, response) => void fake.handle(request, response));
    fake.server = server;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    return fake;
  }

  get origin(): string {
    return `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}`;
  }
  get openIdMetadataUrl(): string {
    return `${this.origin}/v1/.well-known/openidconfiguration`;
  }
  get tokenUrl(): string {
    return `${this.origin}/${this.options.tenantId}/oauth2/v2.0/token`;
  }
  /** The Bot Connector service URL Teams puts in activities (`https://smba.trafficmanager.net/teams/` in the cloud). */
  get serviceUrl(): string {
    return `${this.origin}/teams/`;
  }

  /** A regional service URL, as Teams gives in activities from tenants homed there. */
  regionalServiceUrl(region: 'amer' | 'emea'): string {
    return `${this.origin}/${region}/`;
  }

  /** Someone posts in a channel (a root post or a reply): Teams holds it, so the bot can reply in its chain. */
  recordPersonMessage(channel: string, id: string, thread?: string): void {
    this.activities.push({ conversation: channel, id, ...(thread ? { thread } : {}), activity: { type: 'message', from: 'person' } });
  }

  /** The next Bot Connector calls answer 429 with this `Retry-After`, one each. */
  rateLimitNext(retryAfterSeconds: number): void {
    this.rateLimits.push(retryAfterSeconds);
  }

  async close(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', this.origin);
    const body = await readBody(request);
    this.requests.push({ method: request.method ?? '', path: url.pathname, ...(request.headers.authorization ? { authorization: request.headers.authorization } : {}) });
    if (request.method === 'GET' && url.pathname === '/v1/.well-known/openidconfiguration') return json(response, 200, this.metadata());
    if (request.method === 'GET' && url.pathname === '/v1/.well-known/keys') return json(response, 200, { keys: [this.signer.publicJwk] });
    if (request.method === 'POST' && url.pathname === `/${this.options.tenantId}/oauth2/v2.0/token`) return this.token(body, response);
    // Teams hands out regional service URLs (`…/amer/`, `…/emea/`) in activities beside the global `…/teams/`.
    const connector = /^\/(teams|amer|emea)\/v3\/(.*)$/.exec(url.pathname);
    if (connector) return this.connector(request.method ?? '', connector[2]!, request.headers.authorization, body, response);
    json(response, 404, { error: { code: 'NotFound', message: 'Not found' } });
  }

  private metadata(): Record<string, unknown> {
    return {
      issuer: BOT_FRAMEWORK_ISSUER,
      authorization_endpoint: 'https://invalid.botframework.com',
      jwks_uri: `${this.origin}/v1/.well-known/keys`,
      id_token_signing_alg_values_supported: ['RS256'],
      token_endpoint_auth_methods_supported: ['private_key_jwt'],
    };
  }

  /** Entra's client-credentials grant (form body in, `{ access_token, expires_in }` or `{ error }` out). */
  private token(raw: Buffer, response: ServerResponse): void {
    const form = new URLSearchParams(raw.toString('utf8'));
    if (form.get('grant_type') !== 'client_credentials') return json(response, 400, { error: 'unsupported_grant_type', error_description: 'AADSTS70003' });
    if (form.get('client_id') !== this.options.appId || form.get('client_secret') !== this.options.appPassword) {
      return json(response, 401, { error: 'invalid_client', error_description: 'AADSTS7000215: Invalid client secret provided.' });
    }
    if (form.get('scope') !== 'https://api.botframework.com/.default') return json(response, 400, { error: 'invalid_scope', error_description: 'AADSTS70011' });
    const accessToken = randomBytes(24).toString('base64url');
    this.issued.add(accessToken);
    json(response, 200, { token_type: 'Bearer', expires_in: 3599, ext_expires_in: 3599, access_token: accessToken });
  }

  private connector(method: string, path: string, authorization: string | undefined, raw: Buffer, response: ServerResponse): void {
    const token = /^Bearer (.+)$/.exec(authorization ?? '')?.[1];
    if (!token || !this.issued.has(token)) return json(response, 401, { message: 'Authorization has been denied for this request.' });
    const wait = this.rateLimits.shift();
    if (wait !== undefined) {
      response.setHeader('retry-after', String(wait));
      return json(response, 429, { error: { code: 'TooManyRequests', message: 'Too many requests' } });
    }
    if (raw.length > MESSAGE_LIMIT_BYTES) return json(response, 413, { error: { code: 'MessageSizeTooBig', message: 'Message size too big' } });
    const body = JSON.parse(raw.toString('utf8') || '{}') as Record<string, unknown>;
    if (method === 'POST' && path === 'conversations') return this.createConversation(body, response);
    const match = /^conversations\/([^/]+)\/activities(?:\/([^/]+))?$/.exec(path);
    if (!match) return json(response, 404, { error: { code: 'NotFound', message: 'Resource not found' } });
    const conversationId = decodeURIComponent(match[1]!);
    const [base, messageId] = conversationId.split(';messageid=') as [string, string | undefined];
    const conversation = this.conversations.get(base);
    if (!conversation) return json(response, 404, { error: { code: 'ConversationNotFound', message: 'Conversation not found.' } });
    if (this.options.refusedChannels?.includes(base)) return json(response, 403, { error: { code: 'BotNotInConversationRoster', message: 'The bot is not part of the conversation roster.' } });
    if (messageId && !this.activities.some((held) => held.conversation === base && held.id === messageId)) {
      return json(response, 404, { error: { code: 'NotFound', message: 'Reply chain root not found.' } });
    }
    if (method === 'POST' && !match[2]) {
      const id = String(++this.activitySequence);
      this.activities.push({ conversation: base, id, ...(messageId ? { thread: messageId } : {}), activity: body });
      return json(response, 201, { id });
    }
    if (method === 'PUT' && match[2]) {
      const held = this.activities.find((activity) => activity.conversation === base && activity.id === decodeURIComponent(match[2]!));
      if (!held) return json(response, 404, { error: { code: 'ActivityNotFoundInConversation', message: 'Activity not found.' } });
      held.activity = body;
      return json(response, 200, { id: held.id });
    }
    json(response, 405, { error: { code: 'BadArgument', message: 'Unsupported method' } });
  }

  /**
   * `POST /v3/conversations`: a 1:1 chat (`a:…`) with one member, or a new post in a team channel the app is
   * installed in (`channelData.channel`, first activity given), answered with the post's reply chain id. Teams
   * cannot create group chats this way and refuses them as Teams does.
   */
  private createConversation(body: Record<string, unknown>, response: ServerResponse): void {
    const members = ((body.members as Array<{ id?: string }> | undefined) ?? []).map((member) => member.id).filter((id): id is string => Boolean(id));
    const channelData = body.channelData as { tenant?: { id?: string }; channel?: { id?: string } } | undefined;
    if ((channelData?.tenant?.id ?? body.tenantId) !== this.options.tenantId) return json(response, 400, { error: { code: 'BadSyntax', message: 'Tenant id is required.' } });
    const channel = channelData?.channel?.id;
    if (channel) return this.createPost(channel, body.activity as Record<string, unknown> | undefined, response);
    if (body.isGroup || members.length !== 1) return json(response, 400, { error: { code: 'BadSyntax', message: 'Incorrect conversation creation parameters' } });
    const existing = [...this.conversations.values()].find((held) => held.kind === 'personal' && held.members[0] === members[0]);
    const id = existing?.id ?? `a:1${randomBytes(16).toString('base64url')}`;
    this.conversations.set(id, { id, kind: 'personal', members });
    json(response, 201, { id, serviceUrl: this.serviceUrl });
  }

  private createPost(channel: string, activity: Record<string, unknown> | undefined, response: ServerResponse): void {
    if (!this.conversations.has(channel)) return json(response, 404, { error: { code: 'ConversationNotFound', message: 'Conversation not found.' } });
    if (this.options.refusedChannels?.includes(channel)) return json(response, 403, { error: { code: 'BotNotInConversationRoster', message: 'The bot is not part of the conversation roster.' } });
    if (!activity) return json(response, 400, { error: { code: 'BadArgument', message: 'Activity is required to start a channel conversation.' } });
    const activityId = String(++this.activitySequence);
    this.activities.push({ conversation: channel, id: activityId, activity });
    this.posts.push({ channel, id: activityId });
    json(response, 201, { id: `${channel};messageid=${activityId}`, activityId, serviceUrl: this.serviceUrl });
  }
}

function json(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json; charset=utf-8' }).end(JSON.stringify(body));
}

async function readBody(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of request as AsyncIterable<Buffer>) chunks.push(chunk);
  return Buffer.concat(chunks);
}
